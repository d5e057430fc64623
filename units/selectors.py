"""Reads of the unit tree and the one place that decides what a user may see.

Scoping rules (every list and every object view goes through `user_scope`):
- a user sees only their own tenant; platform superusers act through the admin only;
- a tenant administrator sees the whole tenant;
- a reviewer or award officer sees the unit of the membership and its whole subtree, at any
  depth, as the tree is *now* (moving a school moves it out of its old reviewer's sight);
- unit staff and unit heads see their own unit only;
- several memberships add up.
Objects outside the scope answer 404, never 403, so their existence does not leak.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404

from .models import CitizenIdView, Membership, Person, Role, Unit, UnitChange, User

_SCOPE_CACHE = "_unit_scope_cache"
_MEMBERSHIPS_CACHE = "_memberships_cache"


@dataclass(frozen=True)
class Scope:
    tenant_id: int | None
    whole_tenant: bool = False
    subtree_paths: tuple[str, ...] = ()
    unit_ids: frozenset[int] = frozenset()

    @property
    def is_empty(self) -> bool:
        return self.tenant_id is None or not (
            self.whole_tenant or self.subtree_paths or self.unit_ids
        )

    def unit_filter(self, prefix: str = "") -> Q:
        """A filter on any model that reaches a unit through `prefix` ("" for Unit itself,
        "unit__" for a model with a `unit` foreign key)."""
        if self.is_empty:
            return Q(pk__in=[])
        tenant = Q(**{f"{prefix}tenant_id": self.tenant_id})
        if self.whole_tenant:
            return tenant
        reach = Q(**{f"{prefix}id__in": sorted(self.unit_ids)}) if self.unit_ids else Q(pk__in=[])
        for path in self.subtree_paths:
            reach |= Q(**{f"{prefix}path__startswith": path})
        return tenant & reach


def user_memberships(user: User) -> list[Membership]:
    """The user's memberships with their units, one query, cached on the user object."""
    if not user.is_authenticated or user.tenant_id is None:
        return []
    cached = getattr(user, _MEMBERSHIPS_CACHE, None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, tenant_id=user.tenant_id)
            .select_related("unit", "unit__kind")
            .order_by("unit__path", "role")
        )
        setattr(user, _MEMBERSHIPS_CACHE, cached)
    return cached


def user_scope(user: User) -> Scope:
    cached = getattr(user, _SCOPE_CACHE, None)
    if cached is not None:
        return cached
    memberships = user_memberships(user)
    subtree_paths: set[str] = set()
    unit_ids: set[int] = set()
    whole_tenant = False
    for membership in memberships:
        if membership.role == Role.TENANT_ADMIN:
            whole_tenant = True
        elif membership.covers_subtree:
            subtree_paths.add(membership.unit.path)
        else:
            unit_ids.add(membership.unit_id)
    # A path already covered by a shorter one adds nothing but SQL.
    minimal_paths = tuple(
        sorted(
            p for p in subtree_paths if not any(p != q and p.startswith(q) for q in subtree_paths)
        )
    )
    scope = Scope(
        tenant_id=user.tenant_id if memberships else None,
        whole_tenant=whole_tenant,
        subtree_paths=minimal_paths,
        unit_ids=frozenset(unit_ids),
    )
    setattr(user, _SCOPE_CACHE, scope)
    return scope


def forget_cached_scope(user: User) -> None:
    """Call after a user's memberships or the tree change within one request."""
    for attr in (_SCOPE_CACHE, _MEMBERSHIPS_CACHE):
        if hasattr(user, attr):
            delattr(user, attr)


def visible_units(user: User) -> QuerySet[Unit]:
    return Unit.objects.filter(user_scope(user).unit_filter()).select_related("kind")


def visible_people(user: User) -> QuerySet[Person]:
    """Every person of the units the user sees, in service or not (records keep them)."""
    return Person.objects.filter(user_scope(user).unit_filter("unit__")).select_related("unit")


