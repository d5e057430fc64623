"""Who may do what to a unit's staff: one predicate serves the page, its button and the service.

- The tenant administrator adds, edits, moves, deactivates and reactivates anyone of the tenant.
- A unit head adds, edits, deactivates and reactivates the staff of their own unit; moving a
  person to another unit (two units are involved) and linking a user account are the
  administrator's.
- Conduct records (kept by the awards app, which reads these rules) are entered by the tenant
  administrator, the head of the person's unit, and an award officer whose unit is the
  person's unit or above it (the council that weighs the record).
`actor=None` is the system itself (demo loader, imports already checked by their caller).
Seeing a person at all is decided by `selectors.visible_people`; these rules come after it.
"""

from __future__ import annotations

from .models import Person, Role, Unit, User
from .selectors import is_tenant_admin, user_memberships


def _is_system(user: User | None) -> bool:
    return user is None or user.is_superuser


def _heads(user: User, unit: Unit) -> bool:
    return any(m.unit_id == unit.pk and m.role == Role.UNIT_HEAD for m in user_memberships(user))


def can_manage_staff(user: User | None, unit: Unit) -> bool:
    """Add people to `unit`, edit, deactivate and reactivate its people."""
    if _is_system(user):
        return True
    return is_tenant_admin(user, unit.tenant_id) or _heads(user, unit)


def can_add_staff(user: User | None, unit: Unit) -> bool:
    """A dissolved unit receives no one."""
    return unit.is_active and can_manage_staff(user, unit)


def can_edit_person(user: User | None, person: Person) -> bool:
    return can_manage_staff(user, person.unit)


def can_link_account(user: User | None, unit: Unit) -> bool:
    """Accounts are the administrator's: linking one to a person is too."""
    if _is_system(user):
        return True
    return is_tenant_admin(user, unit.tenant_id)


def can_move_person(user: User | None, person: Person) -> bool:
    if _is_system(user):
        return True
    return is_tenant_admin(user, person.tenant_id)


def can_record_conduct(user: User | None, person: Person) -> bool:
    """See, add and edit the person's conduct records."""
    if can_manage_staff(user, person.unit):
        return True
    unit_path = person.unit.path
    return any(
        m.role == Role.AWARD_OFFICER
        and m.tenant_id == person.tenant_id
        and unit_path.startswith(m.unit.path)
        for m in user_memberships(user)
    )
