"""Between the upload and the confirmation: the plan read from the file, kept in the user's
session (JSON, `ExtractedPlan.as_dict`), and the review page's forms built from it.

Nothing here writes to the database. The session holds one import at a time, under a random
token that the review page's form carries, with the tenant, unit and user it was read for:
the confirmation refuses it for any other (`stored_import`).
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from campaign.models import Campaign, KpiIndicator
from campaign.selectors import external_plans, plans_to_build_on, receiving_units
from campaign.services import DEFAULT_INDICATORS
from core.text import fold
from units.models import Unit

from .forms import (
    SCALARS,
    WHOLE_PERIOD,
    DeadlineItemForm,
    ItemForm,
    ParticipantItemForm,
    PhaseItemForm,
    ScheduleItemForm,
    TargetItemForm,
    TextItemForm,
    UploadForm,
    UpperPlanForm,
    scalar_form,
)

SESSION_KEY = "plan_import"

# The letterhead values each kind of import records, in the order of the page.
OWN_SCALARS = ("title", "start", "end")
UPPER_SCALARS = ("number", "issued_on", "issuing_body", "title")
# Read and shown for checking, not recorded: an own plan gets its number and date at launch.
OWN_LETTERHEAD = ("number", "issued_on", "place", "issuing_body", "parent_body")
UPPER_LETTERHEAD = ("place", "parent_body")
LETTERHEAD_LABELS = {
    "number": _("Document number"),
    "issued_on": _("Date of issue"),
    "place": _("Place"),
    "issuing_body": _("Issuing body"),
    "parent_body": _("Parent body"),
}
OWN_SECTIONS = ("basis", "participants", "phases", "deadlines", "schedules", "targets")
UPPER_SECTIONS = ("deadlines",)

SECTION_TITLES = {
    "plan": _("The plan"),
    "basis": _("Legal basis (Căn cứ / Thực hiện)"),
    "participants": _("Participants"),
    "phases": _("Phases"),
    "deadlines": _("Deadlines"),
    "schedules": _("Periodic report schedule"),
    "targets": _("KPI targets"),
    "award_forms": _("Award forms"),
}


def store_import(request, *, plan: dict[str, Any], mode: str, unit: Unit, filename: str) -> str:
    token = secrets.token_urlsafe(12)
    request.session[SESSION_KEY] = {
        "token": token,
        "mode": mode,
        "tenant_id": unit.tenant_id,
        "unit_id": unit.pk,
        "user_id": request.user.pk,
        "filename": filename,
        "plan": plan,
    }
    return token


def stored_import(request, unit: Unit | None, token: str | None = None) -> dict[str, Any] | None:
    """The session's import if it was read for this user, at this unit, in this tenant (and,
    given a `token`, is the import of that token)."""
    stored = request.session.get(SESSION_KEY)
    if not stored or not unit:
        return None
    if token is not None and not secrets.compare_digest(stored.get("token", ""), token):
        return None
    if (stored.get("user_id"), stored.get("unit_id"), stored.get("tenant_id")) != (
        request.user.pk,
        unit.pk,
        unit.tenant_id,
    ):
        return None
    return stored


def forget_import(request) -> None:
    request.session.pop(SESSION_KEY, None)


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def match_unit(name: str, units: list[Unit]) -> Unit | None:
    """The unit named `name` (case and diacritics aside), or the one unit whose name starts
    with it ("Phòng Giáo dục và Đào tạo" for "… huyện Nhà Bè"); None when unsure."""
    wanted = fold(name).strip(" .;,")
    if not wanted:
        return None
    exact = [unit for unit in units if fold(unit.name) == wanted]
    if len(exact) == 1:
        return exact[0]
    starting = [unit for unit in units if fold(unit.name).startswith(wanted)]
    return starting[0] if len(starting) == 1 else None


@dataclass
class Section:
    key: str
    title: str
    forms: list[ItemForm] = field(default_factory=list)


@dataclass
class Review:
    mode: str
    sections: list[Section]
    problems: list[tuple[str, str, str]]  # (problem, source sentence, anchor of its value)
    letterhead: list[tuple[str, Any, str]] = field(default_factory=list)  # (label, value, source)
    token: str = ""

    def forms(self):
        for section in self.sections:
            yield from section.forms

    def is_valid(self) -> bool:
        # Every form is validated (no short-circuit): each shows its own errors.
        return all([form.is_valid() for form in self.forms()])

    def error_count(self) -> int:
        return sum(1 for form in self.forms() if form.is_bound and form.errors)

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def kept(self, key: str) -> list[dict[str, Any]]:
        section = self.section(key)
        if section is None:
            return []
        return [
            {**form.cleaned_data, "index": index}
            for index, form in enumerate(section.forms)
            if form.cleaned_data.get("keep")
        ]

    def reviewed_data(self) -> dict[str, Any]:
        """What the clerk kept, typed: the input of `services.plan_from_import`."""
        scalars = {
            form.prefix: form.cleaned_data.get("value")
            for form in self.section("plan").forms
            if form.cleaned_data.get("keep")
        }
        return {
            **scalars,
            "basis": [row["value"] for row in self.kept("basis")],
            "participants": self.kept("participants"),
            "phases": self.kept("phases"),
            "deadlines": self.kept("deadlines"),
            "schedules": self.kept("schedules"),
            "targets": self.kept("targets"),
            "award_forms": [row["value"] for row in self.kept("award_forms")],
        }


def build_review(stored: dict[str, Any], unit: Unit, data=None) -> Review:
    """The review page's forms for the stored import, bound to `data` when posted."""
    plan, mode = stored["plan"], stored["mode"]
    upper = mode == UploadForm.UPPER
    draft = Campaign(issuing_unit=unit, tenant_id=unit.tenant_id)
    units_qs = receiving_units(draft)
    units = list(units_qs)
    catalogue = dict(
        KpiIndicator.objects.filter(tenant_id=unit.tenant_id).values_list("code", "pk")
    )
    problems: list[tuple[str, str, str]] = [
        (item["problem"] or item["value"], item["source"], "") for item in plan.get("problems", [])
    ]

    def item(form_class, prefix, found, initial, **kwargs):
        form = form_class(data, prefix=prefix, initial={"keep": True, **initial}, **kwargs)
        form.source = found.get("source", "") if found else ""
        form.problem = found.get("problem", "") if found else ""
        if form.problem:
            problems.append((form.problem, form.source, prefix))
        return form

    plan_section = Section("plan", SECTION_TITLES["plan"])
    for name in UPPER_SCALARS if upper else OWN_SCALARS:
        found = plan.get(name)
        value = found["value"] if found else None
        if name in ("issued_on", "start", "end"):
            value = _date(value)
        form = item(scalar_form(SCALARS[name]()), name, found, {"value": value})
        if found is None:
            form.initial["keep"] = False  # nothing was read: kept only if the clerk types it
        plan_section.forms.append(form)
    if not upper and upper_plan_choices(unit):
        plan_section.forms.append(_upper_plan_form(data, plan, unit))
    sections = [plan_section]

    phases = plan.get("phases", [])
    phase_names = [(index, found["value"]["name"]) for index, found in enumerate(phases)]

    for key in UPPER_SECTIONS if upper else OWN_SECTIONS:
        section = Section(key, SECTION_TITLES[key])
        for index, found in enumerate(plan.get(key, [])):
            prefix, value = f"{key}-{index}", found["value"]
            if key == "basis":
                form = item(TextItemForm, prefix, found, {"value": value["text"]})
            elif key == "participants":
                initial = {
                    "value": value["text"],
                    "participant_type": value["participant_type"],
                    "unit_kinds": ",".join(value.get("unit_kinds", ())),
                }
                form = item(ParticipantItemForm, prefix, found, initial)
            elif key == "phases":
                initial = {
                    "name": value["name"],
                    "start_date": _date(value["start"]),
                    "end_date": _date(value["end"]),
                }
                form = item(PhaseItemForm, prefix, found, initial)
            elif key == "deadlines":
                form = item(
                    DeadlineItemForm,
                    prefix,
                    found,
                    _deadline_initial(value, phases, units),
                    phases=phase_names,
                    units=units_qs,
                )
                if upper:
                    for name in ("phase", "receiving_unit", "after_phase_end"):
                        del form.fields[name]
            elif key == "schedules":
                receiving = match_unit(value.get("receiving_unit", ""), units)
                initial = {
                    "name": value["name"],
                    "periods": list(value["periods"]),
                    "due_day": value["due_day"],
                    "due_month": value["due_month"],
                    "receiving_unit": receiving.pk if receiving else None,
                }
                form = item(ScheduleItemForm, prefix, found, initial, units=units_qs)
            else:  # targets
                form = item(
                    TargetItemForm,
                    prefix,
                    found,
                    _target_initial(value, catalogue),
                    tenant_id=unit.tenant_id,
                )
            section.forms.append(form)
        sections.append(section)
    if not upper:
        awards = Section("award_forms", SECTION_TITLES["award_forms"])
        for index, found in enumerate(plan.get("award_forms", [])):
            awards.forms.append(
                item(TextItemForm, f"award_forms-{index}", found, {"value": found["value"]})
            )
        sections.append(awards)
    letterhead = []
    for name in UPPER_LETTERHEAD if upper else OWN_LETTERHEAD:
        found = plan.get(name)
        if found:
            value = _date(found["value"]) if name == "issued_on" else found["value"]
            letterhead.append((LETTERHEAD_LABELS[name], value, found["source"]))
    return Review(
        mode=mode,
        sections=sections,
        problems=problems,
        letterhead=letterhead,
        token=stored["token"],
    )


