"""Every write to initiatives: one service per transition, each checking the actor's right
and the state, writing the new state and an audit row in one transaction.

    draft ──submit──▶ submitted ──accept──▶ accepted ──forward──▶ submitted (upper level)
                        │   ▲
                 return │   │ resubmit
                        ▼   │
                      returned          submitted ──reject──▶ rejected

A consolidation gathers the accepted items of a level; forwarding it moves each item to the
review of the plan above (`review_deadline`), where the same transitions apply again.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaign.models import Campaign, Deadline, DeadlineKind, Participation
from documents.formatting import vn_date
from documents.models import DocumentType
from documents.services import number_allocate
from units.models import Role, Unit, User
from units.selectors import user_memberships
from units.text import fold

from .models import (
    REGISTRATION_FIELDS,
    Consolidation,
    Initiative,
    InitiativeEvent,
    InitiativeVersion,
)

Status = Initiative.Status
Action = InitiativeEvent.Action
UNIT_ROLES = {Role.UNIT_STAFF, Role.UNIT_HEAD}
REVIEW_ROLES = {Role.REVIEWER, Role.TENANT_ADMIN}


def can_register_for(user: User | None, unit: Unit) -> bool:
    """Staff and heads of the unit itself write its initiatives."""
    if user is None:
        return True
    return any(m.unit_id == unit.pk and m.role in UNIT_ROLES for m in user_memberships(user))


def can_review(user: User | None, initiative: Initiative) -> bool:
    """Reviewers of the deadline's receiving unit (or of a unit above it) and the tenant
    administrator decide; never on their own unit's item."""
    if user is None:
        return True
    receiving = initiative.review_deadline.receiving_unit
    for membership in user_memberships(user):
        if membership.tenant_id != initiative.tenant_id or membership.unit_id == initiative.unit_id:
            continue
        if membership.role == Role.TENANT_ADMIN:
            return True
        if (
            membership.role == Role.REVIEWER
            and receiving is not None
            and receiving.path.startswith(membership.unit.path)
        ):
            return True
    return False


def _event(initiative, actor, action, from_status, comment=""):
    InitiativeEvent.objects.create(
        tenant_id=initiative.tenant_id,
        initiative=initiative,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=initiative.status,
        comment=comment,
    )


def _refresh_search_text(initiative: Initiative) -> None:
    people = " ".join(p.full_name for p in initiative.authors.all())
    in_charge = initiative.person_in_charge.full_name if initiative.person_in_charge_id else ""
    initiative.search_text = fold(f"{initiative.name} {initiative.unit.name} {in_charge} {people}")
    Initiative.objects.filter(pk=initiative.pk).update(search_text=initiative.search_text)


def _locked(initiative: Initiative) -> Initiative:
    return (
        # Only the item's own row is locked: PostgreSQL cannot lock the nullable side of the
        # outer joins to the receiving units.
        Initiative.objects.select_for_update(of=("self",))
        .select_related(
            "deadline__receiving_unit",
            "deadline__phase",
            "review_deadline__receiving_unit",
            "campaign",
            "unit",
        )
        .get(pk=initiative.pk)
    )


def _check_people(unit: Unit, person_in_charge, authors) -> None:
    people = [p for p in [person_in_charge, *(authors or [])] if p is not None]
    if any(p.unit_id != unit.pk for p in people):
        raise ValidationError(_("Authors and the person in charge must be staff of the unit."))


@transaction.atomic
def initiative_create(
    *, actor: User | None, deadline: Deadline, unit: Unit, authors=None, **fields
) -> Initiative:
    """A draft of Mẫu 1 for `unit` under a registration deadline of a launched campaign the
    unit takes part in; it may be empty and is completed as the user types."""
    if not can_register_for(actor, unit):
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
        created_by=actor,
        **fields,
    )
    initiative.full_clean()
    initiative.save()
    if authors:
        initiative.authors.set(authors)
    _refresh_search_text(initiative)
    _event(initiative, actor, Action.CREATE, "")
    return initiative


@transaction.atomic
def initiative_update(
    *, actor: User | None, initiative: Initiative, authors=None, **fields
) -> Initiative:
    """Save the unit's changes to a draft or a returned item (never a submitted one)."""
    initiative = _locked(initiative)
    if not can_register_for(actor, initiative.unit):
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
    initiative.full_clean()
    initiative.save()
    if authors is not None:
        initiative.authors.set(authors)
    _refresh_search_text(initiative)
    return initiative


