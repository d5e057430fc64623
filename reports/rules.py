"""Who may do what to a periodic report, state included: one predicate serves the page, its
button and the service.

- The staff and the head of a unit file its periodic reports: open one for a period, save
  its figures, attach files and send it; a draft only (a sent report changes once reopened).
- A reviewer of the receiving unit (the schedule's, else the plan's issuer) or of a unit above
  it, and the tenant administrator, reopen a sent report; never one of the unit's own staff.
- The dashboard and its exports are for reviewers, award officers and the tenant
  administrator (which units a dashboard covers is `selectors.dashboard_choices`).
- The tenant administrator issues and revokes the API keys of upper-level systems.
`SYSTEM` (units.permissions) may do all of it; an actor of None raises `MissingActor`.
Seeing a report at all is decided by `selectors.visible_reports`; these rules come after it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from units.models import Role, Unit
from units.permissions import Actor, has_role, is_system, is_tenant_admin, reviews_at, works_at

from .models import PeriodicReport, receiving_unit_of


def can_file(user: Actor, unit: Unit) -> bool:
    """Write `unit`'s periodic reports: its staff and its head."""
    return is_system(user) or works_at(user, unit)


def require_file(user: Actor, unit: Unit) -> None:
    if not can_file(user, unit):
        raise PermissionDenied(_("Only the unit's staff file its periodic reports."))


def can_edit(user: Actor, report: PeriodicReport) -> bool:
    """Change the report's figures and attachments, and send it: a draft, by its filers."""
    return report.is_editable and can_file(user, report.unit)


def receives(user: Actor, report: PeriodicReport) -> bool:
    """A reviewer of the receiving unit or above, or the tenant administrator, who is not one
    of the reporting unit's own staff: the one who may send the report back."""
    if is_system(user):
        return True
    return reviews_at(user, receiving_unit_of(report.schedule)) and not works_at(user, report.unit)


def require_receives(user: Actor, report: PeriodicReport) -> None:
    if not receives(user, report):
        raise PermissionDenied(_("Only a reviewer of the receiving unit can reopen a report."))


def can_reopen(user: Actor, report: PeriodicReport) -> bool:
    """Send a submitted report back to the unit for correction."""
    return report.is_submitted and receives(user, report)


def can_view_dashboard(user: Actor) -> bool:
    """The roll-up dashboard and its Excel and PDF copies."""
    return is_system(user) or has_role(user, Role.REVIEWER, Role.AWARD_OFFICER, Role.TENANT_ADMIN)


def can_manage_api_keys(user: Actor, tenant_id: int) -> bool:
    """Issue and revoke the keys upper-level reporting systems read the tenant's data with."""
    return is_system(user) or is_tenant_admin(user, tenant_id)
