"""The dashboard's sums (`FigureTotal`, `ReportTotal`): the submitted figures of each report
occurrence summed over every unit's subtree, per target, and the reports sent (and late) per
occurrence and subtree. Moved in the transaction of every change that moves a sum, so they
never drift and a dashboard reads a few rows per unit shown instead of the figures below:

- `report_submit` and `report_reopen` (the only services that change what counts: a draft's
  figures count nowhere, and only a draft's figures change) wrap their writes in
  `following([report id])`;
- a unit moved in the tree (`units.services`: move, dissolve, merge) takes its reports'
  sums from its old ancestors to its new ones through `following_subtree`, the reports
  app's `tree_change` hook.

Each block reads the reports' places before and after (three queries each way at most:
reports, figures, ancestors) and adds the difference in one `INSERT … ON CONFLICT DO
UPDATE` per table, on PostgreSQL and SQLite alike. A bulk load that goes round the services
calls `rebuild` (bench/generate.py does).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager

from django.db import connection
from django.db.models import QuerySet

from core.counters import add_to_counters
from units.models import Unit

from .models import FigureTotal, PeriodicReport, ReportFigure, ReportTotal

Status = PeriodicReport.Status
# (tenant id, schedule id, unit id, year, period, target id) → [Σ numerator, Σ denominator,
# figures that apply, figures meeting the target]
FigureKey = tuple[int, int, int, int, str, int]
# (tenant id, schedule id, unit id, year, period) → [sent, sent late]
ReportKey = tuple[int, int, int, int, str]
FIGURE_COLUMNS = (
    "tenant_id",
    "schedule_id",
    "unit_id",
    "year",
    "period",
    "target_id",
    "sum_numerator",
    "sum_denominator",
    "applicable",
    "meeting",
)
REPORT_COLUMNS = ("tenant_id", "schedule_id", "unit_id", "year", "period", "submitted", "late")
BATCH = 400


class Sums:
    """Both tables' amounts for a set of reports, by key."""

    def __init__(self):
        self.figures: defaultdict[FigureKey, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        self.reports: defaultdict[ReportKey, list[int]] = defaultdict(lambda: [0, 0])

    def minus(self, other: Sums) -> Sums:
        """What moves from `other` to these: nothing for the keys that do not change."""
        found = Sums()
        for mine, theirs, out in (
            (self.figures, other.figures, found.figures),
            (self.reports, other.reports, found.reports),
        ):
            for key in mine.keys() | theirs.keys():
                difference = [x - y for x, y in zip(mine[key], theirs[key], strict=True)]
                if any(difference):
                    out[key] = difference
        return found

    def as_counts(self) -> tuple[dict, dict]:
        """The amounts as plain tuples, rows at zero left out (what `kept` returns)."""
        return (
            {k: tuple(v) for k, v in self.figures.items() if any(v)},
            {k: tuple(v) for k, v in self.reports.items() if any(v)},
        )


def sums(reports: QuerySet[PeriodicReport]) -> Sums:
    """What the submitted reports among `reports` add to the totals of their unit and each
    of its ancestors (the tree as it is now): three queries, one when none is submitted."""
    found = Sums()
    submitted = reports.filter(status=Status.SUBMITTED).order_by()
    rows = list(
        submitted.values_list(
            "pk", "tenant_id", "schedule_id", "year", "period", "is_late", "unit__path"
        )
    )
    if not rows:
        return found
    prefixes = {
        path[:n] for *_rest, path in rows for n in range(Unit.steplen, len(path) + 1, Unit.steplen)
    }
    units_at = {
        (tenant, path): pk
        for tenant, path, pk in Unit.objects.filter(
            tenant_id__in={row[1] for row in rows}, path__in=prefixes
        ).values_list("tenant_id", "path", "pk")
    }
    places = {}
    for pk, tenant, schedule, year, period, late, path in rows:
        units = [
            units_at[(tenant, path[:n])] for n in range(Unit.steplen, len(path) + 1, Unit.steplen)
        ]
        places[pk] = (tenant, schedule, year, period, units)
        for unit in units:
            counted = found.reports[(tenant, schedule, unit, year, period)]
            counted[0] += 1
            counted[1] += int(late)
    figures = (
        ReportFigure.objects.filter(report__in=submitted.values("pk"), meets__isnull=False)
        .order_by()
        .values_list("report_id", "target_id", "numerator", "denominator", "meets")
    )
    for report_id, target_id, numerator, denominator, meets in figures:
        tenant, schedule, year, period, units = places[report_id]
        for unit in units:
            summed = found.figures[(tenant, schedule, unit, year, period, target_id)]
            summed[0] += numerator or 0
            summed[1] += denominator or 0
            summed[2] += 1
            summed[3] += int(meets)
    return found


def add(delta: Sums, *, connection=connection) -> None:
    """Add `delta` to both tables, creating the rows it needs: one statement per 400 keys
    and table (`connection`: the migration's)."""
    for model, columns, keys, found in (
        (FigureTotal, FIGURE_COLUMNS, 6, delta.figures),
        (ReportTotal, REPORT_COLUMNS, 5, delta.reports),
    ):
        rows = [(*key, *amounts) for key, amounts in found.items()]
        add_to_counters(model, columns, keys, rows, batch=BATCH, connection=connection)


@contextmanager
def following(ids: Iterable[int]):
    """Move the totals by what the block changes to the reports `ids`. Inside the caller's
    transaction, so a total never drifts from its figures: a block that raises moves nothing
    and the transaction rolls back what it wrote."""
    if not connection.in_atomic_block:
        raise RuntimeError("Report totals move inside the transaction of the change.")
    reports = PeriodicReport.objects.filter(pk__in=list(ids))
    before = sums(reports)
    yield
    add(sums(reports).minus(before))


@contextmanager
def following_subtree(unit: Unit):
    """The reports app's `tree_change` hook (units.services): the sums of every report of
    `unit`'s subtree move from its ancestors before the block to those after it."""
    ids = list(
        PeriodicReport.objects.filter(
            unit__in=Unit.objects.filter(tenant_id=unit.tenant_id, path__startswith=unit.path),
            status=Status.SUBMITTED,
        ).values_list("pk", flat=True)
    )
    if not ids:
        yield
        return
    with following(ids):
        yield


def recount(tenant_id: int | None = None) -> tuple[dict, dict]:
    """Both tables from the reports themselves (zeros left out): what `rebuild` and the
    migration write, and what the tests compare the kept totals with."""
    reports = PeriodicReport.objects.all()
    if tenant_id is not None:
        reports = reports.filter(tenant_id=tenant_id)
    return sums(reports).as_counts()


def kept(tenant_id: int | None = None) -> tuple[dict, dict]:
    """Both tables as kept (rows at zero left out)."""
    figures = FigureTotal.objects.all()
    reports = ReportTotal.objects.all()
    if tenant_id is not None:
        figures = figures.filter(tenant_id=tenant_id)
        reports = reports.filter(tenant_id=tenant_id)
    return (
        {
            tuple(row[:6]): tuple(row[6:])
            for row in figures.values_list(*FIGURE_COLUMNS)
            if any(row[6:])
        },
        {
            tuple(row[:5]): tuple(row[5:])
            for row in reports.values_list(*REPORT_COLUMNS)
            if any(row[5:])
        },
    )


def rebuild(tenant_id: int | None = None) -> None:
    """Write both tables afresh from the reports (after a bulk load that went round the
    services: the benchmark's province)."""
    figures = FigureTotal.objects.all()
    reports = ReportTotal.objects.all()
    if tenant_id is not None:
        figures = figures.filter(tenant_id=tenant_id)
        reports = reports.filter(tenant_id=tenant_id)
    figures.delete()
    reports.delete()
    found = PeriodicReport.objects.all()
    if tenant_id is not None:
        found = found.filter(tenant_id=tenant_id)
    add(sums(found))
