"""Who may do what to an initiative, a consolidated list or a result report (Mẫu 2), and in
which state: one predicate serves the page, its button and the service.

Every `can_*` below takes the state into account, so a view hands its answer to the template
as it is. A service checks the two halves apart, to say which one failed: who acts (the
"who" predicates, state aside: PermissionDenied) and then the state (the `open_for_*`
groups and the models' `is_*` properties: ValidationError naming the state).

Who, state aside:
- `can_register_for`: the staff and head of a unit write its initiatives, Mẫu 2, evidence.
- `can_review_at`: a reviewer of a unit or of a unit above it, or the tenant administrator,
  acts for what that unit receives (consolidate, forward, assign, import).
- `decides_on`: who decides on (and scores) an item at the level that reviews it now.
- `decides_on_result`: who decides on a result report.
- `reviews_from_above`: who recommends an item for replication.

The state groups (`open_for_decision`, `open_for_scoring`, `open_for_assignment`) and
`Initiative.is_editable_by_unit`, `Initiative.is_accepted_at_level`,
`ResultReport.is_editable_by_unit` name each state once.

`SYSTEM` (units.permissions) is the platform itself (demo loader, seed plans, imports its
caller checked): it may do everything but score (scores are a reviewer's own). A missing
actor (None) raises `MissingActor` from every rule, whatever the state. Seeing an item at
all is decided by `selectors.visible_initiatives`; these rules come after it.
"""

from __future__ import annotations

from campaign.models import Deadline, DeadlineKind
from units.models import Role, Unit
from units.permissions import Actor, is_system, require_actor, reviews_at, works_at
from units.selectors import user_memberships

from .models import Consolidation, Initiative, ResultReport

Status = Initiative.Status


# --- States ---


def open_for_decision(status: str) -> bool:
    """An item (or a result report) waits for the reviewer's decision: submitted."""
    return status == Status.SUBMITTED


def open_for_scoring(status: str) -> bool:
    """An item is scored once accepted at the level that reviews it."""
    return status == Status.ACCEPTED


def open_for_assignment(status: str) -> bool:
    """Reviewers are assigned to score an item submitted or accepted at its level."""
    return status in (Status.SUBMITTED, Status.ACCEPTED)


# --- Who, state aside ---


def can_register_for(user: Actor, unit: Unit) -> bool:
    """Staff and heads of the unit itself write its initiatives, result reports, evidence."""
    if is_system(user):
        return True
    return works_at(user, unit)


def can_review_at(user: Actor, unit: Unit | None) -> bool:
    """A reviewer of `unit` or of a unit above it, or the tenant administrator: they act for
    what `unit` receives. No unit (a deadline without a receiving unit): no one."""
    require_actor(user)
    if unit is None:
        return False
    return is_system(user) or reviews_at(user, unit)


def decides_on(user: Actor, initiative: Initiative) -> bool:
    """Who accepts, returns, rejects and scores the item at its current level:
    - a reviewer of the receiving unit of the item's `review_deadline` or of a unit above it;
    - the tenant administrator;
    - never through a membership at the item's own unit (no one judges their own unit);
    - SYSTEM.
    State aside: see `can_review`."""
    if is_system(user):
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


def decides_on_result(user: Actor, report: ResultReport) -> bool:
    """Who accepts or returns a result report: a reviewer of the result deadline's receiving
    unit or above (or the tenant administrator), who holds no membership at the item's own
    unit; SYSTEM. State aside: see `can_review_result`."""
    if is_system(user):
        return True
    if not can_review_at(user, report.deadline.receiving_unit):
        return False
    return all(m.unit_id != report.initiative.unit_id for m in user_memberships(user))


def reviews_from_above(user: Actor, initiative: Initiative) -> bool:
    """A reviewer of the level that reviews the item now, when that level is a unit above the
    item's own (an upper level recommends; a unit never recommends its own item)."""
    receiving = initiative.review_deadline.receiving_unit
    return (
        receiving is not None
        and initiative.unit.is_descendant_of(receiving)
        and can_review_at(user, receiving)
    )


# --- Mẫu 1: registration and review ---


def can_edit(user: Actor, initiative: Initiative) -> bool:
    """Change Mẫu 1: the unit's staff (`can_register_for`), while it is a draft or after the
    reviewer returned it."""
    require_actor(user)
    return initiative.is_editable_by_unit and can_register_for(user, initiative.unit)


