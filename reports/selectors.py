"""Reads of periodic reports: what a unit has to file, and the roll-up of a subtree's figures
for the dashboard and the exports, each in a fixed number of queries whatever the number of
units.

Roll-up rule (issue 6): a target's attainment over a set of units is the sum of their
numerators over the sum of their denominators, counting only submitted reports and only
figures that apply (a denominator of 0 is "not applicable" and counts nowhere); the share of
units meeting the target is taken over the units whose figure applies, each unit judged on
its own percentage as its form showed it (two decimals). A count indicator (number of
models) is summed; whether each unit meets it is counted the same way.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils.formats import get_format

from campaign.models import (
    Campaign,
    KpiIndicator,
    KpiTarget,
    Participation,
    ReportSchedule,
)
from campaign.selectors import schedule_occurrences
from initiatives.models import CchcArea, Initiative
from units.models import Unit, User
from units.selectors import user_scope

from .models import (
    PERIOD_ORDER,
    FigureTotal,
    PeriodicReport,
    ReportFigure,
    ReportTotal,
    period_start,
)
from .services import period_title, report_targets

Status = PeriodicReport.Status
PERCENT = KpiIndicator.Measure.PERCENT
LIST_LIMIT = 100


def visible_reports(user: User) -> QuerySet[PeriodicReport]:
    """Reports of the units in the user's scope, and those sent to a unit in it."""
    scope = user_scope(user)
    received = scope.unit_filter("schedule__receiving_unit__") | (
        Q(schedule__receiving_unit__isnull=True)
        & scope.unit_filter("schedule__campaign__issuing_unit__")
    )
    return (
        PeriodicReport.objects.filter(tenant_id=scope.tenant_id)  # type: ignore[misc]  # None: no tenant, no rows
        .filter(scope.unit_filter("unit__") | (received & Q(status=Status.SUBMITTED)))
        .select_related("unit", "schedule__campaign__issuing_unit", "schedule__receiving_unit")
    )


@dataclass
class DueReport:
    schedule: ReportSchedule
    year: int
    period: str
    due: datetime.date
    report: PeriodicReport | None
    # Whether the user may change the report (reports.rules.can_edit), set by the page.
    can_edit: bool = False

    @property
    def campaign(self) -> Campaign:
        return self.schedule.campaign

    @property
    def title(self) -> str:
        return period_title(self.year, self.period)


def reports_for_unit(unit: Unit, today: datetime.date, *, campaigns=None) -> list[DueReport]:
    """Every report the unit's plans ask of it whose period has begun, with the report if
    one was started, latest first: two queries, one when `campaigns` (the launched plans
    reaching the unit, `campaign.selectors.campaigns_reaching_unit`) brings the schedules."""
    if campaigns is None:
        schedules = list(
            ReportSchedule.objects.filter(
                campaign__status=Campaign.Status.LAUNCHED, campaign__participations__unit=unit
            ).select_related("campaign__issuing_unit", "receiving_unit")
        )
    else:
        # The prefetch set each schedule's campaign; the query's order of schedules.
        schedules = sorted(
            (schedule for campaign in campaigns for schedule in campaign.report_schedules.all()),
            key=lambda schedule: schedule.pk,
        )
    existing = {
        (r.schedule_id, r.year, r.period): r
        for r in PeriodicReport.objects.filter(unit=unit, schedule__in=schedules).select_related(
            "unit"
        )
    }
    found = []
    for schedule in schedules:
        campaign = schedule.campaign
        for period, year, due in schedule_occurrences(
            schedule, campaign.start_date, campaign.end_date
        ):
            if period_start(year, period) <= today:
                found.append(
                    DueReport(
                        schedule, year, period, due, existing.get((schedule.pk, year, period))
                    )
                )
    return sorted(found, key=lambda item: item.due, reverse=True)


# --- Roll-up ---


def _figures(schedule: ReportSchedule, node: Unit) -> QuerySet[ReportFigure]:
    """Figures of submitted reports of `node`'s subtree under `schedule`."""
    return ReportFigure.objects.filter(
        node.subtree_filter("report__unit__"),
        report__schedule=schedule,
        report__status=Status.SUBMITTED,
    )


