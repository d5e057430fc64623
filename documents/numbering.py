"""Document numbers: each unit keeps a register per year and document type, and a number is
allocated in the transaction that issues the document, never given twice.

- `number_allocate`: the next number of a unit's register, inside the issuing transaction.
- `number_register_continue`: start a register from the unit's paper register.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from units.models import Unit
from units.permissions import Actor, administers, as_user

from .models import DocumentType, IssuedNumber, NumberRegister


def _locked_register(unit: Unit, year: int, doc_type: str) -> NumberRegister:
    """The register row, created if missing, locked until the caller's transaction ends."""
    key = {"unit": unit, "year": year, "doc_type": doc_type}
    register = NumberRegister.objects.select_for_update().filter(**key).first()
    if register is None:
        try:
            # A savepoint: if another transaction created the row first, only this insert
            # is undone and the caller's transaction goes on.
            with transaction.atomic():
                NumberRegister.objects.create(tenant_id=unit.tenant_id, **key)
        except IntegrityError:
            pass
        register = NumberRegister.objects.select_for_update().get(**key)
    return register


@transaction.atomic
def number_register_continue(
    *, actor: Actor, unit: Unit, doc_type: str, year: int, last_number: int
) -> NumberRegister:
    """Let the register continue from the unit's paper register: a unit that starts using
    the platform in the middle of a year has already issued documents, and its next one must
    take the next number. A number already given here is never given again."""

    if not administers(actor, unit.tenant_id):
        raise PermissionDenied(_("Only the tenant administrator can set a number register."))
    register = _locked_register(unit, year, doc_type)
    if last_number < register.last_number:
        raise ValidationError(
            _(
                "Number %(number)02d of %(year)d has already been issued; "
                "the register cannot go back."
            )
            % {"number": register.last_number, "year": year}
        )
    register.last_number = last_number
    register.save(update_fields=["last_number"])
    return register


@transaction.atomic
def number_allocate(
    *,
    actor: Actor,
    unit: Unit,
    doc_type: str,
    issued_on: datetime.date,
    summary: str = "",
) -> IssuedNumber:
    """Give the next number of `unit`'s register for `doc_type` in the year of `issued_on`.

    Call it in the transaction that issues the document (it joins it): if that transaction
    rolls back, the number is not consumed. The register row is locked until the caller's
    transaction ends, so concurrent issues of the same unit and type queue and get consecutive
    numbers. The register is per year, so numbering restarts at 01 on 1 January.
    """
    if doc_type not in DocumentType.values:
        raise ValidationError(_("Unknown document type: %(type)s.") % {"type": doc_type})
    status = Unit.objects.filter(pk=unit.pk).values_list("status", flat=True).get()
    if status != Unit.Status.ACTIVE:
        raise ValidationError(
            _("%(unit)s is dissolved and can no longer issue documents.") % {"unit": unit}
        )
    register = _locked_register(unit, issued_on.year, doc_type)
    register.last_number += 1
    register.save(update_fields=["last_number"])
    return IssuedNumber.objects.create(
        tenant_id=unit.tenant_id,
        unit=unit,
        year=issued_on.year,
        doc_type=doc_type,
        number=register.last_number,
        unit_code=unit.code,
        issued_on=issued_on,
        summary=summary[:500],
        issued_by=as_user(actor),
    )