def _missing_for_submission(initiative: Initiative) -> list[str]:
    labels = {f.name: f.verbose_name for f in Initiative._meta.fields}
    required = ("name", "kind", "area", "situation", "objectives", "expected_results")
    return [str(labels[name]) for name in required if not getattr(initiative, name)]


@transaction.atomic
def initiative_submit(
    *, actor: User | None, initiative: Initiative, now: datetime.datetime | None = None
) -> Initiative:
    """Send the item to the receiving unit. Before the end of the deadline's day (local time)
    it is on time; after, it is marked late, or refused if the plan closes at the deadline.
    An item the reviewer returned is resubmitted whatever the date."""
    initiative = _locked(initiative)
    if not can_register_for(actor, initiative.unit):
        raise PermissionDenied(_("Only the unit's staff can submit its initiatives."))
    if not initiative.is_editable_by_unit:
        raise ValidationError(_("This item has already been submitted."))
    missing = _missing_for_submission(initiative)
    if missing:
        raise ValidationError(
            _("Fill in before submitting: %(fields)s.") % {"fields": ", ".join(missing)}
        )
    now = now or timezone.now()
    deadline = initiative.deadline
    resubmission = initiative.status == Status.RETURNED
    late = now >= deadline.closes_at
    if late and not resubmission and initiative.campaign.closes_at_deadline:
        raise ValidationError(
            _("Submissions closed at the end of %(date)s; the plan accepts no late items.")
            % {"date": vn_date(deadline.due_date)}
        )
    previous = initiative.status
    initiative.status = Status.SUBMITTED
    if not resubmission:
        initiative.submitted_at = now
        initiative.is_late = late
    initiative.version += 1
    initiative.save(update_fields=["status", "submitted_at", "is_late", "version", "updated_at"])
    InitiativeVersion.objects.create(
        initiative=initiative,
        number=initiative.version,
        data=_snapshot(initiative),
        submitted_by=actor,
        submitted_at=now,
    )
    _event(initiative, actor, Action.RESUBMIT if resubmission else Action.SUBMIT, previous)
    return initiative


def _snapshot(initiative: Initiative) -> dict:
    data = {name: getattr(initiative, name) for name in REGISTRATION_FIELDS}
    data["person_in_charge"] = (
        initiative.person_in_charge.full_name if initiative.person_in_charge_id else ""
    )
    data["authors"] = [p.full_name for p in initiative.authors.all()]
    return data


def _decide(actor, initiative, action, to_status, comment, comment_required) -> Initiative:
    initiative = _locked(initiative)
    if not can_review(actor, initiative):
        raise PermissionDenied(_("Only a reviewer of the receiving unit can decide on this item."))
    if initiative.status != Status.SUBMITTED:
        raise ValidationError(
            _("Only a submitted item can be decided; this one is %(status)s.")
            % {"status": initiative.get_status_display().lower()}
        )
    comment = (comment or "").strip()
    if comment_required and not comment:
        raise ValidationError(_("Write a comment so the unit knows what to change."))
    previous = initiative.status
    initiative.status = to_status
    initiative.save(update_fields=["status", "updated_at"])
    _event(initiative, actor, action, previous, comment)
    return initiative


@transaction.atomic
def initiative_return(*, actor: User | None, initiative: Initiative, comment: str) -> Initiative:
    return _decide(actor, initiative, Action.RETURN, Status.RETURNED, comment, True)


@transaction.atomic
def initiative_accept(
    *, actor: User | None, initiative: Initiative, comment: str = ""
) -> Initiative:
    return _decide(actor, initiative, Action.ACCEPT, Status.ACCEPTED, comment, False)


@transaction.atomic
def initiative_reject(*, actor: User | None, initiative: Initiative, comment: str) -> Initiative:
    return _decide(actor, initiative, Action.REJECT, Status.REJECTED, comment, True)


DECISIONS = {
    "accept": initiative_accept,
    "return": initiative_return,
    "reject": initiative_reject,
}


@transaction.atomic
def initiatives_decide(*, actor: User | None, initiatives, decision: str, comment: str = "") -> int:
    """Decide several items at once with one comment: all of them or none."""
    service = DECISIONS[decision]
    count = 0
    for initiative in initiatives:
        service(actor=actor, initiative=initiative, comment=comment)
        count += 1
    return count