# A figure that counts (given, and for a percentage with a denominator above 0) has its
# `meets` set by the service; True when the unit's figure meets the target.
APPLIES = Q(meets__isnull=False)
MEETS = Q(meets=True)
ROLLUP = {
    "sum_numerator": Sum("numerator", filter=APPLIES),
    "sum_denominator": Sum("denominator", filter=APPLIES),
    "applicable": Count("id", filter=APPLIES),
    "meeting": Count("id", filter=MEETS),
}


@dataclass
class Attainment:
    """One target over a set of units."""

    target: KpiTarget
    numerator: int = 0
    denominator: int = 0
    applicable: int = 0
    meeting: int = 0

    def add(self, row: dict) -> None:
        self.numerator += row["sum_numerator"] or 0
        self.denominator += row["sum_denominator"] or 0
        self.applicable += row["applicable"]
        self.meeting += row["meeting"]
        self.__dict__.pop("value", None)

    @property
    def is_percent(self) -> bool:
        return self.target.indicator.measure == PERCENT

    # Cached (until the next `add`): a dashboard's table asks each cell's value three times.
    @cached_property
    def value(self) -> Decimal | None:
        """The percentage (two decimals), the summed count, or None: not applicable."""
        if not self.applicable:
            return None
        if not self.is_percent:
            return Decimal(self.numerator)
        return (Decimal(self.numerator) * 100 / Decimal(self.denominator)).quantize(Decimal("0.01"))

    @property
    def meets(self) -> bool | None:
        """The percentage against the target; None for a count (a sum over units is not
        what a per-unit count target speaks of) and when nothing applies."""
        value = self.value
        if value is None or not self.is_percent:
            return None
        return self.target.is_met_by(value)

    @property
    def shown(self) -> str:
        """The value as a table cell prints it ("87,5%", "12"); empty when nothing applies.
        Formatted here: through the template's filters, a Phòng's 700 cells took a tenth of
        its dashboard."""
        value = self.value
        if value is None:
            return ""
        # As floatformat:"-2" prints it, without its cost: the decimals only when not whole.
        text = f"{value:.0f}" if value == value.to_integral_value() else f"{value:.2f}"
        text = text.replace(".", get_format("DECIMAL_SEPARATOR"))
        return text + ("%" if self.is_percent else "")

    @property
    def share_meeting(self) -> Decimal | None:
        if not self.applicable:
            return None
        return (Decimal(self.meeting) * 100 / Decimal(self.applicable)).quantize(Decimal("0.1"))


@dataclass
class RollupRow:
    """A unit below the node (its whole subtree) or the node's own report."""

    unit: Unit
    attainments: list[Attainment]
    expected: int = 0
    reported: int = 0
    # Its cells as the dashboard's table prints them (set by the view).
    cells: str = ""

    @property
    def missing(self) -> int:
        return self.expected - self.reported


@dataclass
class Rollup:
    node: Unit
    schedule: ReportSchedule
    year: int
    period: str
    targets: list[KpiTarget]
    total: RollupRow
    rows: list[RollupRow]
    below: list[ReportFigure] = field(default_factory=list)
    below_count: int = 0
    missing: list[Unit] = field(default_factory=list)


@dataclass
class SubtreeTotals:
    """The kept sums (`FigureTotal`, `ReportTotal`) a dashboard reads: the node's own subtree
    for every period, and each unit directly below it for the period shown."""

    children: list[Unit]
    # {(unit id, year, period): {target id: sums as ROLLUP names them}}
    figures: defaultdict[tuple[int, int, str], dict[int, dict]]
    # {(unit id, year, period): reports sent}
    reported: dict[tuple[int, int, str], int]