def unit_staff(unit: Unit, *, with_inactive: bool = False) -> QuerySet[Person]:
    """The unit's staff for its page: those in service first, then by name. No join: the
    page shows whether a person has an account from `user_id` alone."""
    people = Person.objects.filter(unit=unit)
    if not with_inactive:
        people = people.filter(is_active=True)
    return people.order_by("-is_active", "full_name", "pk")


def choosable_people(unit: Unit, *, keep=None) -> QuerySet[Person]:
    """The unit's people offered as authors, person in charge or nominee: those in service,
    plus `keep` (a Q, ids or a subquery: the people an existing record already names, who
    stay on it after they leave)."""
    condition = Q(is_active=True)
    if isinstance(keep, Q):
        condition |= keep
    elif keep is not None:
        condition |= Q(pk__in=keep)
    return Person.objects.filter(unit=unit).filter(condition).order_by("full_name")


def under_paths(paths, field: str) -> Q:
    """Rows whose `field` tree path lies in the subtree of one of `paths` (none when empty)."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def get_visible_or_404(queryset: QuerySet, **lookup):
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def units_below(unit: Unit, *, include_self: bool = False) -> QuerySet[Unit]:
    """Every unit below `unit` at any depth: one indexed prefix query."""
    queryset = Unit.objects.filter(tenant_id=unit.tenant_id, path__startswith=unit.path)
    if not include_self:
        queryset = queryset.filter(depth__gt=unit.depth)
    return queryset


def unit_children_with_counts(unit: Unit) -> list[Unit]:
    """The direct children of `unit`, each with `descendant_count` (units below it): two
    queries whatever the size of the subtree."""
    children = list(
        Unit.objects.filter(
            tenant_id=unit.tenant_id, path__startswith=unit.path, depth=unit.depth + 1
        )
        .select_related("kind")
        .order_by("name")
    )
    if not children:
        return children
    branch_length = len(children[0].path)
    # `order_by()` first: the manager sorts by path, and a sorted column joins the GROUP BY,
    # which would count every unit in a group of its own ("1 unit below" for four).
    counts = dict(
        units_below(unit)
        .filter(depth__gt=unit.depth + 1)
        .order_by()
        .annotate(branch=Substr("path", 1, branch_length))
        .values("branch")
        .annotate(n=Count("id"))
        .values_list("branch", "n")
    )
    for child in children:
        child.descendant_count = counts.get(child.path, 0)
    return children


def unit_ancestors(unit: Unit) -> list[Unit]:
    """The chain from the tenant's top unit down to the parent of `unit`: one query."""
    steplen = unit.steplen
    paths = [unit.path[:i] for i in range(steplen, len(unit.path), steplen)]
    return list(Unit.objects.filter(path__in=paths).order_by("depth"))


def unit_changes(unit: Unit) -> QuerySet[UnitChange]:
    return UnitChange.objects.filter(Q(unit=unit) | Q(successor=unit)).select_related(
        "unit", "old_parent", "new_parent", "successor", "actor"
    )


def _tenant_lookup(model) -> str | None:
    """The lookup from a (history) model to its tenant id: "tenant_id", or through the row it
    belongs to ("phase__campaign__tenant_id"), as the row-level security policies go."""
    from . import rls

    path = []
    while not any(f.name == "tenant" for f in model._meta.concrete_fields):
        parent = rls.parent_field(model)
        if parent is None:
            return None
        path.append(parent.name)
        model = parent.related_model
    return "__".join([*path, "tenant_id"])


def audited_models() -> list:
    """The history models of every tracked domain model (django-simple-history)."""
    from django.apps import apps
    from simple_history.models import HistoricalChanges

    return [
        model
        for model in apps.get_models()
        if issubclass(model, HistoricalChanges) and _tenant_lookup(model) is not None
    ]