def can_submit(user: Actor, initiative: Initiative) -> bool:
    """Submit, or resubmit after a return: whoever may edit it, in the same states."""
    return can_edit(user, initiative)


def can_review(user: Actor, initiative: Initiative) -> bool:
    """Who may accept, return or reject the item (one rule for the three decisions):
    - only while it is submitted at its current level (`open_for_decision`);
    - a reviewer of the receiving unit of the item's `review_deadline` (the level that
      reviews it now: the registration's receiving unit, or the upper plan's after a
      forward), or of a unit above it;
    - the tenant administrator;
    - never through a membership at the item's own unit;
    - SYSTEM (the platform); a missing actor raises MissingActor.
    The who-half alone is `decides_on`; the services check both halves."""
    require_actor(user)
    return open_for_decision(initiative.status) and decides_on(user, initiative)


def can_score(user: Actor, initiative: Initiative) -> bool:
    """Score the item: whoever decides on it at its current level, once accepted there.
    SYSTEM does not score."""
    return (
        not is_system(user) and open_for_scoring(initiative.status) and decides_on(user, initiative)
    )


def can_assign(user: Actor, initiative: Initiative) -> bool:
    """Name the reviewers who score the item: a reviewer of its current receiving unit or
    above (or the tenant administrator), while it is submitted or accepted there."""
    require_actor(user)
    return open_for_assignment(initiative.status) and can_review_at(
        user, initiative.review_deadline.receiving_unit
    )


def can_recommend(user: Actor, initiative: Initiative) -> bool:
    """Recommend the item for replication: an upper level that reviews it
    (`reviews_from_above`), on an item accepted there and not recommended yet."""
    require_actor(user)
    return (
        initiative.status == Status.ACCEPTED
        and not initiative.recommended_by_id
        and reviews_from_above(user, initiative)
    )


# --- Consolidation and imports ---


def can_consolidate(user: Actor, deadline: Deadline) -> bool:
    """Gather the items accepted under `deadline` into a list: a reviewer of its receiving
    unit or above, or the tenant administrator."""
    return can_review_at(user, deadline.receiving_unit)


def can_forward(user: Actor, consolidation: Consolidation) -> bool:
    """Send the list up: a reviewer of the consolidating unit or above (or the tenant
    administrator), while the list is a draft."""
    require_actor(user)
    return consolidation.status == Consolidation.Status.DRAFT and can_review_at(
        user, consolidation.unit
    )


def can_import_registrations(user: Actor, deadline: Deadline) -> bool:
    """Import the Mẫu 1 forms collected on paper: a reviewer of the receiving unit of a
    registration deadline."""
    require_actor(user)
    return deadline.kind == DeadlineKind.REGISTRATION and can_review_at(
        user, deadline.receiving_unit
    )


# --- Mẫu 2: result reports and evidence ---


def can_open_result(user: Actor, initiative: Initiative) -> bool:
    """Whoever sees the item sees its Mẫu 2 page once the item is accepted at its own level
    (before that it has no result to report)."""
    require_actor(user)
    return initiative.is_accepted_at_level


def can_write_result(user: Actor, report: ResultReport) -> bool:
    """Change, submit, or name the model Mẫu 2 replicates: the unit's staff, while the report
    is a draft or after the reviewer returned it."""
    require_actor(user)
    return report.is_editable_by_unit and can_register_for(user, report.initiative.unit)


def can_review_result(user: Actor, report: ResultReport) -> bool:
    """Accept or return a result report: the report is submitted and the user
    `decides_on_result` (a reviewer of the result deadline's receiving unit or above, or
    the tenant administrator, never one of the item's own unit)."""
    require_actor(user)
    return open_for_decision(report.status) and decides_on_result(user, report)


def evidence_open(initiative: Initiative) -> bool:
    """Evidence is added and removed while the result report is a draft or returned; before
    the report exists, while Mẫu 1 is. One query."""
    report = ResultReport.objects.filter(initiative=initiative).first()
    if report is not None:
        return report.is_editable_by_unit
    return initiative.is_editable_by_unit


def can_change_evidence(user: Actor, initiative: Initiative) -> bool:
    """Add or remove evidence: the unit's staff, while `evidence_open`."""
    return can_register_for(user, initiative.unit) and evidence_open(initiative)
