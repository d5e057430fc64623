"""Conduct records: what the eligibility rules read."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import rules
from awards.models import (
    ConductRecord,
)
from units.models import Person
from units.permissions import Actor

Kind = ConductRecord.Kind


# Conduct records: entered from the person's page by the tenant administrator, the head of
# the person's unit or an award officer of that unit or above (`units.rules`).

CONDUCT_FIELDS = frozenset({"kind", "level", "year", "description", "decided_on", "closed_on"})


def _conduct_clean(record: ConductRecord) -> None:
    record.description = (record.description or "").strip()
    errors: dict = {}
    try:
        record.full_clean(exclude=["tenant", "person"])
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    this_year = timezone.localdate().year
    if record.year and "year" not in errors and record.year > this_year:
        errors["year"] = [_("The year %(year)s has not come yet.") % {"year": record.year}]
    if record.level and record.kind != Kind.DISCIPLINE and "kind" not in errors:
        errors.setdefault("level", []).append(_("Only a discipline has a form of discipline."))
    if record.decided_on and record.closed_on and record.closed_on < record.decided_on:
        errors.setdefault("closed_on", []).append(
            _("The closing date comes before the date of the decision.")
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def conduct_record_create(
    *,
    actor: Actor,
    person: Person,
    kind: str,
    year: int,
    level: str = "",
    description: str = "",
    decided_on: datetime.date | None = None,
    closed_on: datetime.date | None = None,
) -> ConductRecord:
    """Record a discipline (with its form), a verification under way (investigation,
    inspection, complaint or denunciation, press report) or a breach of the code of conduct:
    from then on the eligibility rules read it."""
    rules.require_conduct(actor, person)
    record = ConductRecord(
        tenant_id=person.tenant_id,
        person=person,
        kind=kind,
        level=level or "",
        year=year,
        description=description,
        decided_on=decided_on,
        closed_on=closed_on,
    )
    _conduct_clean(record)
    record.save()
    return record


@transaction.atomic
def conduct_record_update(*, actor: Actor, record: ConductRecord, **fields) -> ConductRecord:
    """Correct a record or close it (the date a discipline or an investigation ended)."""
    unknown = set(fields) - CONDUCT_FIELDS
    if unknown:
        raise TypeError(f"conduct_record_update() got unexpected fields: {sorted(unknown)}")
    record = (
        ConductRecord.objects.select_for_update().select_related("person__unit").get(pk=record.pk)
    )
    rules.require_conduct(actor, record.person)
    for name, value in fields.items():
        setattr(record, name, value)
    _conduct_clean(record)
    record.save()
    return record
