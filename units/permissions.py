"""Who someone is at a unit: the small vocabulary every app's `rules.py` is built on.

Each predicate answers for one user and one unit; the `*_units` functions answer the same
question for lists (which units), as a filter on Unit. They read the user's memberships
(one query, cached on the user) and the units' materialised paths, so a role held at a unit
covers its whole subtree where the role says so.

The actor of a service is a user or `SYSTEM`, the platform acting on its own (the demo
loader, the seed plans, `manage.py create_tenant`, an import its caller already checked).
`None` is no actor: a service given None refuses instead of acting with the system's
powers, so forgetting to pass the user can never open a door.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from .models import Role, Unit, User
from .selectors import user_memberships

if TYPE_CHECKING:
    from typing_extensions import TypeIs  # typing.TypeIs is Python 3.13


class SystemActor:
    """The platform itself. Not a user: a row it writes records no user (`as_user`)."""

    is_superuser = False
    is_authenticated = True
    pk = None

    def __repr__(self) -> str:
        return "SYSTEM"

    def __str__(self) -> str:
        return "Hệ thống"


SYSTEM = SystemActor()

Actor = User | SystemActor


class MissingActor(TypeError):
    """A service or rule was called without saying who acts."""


def require_actor(actor) -> None:
    if actor is None:
        raise MissingActor(
            "No actor given: pass the acting user, or units.permissions.SYSTEM for the "
            "platform itself."
        )


def is_system(actor: Actor | None) -> TypeIs[SystemActor]:
    """The platform itself (after refusing a missing actor)."""
    require_actor(actor)
    return actor is SYSTEM


def as_user(actor) -> User | None:
    """The user to record as the author of a row: none when the platform acts."""
    return None if is_system(actor) else actor


def is_tenant_admin(user: User, tenant_id: int | None = None) -> bool:
    """The administrator of `tenant_id` (by default the user's own tenant)."""
    tenant_id = tenant_id or user.tenant_id
    return any(
        m.role == Role.TENANT_ADMIN and m.tenant_id == tenant_id for m in user_memberships(user)
    )


def administers(actor, tenant_id: int | None) -> bool:
    """The platform (`SYSTEM` or a superuser) or the administrator of `tenant_id`."""
    return is_system(actor) or actor.is_superuser or is_tenant_admin(actor, tenant_id)


def has_role(user: User, *roles: str) -> bool:
    """One of `roles` anywhere (the menus and lists a role opens)."""
    return any(m.role in roles for m in user_memberships(user))


def heads(user: User, unit: Unit) -> bool:
    """The head of `unit` itself."""
    return any(m.unit_id == unit.pk and m.role == Role.UNIT_HEAD for m in user_memberships(user))


def works_at(user: User, unit: Unit) -> bool:
    """Staff or head of `unit` itself: the people who write in its name."""
    return any(
        m.unit_id == unit.pk and m.role in (Role.UNIT_STAFF, Role.UNIT_HEAD)
        for m in user_memberships(user)
    )


def holds_at(user: User, unit: Unit, *roles: str) -> bool:
    """One of `roles` at `unit` itself."""
    return any(m.unit_id == unit.pk and m.role in roles for m in user_memberships(user))


def _covers(membership, unit: Unit) -> bool:
    return membership.tenant_id == unit.tenant_id and unit.path.startswith(membership.unit.path)


def reviews_at(user: User, unit: Unit) -> bool:
    """A reviewer of `unit` or of a unit above it, or the tenant administrator."""
    return any(
        m.tenant_id == unit.tenant_id
        and (m.role == Role.TENANT_ADMIN or (m.role == Role.REVIEWER and _covers(m, unit)))
        for m in user_memberships(user)
    )


def officer_over(user: User, unit: Unit) -> bool:
    """An award officer of `unit` or of a unit above it."""
    return any(m.role == Role.AWARD_OFFICER and _covers(m, unit) for m in user_memberships(user))


def reviewed_units(user: User) -> Q:
    """Which units `reviews_at` answers yes for, as a filter on Unit."""
    reach = Q(pk__in=[])
    for m in user_memberships(user):
        if m.role == Role.TENANT_ADMIN:
            reach |= Q(tenant_id=m.tenant_id)
        elif m.role == Role.REVIEWER:
            reach |= m.unit.subtree_filter()
    return reach