def upper_plan_choices(unit: Unit) -> list[tuple[str, str, str]]:
    """(choice value, label, number) of the plans a plan of `unit` may be based on."""
    found = []
    for plan in plans_to_build_on(unit):
        number = plan.number.display if plan.number else ""
        found.append((f"c{plan.pk}", f"{number} {plan.issuing_unit.name} — {plan.title}", number))
    for plan in external_plans(unit.tenant_id):
        found.append(
            (f"e{plan.pk}", f"{plan.number} {plan.issuing_body} — {plan.title}", plan.number)
        )
    return found


def _upper_plan_form(data, plan: dict, unit: Unit) -> UpperPlanForm:
    """The plan cited by a "Căn cứ / Thực hiện" line that is known here, preselected."""
    choices = upper_plan_choices(unit)
    by_number = {fold(number): value for value, _label, number in choices if number}
    initial, source = "", None
    for found in plan.get("basis", []):
        for citation in found["value"].get("citations", []):
            value = by_number.get(fold(citation.get("number", "")))
            if citation.get("kind") == "Kế hoạch" and value and not initial:
                initial, source = value, found
    form = UpperPlanForm(
        data,
        prefix="based_on",
        initial={"keep": bool(initial), "value": initial},
        choices=[(value, label) for value, label, _number in choices],
    )
    form.source = source["source"] if source else ""
    return form


