"""Who may do what to a plan, its state included: one predicate serves the page, its button
and the service.

- A plan is issued in the name of a unit by its reviewer or head, or by the tenant
  administrator (`can_issue_at`); the same people are the plan's issuer afterwards.
- The issuer edits a draft (texts, phases, deadlines, targets, report schedules), launches
  it or cancels it (`can_edit_plan`, `can_launch`, `can_cancel`); a launched or cancelled
  plan is fixed (`is_editable`). Any plan of the unit can be duplicated as a new draft.
- Scoring criteria are the issuer's while the plan is a draft or launched
  (`criteria_open`: reviewers score after the launch); a criterion someone has scored
  against stays as it is (`is_scored`).
- The receiving side of a deadline (`receives_for`: a reviewer of its receiving unit or of a
  unit above it, or the tenant administrator) reminds the units that owe and, once the plan
  is launched, grants a unit more time (`can_extend`).
- Units of a launched plan register initiatives through the staff or head of a unit taking
  part; reviewers and the administrator open its review boards.
- The tenant's administrator and reviewers record the upper-level plans outside the
  platform; the administrator sets the reminders and sends a failed one again.

`SYSTEM` (units.permissions) is the platform itself and may do all of it. Services check the
"who" and the "state" parts separately, to say which one refused (PermissionDenied, or a
ValidationError naming the state); views and templates take the combined booleans.
"""

from __future__ import annotations

from units.models import Membership, Role, Unit, User
from units.permissions import (
    Actor,
    has_role,
    holds_at,
    is_system,
    is_tenant_admin,
    reviews_at,
)
from units.selectors import user_memberships

from .models import Campaign, Deadline, EvaluationCriterion

# Roles that issue a plan in the name of the unit they hold them at (the tenant
# administrator issues at any unit).
ISSUING_ROLES = (Role.REVIEWER, Role.UNIT_HEAD)
# Roles that write in a unit's name: they register its initiatives.
REGISTERING_ROLES = (Role.UNIT_STAFF, Role.UNIT_HEAD)


# --- States ---


def is_editable(campaign: Campaign) -> bool:
    """A draft: its texts and schedule still change; launching or cancelling fixes them."""
    return campaign.is_draft


def criteria_open(campaign: Campaign) -> bool:
    """Criteria change while the plan is a draft or launched (reviewers score after the
    launch), not once it is cancelled."""
    return campaign.status in (Campaign.Status.DRAFT, Campaign.Status.LAUNCHED)


def is_scored(criterion: EvaluationCriterion) -> bool:
    """Someone has scored against the criterion: it stays as it is. Reads `score_count`
    when the list annotated it, else one query."""
    if criterion.pk is None:
        return False
    count = getattr(criterion, "score_count", None)
    if count is not None:
        return count > 0
    # `scores` is the reverse relation of initiatives.Score (an app above this one).
    return criterion.scores.exists()


# --- Plans ---


def can_issue_at(user: Actor, unit: Unit) -> bool:
    """Issue a plan in the name of `unit`, and act as the issuer of the plans it issued."""
    return (
        is_system(user)
        or is_tenant_admin(user, unit.tenant_id)
        or holds_at(user, unit, *ISSUING_ROLES)
    )


def is_issuer(user: Actor, campaign: Campaign) -> bool:
    return can_issue_at(user, campaign.issuing_unit)


def can_edit_plan(user: Actor, campaign: Campaign) -> bool:
    """Change a draft's texts, phases, deadlines, targets and report schedules."""
    return is_editable(campaign) and is_issuer(user, campaign)


def can_launch(user: Actor, campaign: Campaign) -> bool:
    return is_editable(campaign) and is_issuer(user, campaign)


def can_cancel(user: Actor, campaign: Campaign) -> bool:
    return is_editable(campaign) and is_issuer(user, campaign)


def can_duplicate(user: Actor, campaign: Campaign) -> bool:
    """A draft copy for the next period, whatever the plan's state."""
    return is_issuer(user, campaign)


def can_edit_criteria(user: Actor, campaign: Campaign) -> bool:
    """Add criteria (and change those nobody scored against yet)."""
    return criteria_open(campaign) and is_issuer(user, campaign)


def can_delete_criterion(user: Actor, criterion: EvaluationCriterion) -> bool:
    return can_edit_criteria(user, criterion.campaign) and not is_scored(criterion)


def can_register_in(membership: Membership | None, campaign: Campaign) -> bool:
    """The acting membership registers initiatives under the plan: staff or head of a unit
    taking part in the launched plan. One query."""
    return (
        membership is not None
        and membership.role in REGISTERING_ROLES
        and campaign.is_launched
        and campaign.participations.filter(unit_id=membership.unit_id).exists()
    )


def can_open_review_boards(user: User, campaign: Campaign) -> bool:
    """The links to the launched plan's review boards (each board checks its own right)."""
    return campaign.is_launched and has_role(user, Role.REVIEWER, Role.TENANT_ADMIN)


# --- Deadlines ---


def receives_for(user: Actor, deadline: Deadline) -> bool:
    """A reviewer of the deadline's receiving unit or of a unit above it, or the tenant
    administrator (alone when the deadline names no receiving unit)."""
    if is_system(user):
        return True
    receiving = deadline.receiving_unit
    if receiving is None:
        return is_tenant_admin(user, deadline.phase.campaign.tenant_id)
    return reviews_at(user, receiving)


def extensions_open(deadline: Deadline) -> bool:
    """A unit is given more time once the plan is launched."""
    return deadline.phase.campaign.is_launched


def can_extend(user: Actor, deadline: Deadline) -> bool:
    """Grant a unit a later due date for `deadline`."""
    return extensions_open(deadline) and receives_for(user, deadline)


def can_remind(user: Actor, deadline: Deadline) -> bool:
    """Remind the units that still owe `deadline` now: whoever may grant them more time."""
    return receives_for(user, deadline)


# --- The tenant's settings ---


def can_manage_external_plans(user: Actor, tenant_id: int | None) -> bool:
    """The tenant administrator and the tenant's reviewers record the plans of the levels
    above that are not on the platform (once for the whole tenant)."""
    if is_system(user):
        return True
    return any(
        m.tenant_id == tenant_id and m.role in (Role.TENANT_ADMIN, Role.REVIEWER)
        for m in user_memberships(user)
    )


def can_manage_reminders(user: Actor, tenant_id: int) -> bool:
    """When and how the tenant's units are reminded; sending a failed e-mail again."""
    return is_system(user) or is_tenant_admin(user, tenant_id)
