"""Recognition of initiatives at unit level (Quyết định công nhận sáng kiến)."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import rules
from awards.models import (
    RecognisedInitiative,
    Recognition,
)
from documents.models import DocumentType, RenderJob
from documents.services import number_allocate, render_job_start
from initiatives.models import Initiative
from units.models import Unit
from units.permissions import Actor, as_user

# Recognition of initiatives: a unit's decision (Quyết định công nhận sáng kiến) recognising
# initiatives of its subtree applied with effect, each once. A draft changes; issued, it takes
# the next number of the unit's register of decisions and is rendered in the background.

RECOGNITION_BUILDER = "awards.documents.recognition"


def _recognition_errors(
    *, unit: Unit, year: int, decided_on: datetime.date, entries: list, recognition
) -> None:
    """Every refusal of the decision's content, named, before anything is written."""
    errors: dict[str, list[str]] = defaultdict(list)
    this_year = timezone.localdate().year
    if decided_on.year > this_year:
        errors["decided_on"].append(
            _("The decision date is in %(year)s, a year that has not come yet.")
            % {"year": decided_on.year}
        )
    if year > decided_on.year:
        errors["year"].append(
            _("A decision of %(date)s cannot recognise the initiatives of %(year)s.")
            % {"date": f"{decided_on:%d/%m/%Y}", "year": year}
        )
    if not entries:
        errors["initiatives"].append(_("Choose at least one initiative to recognise."))
    items = [item for item, _effect in entries]
    if any(item.tenant_id != unit.tenant_id for item in items):
        # Another tenant's initiative is not named: its name is not ours to show.
        errors["initiatives"].append(_("An initiative chosen belongs to another tenant."))
    ours = [item for item in items if item.tenant_id == unit.tenant_id]
    eligible = set(
        Initiative.objects.applied_with_effect()
        .filter(pk__in=[item.pk for item in ours])
        .values_list("pk", flat=True)
    )
    others = RecognisedInitiative.objects.filter(initiative_id__in=[item.pk for item in ours])
    if recognition is not None:
        others = others.exclude(recognition=recognition)
    taken = {
        entry.initiative_id: entry
        for entry in others.select_related("recognition__unit", "recognition__number")
    }
    for item in ours:
        name = {"name": item.name}
        if not item.unit.path.startswith(unit.path):
            errors["initiatives"].append(
                _("“%(name)s” is not an initiative of %(unit)s or of a unit below it.")
                % {**name, "unit": unit.name}
            )
        elif item.pk in taken:
            other = taken[item.pk].recognition
            if other.number is not None:
                errors["initiatives"].append(
                    _("“%(name)s” is already recognised by decision %(number)s of %(date)s.")
                    % {
                        **name,
                        "number": other.number.display,
                        "date": f"{other.decided_on:%d/%m/%Y}",
                    }
                )
            else:
                errors["initiatives"].append(
                    _("“%(name)s” is already on a draft decision of %(unit)s.")
                    % {**name, "unit": other.unit.name}
                )
        elif item.pk not in eligible:
            errors["initiatives"].append(
                _(
                    "“%(name)s” has not been applied with effect yet: its result report "
                    "(Mẫu 2) must be accepted first."
                )
                % name
            )
    if errors:
        raise ValidationError(dict(errors))


@transaction.atomic
def recognition_save(
    *,
    actor: Actor,
    unit: Unit,
    year: int,
    decided_on: datetime.date,
    entries,
    signer_position: str = "",
    signer_name: str = "",
    recognition: Recognition | None = None,
) -> Recognition:
    """Create or change a draft decision of `unit` recognising `entries`, a list of
    (initiative, effect and scope text) for the annex, in that order."""
    rules.require_recognise(actor, unit)
    if recognition is not None:
        recognition = Recognition.objects.select_for_update().get(pk=recognition.pk)
        if not recognition.is_draft:
            raise ValidationError(_("An issued decision no longer changes."))
        if recognition.unit_id != unit.pk:
            raise ValidationError(_("The decision belongs to another unit."))
    # Locked, so two drafts cannot take the same initiative at once.
    chosen = {item.pk: (effect or "").strip() for item, effect in entries}
    items = (
        Initiative.objects.select_for_update(of=("self",))
        .select_related("unit")
        .in_bulk(list(chosen))
    )
    lines = [(items[pk], effect) for pk, effect in chosen.items() if pk in items]
    _recognition_errors(
        unit=unit, year=year, decided_on=decided_on, entries=lines, recognition=recognition
    )
    recognition = recognition or Recognition(
        tenant_id=unit.tenant_id, unit=unit, created_by=as_user(actor)
    )
    recognition.year = year
    recognition.decided_on = decided_on
    recognition.signer_position = (signer_position or "").strip()
    recognition.signer_name = (signer_name or "").strip()
    recognition.full_clean(exclude=["created_by", "number"])
    recognition.save()
    recognition.entries.all().delete()
    RecognisedInitiative.objects.bulk_create(
        RecognisedInitiative(recognition=recognition, initiative=item, effect=effect)
        for item, effect in lines
    )
    return recognition


def _draft_recognition(actor: Actor, recognition: Recognition) -> Recognition:
    recognition = (
        Recognition.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=recognition.pk)
    )
    rules.require_recognise(actor, recognition.unit)
    if not recognition.is_draft:
        raise ValidationError(_("An issued decision no longer changes."))
    return recognition


@transaction.atomic
def recognition_issue(*, actor: Actor, recognition: Recognition) -> Recognition:
    """Issue the draft: its initiatives are checked again, it takes the next number of the
    unit's register of decisions (in this transaction), and its PDF renders once committed.
    From then on it no longer changes."""
    recognition = _draft_recognition(actor, recognition)
    entries = list(recognition.entries.select_related("initiative__unit"))
    _recognition_errors(
        unit=recognition.unit,
        year=recognition.year,
        decided_on=recognition.decided_on,
        entries=[(entry.initiative, entry.effect) for entry in entries],
        recognition=recognition,
    )
    recognition.number = number_allocate(
        actor=actor,
        unit=recognition.unit,
        doc_type=DocumentType.DECISION,
        issued_on=recognition.decided_on,
        summary=f"Công nhận sáng kiến cấp cơ sở năm {recognition.year}",
    )
    recognition.save(update_fields=["number"])
    recognition_render_start(actor=actor, recognition=recognition)
    return recognition


def recognition_render_start(*, actor: Actor, recognition: Recognition) -> RenderJob:
    """Render the issued decision and its annex in the background (again after a failure)."""
    rules.require_recognise(actor, recognition.unit)
    if recognition.is_draft:
        raise ValidationError(_("Issue the decision before its PDF."))
    return render_job_start(
        actor=actor,
        builder=RECOGNITION_BUILDER,
        object_id=recognition.pk,
        tenant=recognition.tenant,
    )


@transaction.atomic
def recognition_delete(*, actor: Actor, recognition: Recognition) -> None:
    """Discard a draft: its initiatives are free for another decision."""
    recognition = _draft_recognition(actor, recognition)
    recognition.delete()