def _deadline_initial(value: dict, phases: list[dict], units: list[Unit]) -> dict:
    due = _date(value["due"])
    phase_index = next(
        (i for i, found in enumerate(phases) if found["value"]["name"] == value.get("phase")),
        None,
    )
    after_end = False
    if phase_index is not None:
        end = _date(phases[phase_index]["value"]["end"])
        after_end = bool(end and due and due > end)
    receiving = match_unit(value.get("receiving_unit", ""), units)
    return {
        "phase": WHOLE_PERIOD if phase_index is None else str(phase_index),
        "kind": value["kind"],
        "due_date": due,
        "receiving_unit": receiving.pk if receiving else None,
        "description": value.get("description", ""),
        "after_phase_end": after_end,
        "date_style": value.get("date_style", "short"),
    }


def _target_initial(value: dict, catalogue: dict[str, int]) -> dict:
    code = value.get("indicator_code", "")
    indicator = catalogue.get(code) if code else None
    default_names = {code: name for code, name, *_rest in DEFAULT_INDICATORS}
    return {
        "indicator": indicator,
        "new_indicator": ""
        if indicator
        else value.get("proposed_name") or default_names.get(code, ""),
        "measure": value.get("measure", "percent"),
        "comparator": value["comparator"],
        "value": value["value"],
        "participant_type": value.get("participant_type", "all"),
    }
