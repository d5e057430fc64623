"""Saving what the clerk kept on the review page: a draft plan of their unit, or the upper
level's plan recorded for their plans to be based on. One transaction each, through the
campaign services a typed plan goes through, so the same rules and checks apply; the whole
plan is checked first (`_draft_errors`) so the clerk sees every problem at once.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from campaign import selectors, services, validation
from campaign.models import Campaign, Deadline, ExternalPlan, KpiIndicator, KpiTarget, Phase
from core.text import slugify_vi
from units.models import Unit, UnitKind
from units.permissions import Actor

from .forms import WHOLE_PERIOD


def _whole_period_name(start: datetime.date, end: datetime.date) -> str:
    # Stored data, in the plan's language (like the seed plans' "Năm 2023").
    if start.year == end.year:
        return f"Năm {start.year}"
    return f"Giai đoạn {start.year} - {end.year}"


def _lines(rows: list[dict[str, Any]], *types: str) -> str:
    return "\n".join(row["value"].strip() for row in rows if row["participant_type"] in types)


def _campaign_fields(reviewed: dict[str, Any]) -> dict[str, Any]:
    participants = reviewed.get("participants", [])
    fields = {
        "title": (reviewed.get("title") or "").strip(),
        "start_date": reviewed.get("start"),
        "end_date": reviewed.get("end"),
        "legal_basis": "\n".join(line.strip() for line in reviewed.get("basis", [])),
        "participants_collective": _lines(participants, "collective", "all"),
        "participants_individual": _lines(participants, "individual"),
        "award_forms": "\n".join(line.strip() for line in reviewed.get("award_forms", [])),
    }
    return {name: value for name, value in fields.items() if value not in (None, "")}


def _phase_plan(reviewed: dict[str, Any], start, end) -> tuple[list[Phase], dict[str, Phase]]:
    """The phases to create, in order, and the phase each review key names; a deadline on
    "the whole period" gets one phase spanning the plan."""
    phases = [
        Phase(name=row["name"], start_date=row["start_date"], end_date=row["end_date"])
        for row in reviewed.get("phases", [])
    ]
    by_key = {
        str(row["index"]): phase
        for row, phase in zip(reviewed.get("phases", []), phases, strict=True)
    }
    whole_needed = any(
        row.get("phase", "") == WHOLE_PERIOD for row in reviewed.get("deadlines", [])
    )
    if whole_needed and start and end:
        whole = Phase(name=_whole_period_name(start, end), start_date=start, end_date=end)
        phases.append(whole)
        by_key[WHOLE_PERIOD] = whole
    for order, phase in enumerate(phases, start=1):
        phase.order = order
    return phases, by_key


def _upper_plan(unit: Unit, value: str | None) -> dict[str, Any]:
    """campaign_create's `based_on` / `based_on_external` for the review's choice, only among
    the plans this unit may build on."""
    if not value or value[0] not in "ce" or not value[1:].isdigit():
        return {}
    if value[0] == "c":
        plan = selectors.plans_to_build_on(unit).filter(pk=int(value[1:])).first()
        return {"based_on": plan} if plan else {}
    external = selectors.external_plans(unit.tenant_id).filter(pk=int(value[1:])).first()
    return {"based_on_external": external} if external else {}


def _draft_errors(draft: Campaign, phases, deadlines, targets) -> list[str]:
    if not (draft.start_date and draft.end_date):
        return []  # the campaign's own checks say what is missing
    return [
        *validation.period_errors(draft),
        *validation.phase_errors(draft, phases),
        *validation.deadline_errors(draft, deadlines, services.upper_deadlines(draft)),
        *validation.target_errors(targets),
    ]


def _indicator(tenant_id: int, row: dict[str, Any]) -> KpiIndicator:
    """The catalogue's indicator chosen, or the new one the clerk named (made now: only a
    kept target makes one)."""
    if row.get("indicator") is not None:
        return row["indicator"]
    name = row["new_indicator"].strip()
    existing = KpiIndicator.objects.filter(tenant_id=tenant_id, name__iexact=name).first()
    if existing is not None:
        return existing
    base = slugify_vi(name, max_length=56) or "chi-tieu"
    code, n = base, 1
    while KpiIndicator.objects.filter(tenant_id=tenant_id, code=code).exists():
        n += 1
        code = f"{base}-{n}"
    indicator = KpiIndicator(
        tenant_id=tenant_id,
        code=code,
        name=name[:255],
        measure=row.get("measure") or KpiIndicator.Measure.PERCENT,
    )
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def plan_from_import(*, actor: Actor, unit: Unit, reviewed_data: dict[str, Any]) -> Campaign:
    """A draft plan of `unit` from the reviewed import (`review.Review.reviewed_data`)."""
    fields = _campaign_fields(reviewed_data)
    start, end = fields.get("start_date"), fields.get("end_date")
    phases, phase_by_key = _phase_plan(reviewed_data, start, end)
    deadline_rows = reviewed_data.get("deadlines", [])
    missing = [row for row in deadline_rows if row.get("phase", "") not in phase_by_key]
    if missing:
        raise ValidationError(
            [
                _("%(kind)s of %(date)s: its phase was dropped; choose another phase.")
                % {
                    "kind": Deadline(kind=row["kind"]).get_kind_display(),
                    "date": row["due_date"].strftime("%d/%m/%Y"),
                }
                for row in missing
            ]
        )
    upper = _upper_plan(unit, reviewed_data.get("based_on"))
    draft = Campaign(tenant_id=unit.tenant_id, issuing_unit=unit, **upper, **fields)
    planned_deadlines = [
        (
            phase_by_key[row.get("phase", "")],
            Deadline(
                kind=row["kind"], due_date=row["due_date"], after_phase_end=row["after_phase_end"]
            ),
        )
        for row in deadline_rows
    ]
    planned_targets = [
        KpiTarget(
            indicator=row["indicator"]
            or KpiIndicator(name=row["new_indicator"], measure=row.get("measure") or "percent"),
            value=row["value"],
        )
        for row in reviewed_data.get("targets", [])
    ]
    errors = _draft_errors(draft, phases, planned_deadlines, planned_targets)
    if errors:
        raise ValidationError(errors)

    kinds = {
        code
        for row in reviewed_data.get("participants", [])
        for code in (row.get("unit_kinds") or "").split(",")
        if code
    }
    campaign = services.campaign_create(
        actor=actor,
        issuing_unit=unit,
        participant_kinds=list(UnitKind.objects.filter(code__in=kinds)) if kinds else None,
        **upper,
        **fields,
    )
    if campaign.based_on_id:
        # A plan based on a plan on the platform starts with a copy of its timetable and
        # targets; the file has its own (as the seed loader does).
        for phase in list(campaign.phases.all()):
            services.phase_delete(actor=actor, phase=phase)
        for schedule in list(campaign.report_schedules.all()):
            services.report_schedule_delete(actor=actor, schedule=schedule)
        for target in list(campaign.targets.all()):
            services.target_delete(actor=actor, target=target)
    saved: dict[int, Phase] = {}
    for phase in phases:
        saved[id(phase)] = services.phase_save(
            actor=actor,
            campaign=campaign,
            order=phase.order,
            name=phase.name,
            start_date=phase.start_date,
            end_date=phase.end_date,
        )
    for row in deadline_rows:
        receiving = row.get("receiving_unit")
        services.deadline_save(
            actor=actor,
            phase=saved[id(phase_by_key[row.get("phase", "")])],
            kind=row["kind"],
            due_date=row["due_date"],
            description=(row.get("description") or "").strip(),
            date_style=row.get("date_style") or "short",
            receiving_unit=receiving,
            contact_email=(receiving or unit).email or "",
            after_phase_end=row["after_phase_end"],
        )
    for row in reviewed_data.get("schedules", []):
        services.report_schedule_save(
            actor=actor,
            campaign=campaign,
            name=row["name"],
            periods=list(row["periods"]),
            due_day=row["due_day"],
            due_month=row["due_month"],
            receiving_unit=row.get("receiving_unit"),
        )
    for row in reviewed_data.get("targets", []):
        services.target_save(
            actor=actor,
            campaign=campaign,
            indicator=_indicator(unit.tenant_id, row),
            comparator=row["comparator"],
            value=row["value"],
            participant_type=row["participant_type"],
        )
    return campaign


@transaction.atomic
def upper_plan_from_import(
    *, actor: Actor, unit: Unit, reviewed_data: dict[str, Any]
) -> ExternalPlan:
    """The upper level's plan, recorded as the tenant's upper-level plans are (number, date,
    issuing body, summary and its deadlines), for this unit's plans to be based on."""
    plan = services.external_plan_save(
        actor=actor,
        tenant_id=unit.tenant_id,
        number=reviewed_data.get("number") or "",
        issued_on=reviewed_data.get("issued_on"),
        issuing_body=reviewed_data.get("issuing_body") or "",
        title=reviewed_data.get("title") or "",
    )
    for row in reviewed_data.get("deadlines", []):
        services.external_deadline_save(
            actor=actor,
            plan=plan,
            kind=row["kind"],
            due_date=row["due_date"],
            description=(row.get("description") or "").strip()[:500],
        )
    return plan
