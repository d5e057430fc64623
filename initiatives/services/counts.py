"""The review boards' counters (`ItemCount`): items per level deadline, unit, status at that
level and lateness, moved in the transaction of every change to an item, so that a board reads
a few rows per unit instead of counting the items below.

A service wraps its writes in `following(ids)`: the items' places in the counters are read
before and after, and the difference is added in one statement (`INSERT … ON CONFLICT DO
UPDATE`, on PostgreSQL and SQLite alike). Three queries whatever the number of items moved;
an item created inside is `add`ed, an item deleted inside simply counts nothing after.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from contextlib import contextmanager

from django.db import connection
from django.db.models import Case, CharField, Count, F, Value, When

from core.counters import add_to_counters
from initiatives.models import Initiative, ItemCount

Status = Initiative.Status
# (tenant id, level deadline id, unit id, status at that level, late)
Key = tuple[int, int, int, str, bool]
COLUMNS = ("tenant_id", "deadline_id", "unit_id", "status", "is_late", "items")
BATCH = 500


def places(ids: Iterable[int]) -> Counter[Key]:
    """Where the items count: under their registration deadline and each deadline a list
    forwarded them to, with their own status where they are reviewed now and "accepted" at
    the levels they have passed (one query: the lists joined in)."""
    ids = list(ids)
    if not ids:
        return Counter()
    rows = (
        Initiative.objects.filter(pk__in=ids)
        .order_by()
        .values_list(
            "pk",
            "tenant_id",
            "deadline_id",
            "review_deadline_id",
            "unit_id",
            "status",
            "is_late",
            "consolidations__forwarded_to_id",
        )
    )
    items = {}
    levels = defaultdict(set)
    for pk, tenant, deadline, review, unit, status, late, forwarded_to in rows:
        items[pk] = (tenant, deadline, review, unit, status, late)
        levels[pk].add(deadline)
        if forwarded_to is not None:
            levels[pk].add(forwarded_to)
    found: Counter[Key] = Counter()
    for pk, (tenant, _deadline, review, unit, status, late) in items.items():
        for level in levels[pk]:
            found[(tenant, level, unit, status if level == review else Status.ACCEPTED, late)] += 1
    return found


def add(delta: Counter[Key], *, connection=connection) -> None:
    """Add `delta` to the counters, creating the rows it needs: one statement per 500 keys
    (`connection`: the migration's)."""
    changed = [(*key, n) for key, n in delta.items() if n]
    add_to_counters(ItemCount, COLUMNS, 5, changed, batch=BATCH, connection=connection)


class Followed:
    def __init__(self, ids: Iterable[int]):
        self.ids = set(ids)
        self.before = places(self.ids)

    def add(self, *ids: int) -> None:
        """Items created inside the block: they counted nowhere before."""
        self.ids.update(ids)


@contextmanager
def following(ids: Iterable[int] = ()):
    """Move the counters of the items `ids` (and those `add`ed) by what the block changes.
    Inside the caller's transaction, so a counter never drifts from its items: a block that
    raises moves nothing and the transaction rolls back what it wrote."""
    if not connection.in_atomic_block:
        raise RuntimeError("Item counters move inside the transaction of the change.")
    followed = Followed(ids)
    yield followed
    delta = places(followed.ids)
    delta.subtract(followed.before)
    add(delta)


def recount(tenant_id: int | None = None, *, items=None) -> Counter[Key]:
    """The counters from the items themselves, by two GROUP BYs: what `rebuild` and the
    migration that made the table write, and what the tests compare the kept counters with
    (`items`: the migration's historical model)."""
    items = Initiative.objects.all() if items is None else items
    if tenant_id is not None:
        items = items.filter(tenant_id=tenant_id)

    def at(level):
        return Case(
            When(review_deadline_id=level, then=F("status")),
            default=Value(Status.ACCEPTED),
            output_field=CharField(),
        )

    registered = (
        items.annotate(level=at(F("deadline_id")))
        .values_list("tenant_id", "deadline_id", "unit_id", "level", "is_late")
        .annotate(n=Count("pk"))
        .order_by()
    )
    forwarded = (
        items.filter(consolidations__forwarded_to__isnull=False)
        .annotate(
            level_deadline=F("consolidations__forwarded_to_id"),
            level=at(F("consolidations__forwarded_to_id")),
        )
        .values_list("tenant_id", "level_deadline", "unit_id", "level", "is_late")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    found: Counter[Key] = Counter()
    for *key, n in [*registered, *forwarded]:
        found[tuple(key)] += n
    return found


def kept(tenant_id: int | None = None) -> Counter[Key]:
    """The counters as kept (rows at zero left out)."""
    rows = ItemCount.objects.filter(items__gt=0)
    if tenant_id is not None:
        rows = rows.filter(tenant_id=tenant_id)
    return Counter({tuple(key): n for *key, n in rows.values_list(*COLUMNS)})


def rebuild(tenant_id: int | None = None) -> None:
    """Write the counters afresh from the items (after a bulk load that went round the
    services: the benchmark's province)."""
    rows = ItemCount.objects.all()
    if tenant_id is not None:
        rows = rows.filter(tenant_id=tenant_id)
    rows.delete()
    add(recount(tenant_id))
