"""Mẫu 1: a unit's draft, its submission, and the reviewer's decision on it (return, accept,
reject), alone or several at once."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaign.models import Campaign, Deadline, DeadlineKind, Participation
from campaign.submission import require_complete
from initiatives import rules
from initiatives.models import REGISTRATION_FIELDS, Initiative, InitiativeVersion
from units.models import Unit
from units.permissions import Actor, as_user

from . import counts
from .notices import tell_registration_decided
from .records import (
    Action,
    Status,
    locked,
    record_event,
    refresh_search_text,
    search_text_of,
    snapshot,
    submit_by_deadline,
)


def _check_people(unit: Unit, person_in_charge, authors) -> None:
    people = [p for p in [person_in_charge, *(authors or [])] if p is not None]
    if any(p.unit_id != unit.pk for p in people):
        raise ValidationError(_("Authors and the person in charge must be staff of the unit."))


@transaction.atomic
def initiative_create(
    *, actor: Actor, deadline: Deadline, unit: Unit, authors=None, **fields
) -> Initiative:
    """A draft of Mẫu 1 for `unit` under a registration deadline of a launched campaign the
    unit takes part in; it may be empty and is completed as the user types."""
    if not rules.can_register_for(actor, unit):
        raise PermissionDenied(_("Only the unit's staff can register its initiatives."))
    campaign = deadline.phase.campaign
    if deadline.kind != DeadlineKind.REGISTRATION:
        raise ValidationError(_("Initiatives are registered under a registration deadline."))
    if campaign.status != Campaign.Status.LAUNCHED:
        raise ValidationError(_("The plan has not been launched."))
    if not Participation.objects.filter(campaign=campaign, unit=unit).exists():
        raise ValidationError(_("%(unit)s does not take part in this plan.") % {"unit": unit})
    _check_people(unit, fields.get("person_in_charge"), authors)
    initiative = Initiative(
        tenant_id=unit.tenant_id,
        campaign=campaign,
        deadline=deadline,
        review_deadline=deadline,
        unit=unit,
        created_by=as_user(actor),
        **fields,
    )
    initiative.full_clean()
    with counts.following() as followed:
        initiative.save()
        followed.add(initiative.pk)
    if authors:
        initiative.authors.set(authors)
    refresh_search_text(initiative)
    record_event(initiative, actor, Action.CREATE, "")
    return initiative


@transaction.atomic
def initiative_update(
    *, actor: Actor, initiative: Initiative, authors=None, **fields
) -> Initiative:
    """Save the unit's changes to a draft or a returned item (never a submitted one)."""
    initiative = locked(initiative)
    if not rules.can_register_for(actor, initiative.unit):
        raise PermissionDenied(_("Only the unit's staff can change its initiatives."))
    if not initiative.is_editable_by_unit:
        raise ValidationError(
            _("A submitted item can only be changed after the reviewer returns it.")
        )
    _check_people(initiative.unit, fields.get("person_in_charge"), authors)
    for name, value in fields.items():
        if name not in (*REGISTRATION_FIELDS, "person_in_charge"):
            raise ValueError(f"not an editable field: {name}")
        setattr(initiative, name, value)
    # Only the fields a unit edits: the keys it cannot change (tenant, plan, deadlines, unit)
    # were checked when the item was made, and re-checking each cost a query per save.
    editable = {*REGISTRATION_FIELDS, "person_in_charge"}
    initiative.full_clean(
        exclude=[f.name for f in Initiative._meta.fields if f.name not in editable]
    )
    if authors is not None:
        initiative.authors.set(authors)
    # Saved with the item, not after it: an autosave as the user types is one UPDATE less.
    initiative.search_text = search_text_of(initiative, authors)
    initiative.save()
    return initiative


def _missing_for_submission(initiative: Initiative) -> list[str]:
    labels = {f.name: f.verbose_name for f in Initiative._meta.fields}
    required = ("name", "kind", "area", "situation", "objectives", "expected_results")
    return [str(labels[name]) for name in required if not getattr(initiative, name)]


@transaction.atomic
def initiative_submit(
    *, actor: Actor, initiative: Initiative, now: datetime.datetime | None = None
) -> Initiative:
    """Send the item to the receiving unit. Before the end of the deadline's day (local time)
    it is on time; after, it is marked late, or refused if the plan closes at the deadline.
    An item the reviewer returned is resubmitted whatever the date."""
    initiative = locked(initiative)
    if not rules.can_register_for(actor, initiative.unit):
        raise PermissionDenied(_("Only the unit's staff can submit its initiatives."))
    if not initiative.is_editable_by_unit:
        raise ValidationError(_("This item has already been submitted."))
    require_complete(_missing_for_submission(initiative))
    now = now or timezone.now()
    with counts.following([initiative.pk]):
        done = submit_by_deadline(initiative, initiative.deadline, now)
    InitiativeVersion.objects.create(
        initiative=initiative,
        number=initiative.version,
        data=snapshot(initiative),
        submitted_by=as_user(actor),
        submitted_at=now,
    )
    record_event(
        initiative, actor, Action.RESUBMIT if done.resubmission else Action.SUBMIT, done.previous
    )
    return initiative


def _decide(actor, initiative, action, to_status, comment, comment_required) -> Initiative:
    initiative = locked(initiative)
    if not rules.decides_on(actor, initiative):
        raise PermissionDenied(_("Only a reviewer of the receiving unit can decide on this item."))
    if not rules.open_for_decision(initiative.status):
        raise ValidationError(
            _("Only a submitted item can be decided; this one is %(status)s.")
            % {"status": initiative.get_status_display().lower()}
        )
    comment = (comment or "").strip()
    if comment_required and not comment:
        raise ValidationError(_("Write a comment so the unit knows what to change."))
    previous = initiative.status
    initiative.status = to_status
    with counts.following([initiative.pk]):
        initiative.save(update_fields=["status", "updated_at"])
    record_event(initiative, actor, action, previous, comment)
    tell_registration_decided(actor, initiative, comment)
    return initiative


@transaction.atomic
def initiative_return(*, actor: Actor, initiative: Initiative, comment: str) -> Initiative:
    return _decide(actor, initiative, Action.RETURN, Status.RETURNED, comment, True)


@transaction.atomic
def initiative_accept(*, actor: Actor, initiative: Initiative, comment: str = "") -> Initiative:
    return _decide(actor, initiative, Action.ACCEPT, Status.ACCEPTED, comment, False)


@transaction.atomic
def initiative_reject(*, actor: Actor, initiative: Initiative, comment: str) -> Initiative:
    return _decide(actor, initiative, Action.REJECT, Status.REJECTED, comment, True)


DECISIONS = {
    "accept": initiative_accept,
    "return": initiative_return,
    "reject": initiative_reject,
}


@transaction.atomic
def initiatives_decide(*, actor: Actor, initiatives, decision: str, comment: str = "") -> int:
    """Decide several items at once with one comment: all of them or none."""
    service = DECISIONS[decision]
    count = 0
    for initiative in initiatives:
        service(actor=actor, initiative=initiative, comment=comment)
        count += 1
    return count