def audit_trail(tenant_id: int, *, before=None, model_label: str = "", limit: int = 50):
    """(entries, cursor): the tenant's latest changes across the tracked models (or the one
    of `model_label`), newest first, in the user's words (units.audit): who, when and, for
    a change, each field's old and new value; a constant number of queries."""
    from . import audit

    history_models = [
        model
        for model in audited_models()
        if not model_label or model.instance_type._meta.label_lower == model_label
    ]
    lookups = {model: _tenant_lookup(model) for model in history_models}
    return audit.audit_trail(history_models, lookups, tenant_id, before=before, limit=limit)


def citizen_id_views(
    tenant_id: int, *, person_id: int | None = None, viewer_id: int | None = None
) -> QuerySet[CitizenIdView]:
    """The tenant's log of full personal identification numbers shown, newest first, with the
    person, their unit and the viewer (one query per page)."""
    views = CitizenIdView.objects.filter(tenant_id=tenant_id).select_related(
        "person__unit", "viewer"
    )
    if person_id is not None:
        views = views.filter(person_id=person_id)
    if viewer_id is not None:
        views = views.filter(viewer_id=viewer_id)
    return views.order_by("-viewed_at", "-id")


def citizen_id_viewers(tenant_id: int) -> QuerySet[User]:
    """The users who appear in the tenant's log, for its filter (one query)."""
    seen = CitizenIdView.objects.filter(tenant_id=tenant_id).values("viewer_id")
    return User.objects.filter(pk__in=seen).order_by("full_name", "username")


def _unit_users(units, roles) -> dict[int, list[int]]:
    """{unit id: user ids} of the active holders of `roles` at each of `units` itself, of the
    unit's tenant: one query, whatever their number. `units` are units or unit ids (each one
    present in the answer, with an empty list when nobody holds the role) or a Unit queryset
    (read as a subquery: only the units with someone are present)."""
    found: dict[int, list[int]] = {}
    if not isinstance(units, QuerySet):
        units = [unit if isinstance(unit, int) else unit.pk for unit in units]
        found = {pk: [] for pk in units}
    rows = (
        _unit_memberships(units, roles)
        .values_list("unit_id", "user_id")
        .order_by("unit_id", "user_id")
        .distinct()
    )
    for unit_id, user_id in rows:
        found.setdefault(unit_id, []).append(user_id)
    return found


def _unit_memberships(units, roles) -> QuerySet:
    ids = units.values("pk") if isinstance(units, QuerySet) else units
    return Membership.objects.filter(
        unit_id__in=ids, role__in=roles, user__is_active=True, user__tenant_id=F("tenant_id")
    )


def unit_people_query(units) -> QuerySet:
    """The user ids of `unit_people_users` as a query (a user in several units repeats), for
    `notifications.services.notify_query`: nothing read into Python."""
    return _unit_memberships(units, (Role.UNIT_HEAD, Role.UNIT_STAFF)).values_list(
        "user_id", flat=True
    )


def unit_heads_query(units) -> QuerySet:
    """The user ids of `unit_heads_users` as a query."""
    return _unit_memberships(units, (Role.UNIT_HEAD,)).values_list("user_id", flat=True)


def unit_reviewers_query(units) -> QuerySet:
    """The user ids of `unit_reviewers_users` as a query."""
    return _unit_memberships(units, (Role.REVIEWER,)).values_list("user_id", flat=True)


def unit_people_users(units) -> dict[int, list[int]]:
    """The people to tell of what happens to a unit: its heads and staff accounts."""
    return _unit_users(units, (Role.UNIT_HEAD, Role.UNIT_STAFF))


def unit_heads_users(units) -> dict[int, list[int]]:
    """The heads of each unit."""
    return _unit_users(units, (Role.UNIT_HEAD,))


def unit_reviewers_users(units) -> dict[int, list[int]]:
    """The reviewers holding their role at each unit itself (those who receive what it is
    sent), not those above it."""
    return _unit_users(units, (Role.REVIEWER,))
