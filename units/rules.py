"""Who may do what to a unit's staff: one predicate serves the page, its button and the service.

- The tenant administrator adds, edits, moves, deactivates and reactivates anyone of the tenant.
- A unit head adds, edits, deactivates and reactivates the staff of their own unit; moving a
  person to another unit (two units are involved) and linking a user account are the
  administrator's.
- Conduct records (kept by the awards app, which reads these rules) are entered by the tenant
  administrator, the head of the person's unit, and an award officer whose unit is the
  person's unit or above it (the council that weighs the record).
- Full personal identification numbers are shown to the tenant administrator only, and each
  showing is logged; the log is read by the tenant administrator only.
`SYSTEM` (units.permissions) is the platform itself: demo loader, imports already checked by
their caller; a platform superuser acts as it. Seeing a person at all is decided by
`selectors.visible_people`; these rules come after it.
"""

from __future__ import annotations

from .models import Person, Unit, User
from .permissions import Actor, administers, heads, is_system, is_tenant_admin, officer_over


def can_manage_tree(user: Actor, tenant_id: int) -> bool:
    """Create, move, rename, merge and dissolve units; import the tree and the staff."""
    return administers(user, tenant_id)


def can_manage_staff(user: Actor, unit: Unit) -> bool:
    """Add people to `unit`, edit, deactivate and reactivate its people."""
    if is_system(user) or user.is_superuser:
        return True
    return is_tenant_admin(user, unit.tenant_id) or heads(user, unit)


def can_add_staff(user: Actor, unit: Unit) -> bool:
    """A dissolved unit receives no one."""
    return unit.is_active and can_manage_staff(user, unit)


def can_edit_person(user: Actor, person: Person) -> bool:
    return can_manage_staff(user, person.unit)


def can_link_account(user: Actor, unit: Unit) -> bool:
    """Accounts are the administrator's: linking one to a person is too."""
    if is_system(user) or user.is_superuser:
        return True
    return is_tenant_admin(user, unit.tenant_id)


def can_move_person(user: Actor, person: Person) -> bool:
    if is_system(user) or user.is_superuser:
        return True
    return is_tenant_admin(user, person.tenant_id)


def can_record_conduct(user: Actor, person: Person) -> bool:
    """See, add and edit the person's conduct records."""
    if can_manage_staff(user, person.unit):
        return True
    return not is_system(user) and officer_over(user, person.unit)


def can_view_personal_data(user: User, person: Person) -> bool:
    return is_tenant_admin(user, person.tenant_id)


def can_read_citizen_id_views(user: User, tenant_id: int | None = None) -> bool:
    """The log of who was shown whose full personal identification number."""
    return is_tenant_admin(user, tenant_id)
