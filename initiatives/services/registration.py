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


# An autosave writes a change-log row only when the last one is not the same user's, written
# this long ago at most: a user typing for an hour leaves a few rows, not one per keystroke
# pause (each a copy of the whole form). The live row holds the newest text all along, and
# an explicit save or the submission always writes its row.
TYPING_BURST = datetime.timedelta(minutes=10)
EDITABLE = (*REGISTRATION_FIELDS, "person_in_charge")


def _apply_changes(actor: Actor, initiative: Initiative, authors, fields) -> list[str]:
    """Check and set the unit's changes on the locked row (not saved); the columns to save."""
    if not rules.can_register_for(actor, initiative.unit):
        raise PermissionDenied(_("Only the unit's staff can change its initiatives."))
    if not initiative.is_editable_by_unit:
        raise ValidationError(
            _("A submitted item can only be changed after the reviewer returns it.")
        )
    person = fields.get("person_in_charge")
    _check_people(initiative.unit, person, authors)
    for name, value in fields.items():
        if name not in EDITABLE:
            raise ValueError(f"not an editable field: {name}")
        setattr(initiative, name, value)
    # Only the fields a unit edits: the keys it cannot change (tenant, plan, deadlines, unit)
    # were checked when the item was made, and re-checking each cost a query per save; so was
    # the person in charge when given as a row of the unit (_check_people).
    checked = {*REGISTRATION_FIELDS} | ({"person_in_charge"} if person is None else set())
    initiative.full_clean(
        exclude=[f.name for f in Initiative._meta.fields if f.name not in checked]
    )
    if authors is not None:
        initiative.authors.set(authors)
    # Saved with the item, not after it: an autosave as the user types is one UPDATE less.
    initiative.search_text = search_text_of(initiative, authors)
    return [*fields, "search_text", "updated_at"]


def _typed_again(actor: Actor, initiative: Initiative) -> bool:
    """The item's last change-log row is this user's and recent (TYPING_BURST)."""
    last = (  # the last row written (by its id: a clock set back must not matter)
        Initiative.history.filter(id=initiative.pk)
        .order_by("-history_id")
        .values_list("history_user_id", "history_date")
        .first()
    )
    user = as_user(actor)
    return (
        last is not None
        and user is not None
        and last[0] == user.pk
        and last[1] >= timezone.now() - TYPING_BURST
    )


@transaction.atomic
def initiative_update(
    *,
    actor: Actor,
    initiative: Initiative,
    authors=None,
    autosave: bool = False,
    already_locked: bool = False,
    **fields,
) -> Initiative:
    """Save the unit's changes to a draft or a returned item (never a submitted one).
    `autosave`: saved as the user types (see TYPING_BURST). `already_locked`: the caller
    read the row locked in the current transaction (selectors.initiative_to_edit)."""
    if not already_locked:
        initiative = locked(initiative, ("unit",))
    changed = _apply_changes(actor, initiative, authors, fields)
    if autosave and _typed_again(actor, initiative):
        initiative.save_without_historical_record(update_fields=changed)  # type: ignore[attr-defined]  # simple_history adds it
    else:
        initiative.save(update_fields=changed)
    return initiative


def _missing_for_submission(initiative: Initiative) -> list[str]:
    labels = {f.name: f.verbose_name for f in Initiative._meta.fields}
    required = ("name", "kind", "area", "situation", "objectives", "expected_results")
    return [str(labels[name]) for name in required if not getattr(initiative, name)]


def _submitted(actor, initiative: Initiative, now, also=(), authors=None) -> Initiative:
    """Submit the locked, complete row (with the `also` columns changed on it)."""
    with counts.following([initiative.pk]):
        done = submit_by_deadline(initiative, initiative.deadline, now, also=also)
    InitiativeVersion.objects.create(
        initiative=initiative,
        number=initiative.version,
        data=snapshot(initiative, authors),
        submitted_by=as_user(actor),
        submitted_at=now,
    )
    record_event(
        initiative, actor, Action.RESUBMIT if done.resubmission else Action.SUBMIT, done.previous
    )
    return initiative


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
    return _submitted(actor, initiative, now or timezone.now())


def initiative_save_and_submit(
    *,
    actor: Actor,
    initiative: Initiative,
    authors=None,
    now=None,
    already_locked: bool = False,
    **fields,
) -> Initiative:
    """The form's submit button: save the changes and submit, on one lock and in one UPDATE
    (two updates, two change-log rows and a second lock before). Refused (incomplete, or late
    where the plan closes at its deadline), the changes are saved as a draft all the same and
    the refusal raised after. `already_locked` as for `initiative_update`."""
    refused = None
    with transaction.atomic():
        if not already_locked:
            initiative = locked(initiative, ("unit", "deadline", "campaign"))
        changed = _apply_changes(actor, initiative, authors, fields)
        missing = _missing_for_submission(initiative)
        if not missing:
            try:
                return _submitted(actor, initiative, now or timezone.now(), changed, authors)
            except ValidationError as exc:  # late and refused: nothing was written yet
                refused = exc
        initiative.save(update_fields=changed)
    if refused is not None:
        raise refused
    require_complete(missing)
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