def subtree_figures(
    schedule: ReportSchedule, node: Unit, year: int | None = None, period: str | None = None
) -> SubtreeTotals:
    """The sums of the node's subtree for every period of the schedule (the trend), and of
    each unit directly below it for (year, period) when given (the roll-up): read from the
    totals kept with the reports (`reports.totals`), a few rows per unit shown whatever the
    figures below. Three queries (the units below, the figures' and the reports' totals)."""
    children = list(
        Unit.objects.filter(
            tenant_id=node.tenant_id, path__startswith=node.path, depth=node.depth + 1
        ).order_by("path")
    )
    shown = Q(unit_id=node.pk)
    if year is not None:
        shown |= Q(unit_id__in=[unit.pk for unit in children], year=year, period=period)
    figures: defaultdict[tuple[int, int, str], dict[int, dict]] = defaultdict(dict)
    rows = FigureTotal.objects.filter(shown, schedule=schedule).values_list(
        "unit_id", "year", "period", "target_id", *ROLLUP
    )
    for unit_id, found_year, found_period, target_id, *sums in rows:
        figures[(unit_id, found_year, found_period)][target_id] = dict(
            zip(ROLLUP, sums, strict=True)
        )
    reported = {
        (unit_id, found_year, found_period): n
        for unit_id, found_year, found_period, n in ReportTotal.objects.filter(
            shown, schedule=schedule, submitted__gt=0
        ).values_list("unit_id", "year", "period", "submitted")
    }
    return SubtreeTotals(children, figures, reported)


def _count_by_child(rows: QuerySet, child_length: int) -> dict[str, int]:
    """{path of the unit directly below the node: rows of its subtree} for rows with a
    `unit`: one query."""
    grouped = rows.annotate(child=Substr("unit__path", 1, child_length)).values_list("child")
    return dict(grouped.annotate(n=Count("id")))


def _own(node_sums: dict[int, dict], children_sums: list[dict[int, dict]]) -> dict[int, dict]:
    """The node's own report: its subtree's sums less those of the units below it."""
    found = {}
    for target_id, sums in node_sums.items():
        own = dict(sums)
        for child in children_sums:
            for name, value in child.get(target_id, {}).items():
                own[name] -= value
        if own["applicable"]:
            found[target_id] = own
    return found


def rollup(
    schedule: ReportSchedule,
    year: int,
    period: str,
    node: Unit,
    figures: SubtreeTotals | None = None,
) -> Rollup:
    """The node's dashboard figures for one report: per target over its whole subtree, per
    unit directly below it (each with its subtree), the figures below target and the units
    that have not reported. Eight queries at any size (five given `subtree_figures` of the
    same period)."""
    targets = report_targets(schedule)
    if figures is None:
        figures = subtree_figures(schedule, node, year, period)
    child_length = len(node.path) + Unit.steplen
    participants = Participation.objects.filter(
        node.subtree_filter("unit__"), campaign_id=schedule.campaign_id
    )
    expected = _count_by_child(participants, child_length)
    by_path = {unit.path: unit for unit in figures.children}
    by_path[node.path] = node
    children_sums = [figures.figures.get((u.pk, year, period), {}) for u in figures.children]
    per_child = {
        unit.path: sums for unit, sums in zip(figures.children, children_sums, strict=True)
    }
    per_child[node.path] = _own(figures.figures.get((node.pk, year, period), {}), children_sums)
    reported = {u.path: figures.reported.get((u.pk, year, period), 0) for u in figures.children}
    reported[node.path] = figures.reported.get((node.pk, year, period), 0) - sum(reported.values())
    paths = {path for path, n in expected.items() if n} | {p for p, n in reported.items() if n}
    rows = []
    total = RollupRow(node, [Attainment(t) for t in targets])
    for path in sorted(paths):
        row = RollupRow(
            by_path[path],
            [Attainment(t) for t in targets],
            expected=expected.get(path, 0),
            reported=reported.get(path, 0),
        )
        for attainment, overall in zip(row.attainments, total.attainments, strict=True):
            found = per_child.get(path, {}).get(attainment.target.pk)
            if found:
                attainment.add(found)
                overall.add(found)
        total.expected += row.expected
        total.reported += row.reported
        rows.append(row)
    submitted = PeriodicReport.objects.filter(
        node.subtree_filter("unit__"),
        schedule=schedule,
        year=year,
        period=period,
        status=Status.SUBMITTED,
    )
    # The first figures below target in the tree's order come from at most as many reports,
    # each with one such figure: those reports first (a LIMIT in a subquery), so the figures
    # of every report of the period are not joined and sorted to show a hundred.
    failing = ReportFigure.objects.filter(report=OuterRef("pk"), meets=False)
    first_reports = (
        submitted.filter(Exists(failing)).order_by("unit__path").values("pk")[:LIST_LIMIT]
    )
    below = ReportFigure.objects.filter(report__in=first_reports, meets=False)
    missing = participants.exclude(unit__in=submitted.values("unit_id"))
    return Rollup(
        node=node,
        schedule=schedule,
        year=year,
        period=period,
        targets=targets,
        total=total,
        rows=rows,
        below=list(
            below.select_related("report__unit", "target__indicator")
            .only(
                "numerator",
                "denominator",
                "report__id",
                "report__unit__name",
                "report__unit__path",
                "target__id",
                "target__indicator__name",
            )
            .order_by("report__unit__path", "target_id")[:LIST_LIMIT]
        ),
        # Every figure that applies and does not meet its target: no second count query.
        below_count=sum(a.applicable - a.meeting for a in total.attainments),
        missing=list(
            Unit.objects.filter(pk__in=missing.values("unit_id"))
            .only("id", "name", "path")
            .order_by("path")[:LIST_LIMIT]
        ),
    )