def reviews_at(user: User | None, unit: Unit) -> bool:
    """A reviewer of `unit` or of a unit above it, or the tenant administrator."""
    if user is None:
        return True
    return any(
        m.tenant_id == unit.tenant_id
        and (
            m.role == Role.TENANT_ADMIN
            or (m.role == Role.REVIEWER and unit.path.startswith(m.unit.path))
        )
        for m in user_memberships(user)
    )


@transaction.atomic
def consolidation_create(*, actor: User | None, deadline: Deadline, items=None) -> Consolidation:
    """Gather the items accepted at this level (all of them, or the chosen ones) into one list
    of the receiving unit."""
    from .selectors import consolidation_candidates

    unit = deadline.receiving_unit
    if unit is None:
        raise ValidationError(_("This deadline has no receiving unit to consolidate."))
    if not reviews_at(actor, unit):
        raise PermissionDenied(_("Only a reviewer of the receiving unit consolidates."))
    candidates = list(consolidation_candidates(deadline))
    if items is not None:
        chosen = {item.pk for item in items}
        outside = chosen - {item.pk for item in candidates}
        if outside:
            raise ValidationError(_("Only items accepted at this level can be consolidated."))
        candidates = [item for item in candidates if item.pk in chosen]
    if not candidates:
        raise ValidationError(_("No accepted item to consolidate yet."))
    consolidation = Consolidation.objects.create(
        tenant_id=unit.tenant_id, deadline=deadline, unit=unit, created_by=actor
    )
    consolidation.items.set(candidates)
    return consolidation


def upper_deadline_for(deadline: Deadline) -> Deadline | None:
    """The deadline of the plan this plan implements that the list goes to: the same kind,
    the first due on or after this one (else the last)."""
    parent = deadline.phase.campaign.based_on
    if parent is None:
        return None
    same_kind = list(
        Deadline.objects.filter(phase__campaign=parent, kind=deadline.kind).order_by("due_date")
    )
    later = [d for d in same_kind if d.due_date >= deadline.due_date]
    if later:
        return later[0]
    return same_kind[-1] if same_kind else None


@transaction.atomic
def consolidation_forward(
    *, actor: User | None, consolidation: Consolidation, issued_on: datetime.date | None = None
) -> Consolidation:
    """Send the list up: it takes the next "DS" number of the unit's register, and each item
    goes to the upper level's review, keeping its identity and history."""
    consolidation = Consolidation.objects.select_for_update().get(pk=consolidation.pk)
    if not reviews_at(actor, consolidation.unit):
        raise PermissionDenied(_("Only a reviewer of the consolidating unit forwards its list."))
    if consolidation.status != Consolidation.Status.DRAFT:
        raise ValidationError(_("This list has already been forwarded."))
    target = upper_deadline_for(consolidation.deadline)
    if target is None:
        raise ValidationError(
            _(
                "This plan does not implement a plan of an upper level on the platform: "
                "download the list and send it as an official letter."
            )
        )
    items = list(
        consolidation.items.select_for_update(of=("self",))
        .select_related("unit")
        .order_by("unit__path", "id")
    )
    here = (consolidation.deadline_id, Status.ACCEPTED)
    stale = [i for i in items if (i.review_deadline_id, i.status) != here]
    if stale:
        raise ValidationError(
            _("%(count)d items are no longer accepted at this level; prepare the list again.")
            % {"count": len(stale)}
        )
    issued_on = issued_on or timezone.localdate()
    consolidation.number = number_allocate(
        actor=actor,
        unit=consolidation.unit,
        doc_type=DocumentType.LIST,
        issued_on=issued_on,
        summary=consolidation.deadline.phase.campaign.title,
    )
    receiver = target.receiving_unit.name if target.receiving_unit_id else ""
    for item in items:
        item.review_deadline = target
        item.status = Status.SUBMITTED
        item.save(update_fields=["review_deadline", "status", "updated_at"])
        _event(item, actor, Action.FORWARD, Status.ACCEPTED, receiver)
    consolidation.status = Consolidation.Status.FORWARDED
    consolidation.forwarded_to = target
    consolidation.forwarded_at = timezone.now()
    consolidation.save(update_fields=["status", "forwarded_to", "forwarded_at", "number"])
    return consolidation


# --- Scoring, review assignments and deadline extensions ---


# --- Result reports (Mẫu 2) and evidence ---