def trend(
    schedule: ReportSchedule, node: Unit, figures: SubtreeTotals | None = None
) -> list[tuple[int, str, list[Attainment]]]:
    """Each reported period of the schedule, in order, with the subtree's attainment per
    target: from the node's kept totals, four queries (one given `subtree_figures`)."""
    targets = report_targets(schedule)
    if figures is None:
        figures = subtree_figures(schedule, node)
    periods = sorted(
        ((year, period) for unit_id, year, period in figures.reported if unit_id == node.pk),
        key=lambda key: (key[0], PERIOD_ORDER[key[1]]),
    )
    found = []
    for year, period in periods:
        attainments = {t.pk: Attainment(t) for t in targets}
        for target_id, row in figures.figures.get((node.pk, year, period), {}).items():
            if target_id in attainments:
                attainments[target_id].add(row)
        found.append((year, period, list(attainments.values())))
    return found


def initiatives_by_area(campaign: Campaign, node: Unit) -> list[dict]:
    """Registered initiatives of the node's subtree under the campaign, per CCHC area and
    status (drafts aside): one query."""
    counts: defaultdict[str, defaultdict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = (
        # The initiative's own tenant column too: the area index covers it.
        Initiative.objects.filter(
            node.subtree_filter("unit__"), campaign=campaign, tenant_id=node.tenant_id
        )
        .exclude(status=Initiative.Status.DRAFT)
        .values_list("area", "status")
        .annotate(n=Count("*"))  # not Count("id"): the id is not in the covering index
    )
    for area, status, n in rows:
        counts[area][status] += n
    return [
        {
            "area": area,
            "label": label,
            "by_status": dict(counts[area]),
            "total": sum(counts[area].values()),
        }
        for area, label in CchcArea.choices
    ]


@dataclass
class Progress:
    label: str
    due: datetime.date
    expected: int
    submitted: int
    late: int

    @property
    def share(self) -> int:
        return round(self.submitted * 100 / self.expected) if self.expected else 0


def submission_progress(campaign: Campaign, node: Unit, today: datetime.date) -> list[Progress]:
    """For every deadline of the campaign whose submissions the platform keeps, and every
    report period begun, how many of the node's participating units have sent, and how many
    are late: a few queries per deadline kind."""
    from campaign import obligations
    from campaign.models import Deadline

    in_subtree = set(
        Participation.objects.filter(node.subtree_filter("unit__"), campaign=campaign).values_list(
            "unit_id", flat=True
        )
    )
    deadlines = list(
        Deadline.objects.filter(phase__campaign=campaign, kind__in=obligations.remindable_kinds())
        .select_related("phase")
        .order_by("due_date", "id")
    )
    found = []
    owed = obligations.owed(deadlines)
    for deadline in deadlines:
        state = owed.get(deadline.pk)
        if state is None:
            continue
        expected = state.expected & in_subtree
        owing = state.owing & in_subtree
        found.append(
            Progress(
                f"{deadline.get_kind_display()} — {deadline.phase.name}",
                deadline.due_date,
                len(expected),
                len(expected - owing),
                len(owing) if deadline.due_date < today else 0,
            )
        )
    # The node's kept totals: sent and late per report, whatever the reports below.
    reports: defaultdict[tuple[int, int, str], list[int]] = defaultdict(lambda: [0, 0])
    rows = ReportTotal.objects.filter(unit_id=node.pk, schedule__campaign=campaign).values_list(
        "schedule_id", "year", "period", "submitted", "late"
    )
    for schedule_id, year, period, sent, late in rows:
        reports[(schedule_id, year, period)] = [sent, late]
    for schedule in campaign.report_schedules.all():
        for period, year, due in schedule_occurrences(
            schedule, campaign.start_date, campaign.end_date
        ):
            if period_start(year, period) > today:
                continue
            sent, late_sent = reports[(schedule.pk, year, period)]
            late_missing = len(in_subtree) - sent if due < today else 0
            found.append(
                Progress(
                    f"Báo cáo {period_title(year, period)}",
                    due,
                    len(in_subtree),
                    sent,
                    late_sent + late_missing,
                )
            )
    return sorted(found, key=lambda p: p.due)


def periodic_owed(occurrences, unit_ids: set[int] | None = None) -> dict:
    """Participants (among `unit_ids`, when given) that have not sent each report: the
    provider behind reminders of periodic reports (campaign.obligations). Two queries."""
    from campaign.obligations import Owed, participants_by_campaign

    participants = participants_by_campaign({o.schedule.campaign_id for o in occurrences}, unit_ids)
    sent = PeriodicReport.objects.filter(
        status=Status.SUBMITTED,
        schedule_id__in={o.schedule.pk for o in occurrences},
        year__in={o.year for o in occurrences},
    )
    if unit_ids is not None:
        sent = sent.filter(unit_id__in=unit_ids)
    done = set(sent.values_list("schedule_id", "year", "period", "unit_id"))
    found = {}
    for occurrence in occurrences:
        expected = participants.get(occurrence.schedule.campaign_id, set())
        found[occurrence.key] = Owed(
            expected=set(expected),
            owing={unit for unit in expected if (*occurrence.key, unit) not in done},
        )
    return found


def dashboard_choices(
    user: User,
    acting_unit: Unit | None,
    *,
    schedule_id=None,
    year=None,
    period=None,
    unit_id=None,
    today: datetime.date,
):
    """What the dashboard shows, each choice falling back to a sensible default: the latest
    launched plan with reports in the user's sight, its latest period begun, the acting unit
    (else the top of the user's scope). Returns (schedules, schedule, occurrences as
    (year, period, due), year, period, node); None where nothing applies."""
    from campaign.selectors import visible_campaigns
    from units.selectors import visible_units

    schedules = list(
        ReportSchedule.objects.filter(
            campaign__in=visible_campaigns(user), campaign__status=Campaign.Status.LAUNCHED
        )
        .select_related("campaign__issuing_unit", "receiving_unit")
        .order_by("-campaign__start_date", "id")
    )
    if not schedules:
        return schedules, None, [], None, None, None
    schedule = next((s for s in schedules if s.pk == schedule_id), schedules[0])
    campaign = schedule.campaign
    occurrences = sorted(
        (
            (found_year, found_period, due)
            for found_period, found_year, due in schedule_occurrences(
                schedule, campaign.start_date, campaign.end_date
            )
            if period_start(found_year, found_period) <= today
        ),
        key=lambda o: (o[0], PERIOD_ORDER[o[1]]),
    )
    chosen = next(
        (o for o in occurrences if (o[0], o[1]) == (year, period)),
        occurrences[-1] if occurrences else None,
    )
    units = visible_units(user)
    node = units.filter(pk=unit_id).first() if unit_id else None
    if node is None:
        node = acting_unit if acting_unit is not None else units.order_by("depth", "path").first()
    year, period = (chosen[0], chosen[1]) if chosen else (None, None)
    return schedules, schedule, occurrences, year, period, node
