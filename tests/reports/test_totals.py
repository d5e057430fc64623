"""The dashboard's kept sums (`FigureTotal`, `ReportTotal`) stay equal to a recount of the
reports whatever sequence of changes the services go through (reports opened, saved, sent,
reopened; units moved in the tree), and move with the transaction or not at all."""

import contextlib
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaign.models import Participation
from reports import selectors, services, totals
from reports.models import FigureTotal, PeriodicReport
from tests.factories import local_time, periodic_report, reporting_campaign
from units import services as unit_services
from units.models import Unit
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

Status = PeriodicReport.Status
ACTIONS = ("send", "send", "save", "reopen", "move")
PERIODS = ("q1", "h1", "q3", "year")


@pytest.fixture
def schedule(tree):
    return reporting_campaign(tree["department"]).report_schedules.get()


def _figures(data, report) -> dict:
    """Random figures for every target of the report: some not applicable, some missing the
    target, a count indicator's single figure."""
    found = {}
    for row in report.figures.select_related("target__indicator"):
        if row.target.indicator.measure == "count":
            found[row.target_id] = (data.draw(st.integers(0, 9), label="count"), None)
        else:
            denominator = data.draw(st.integers(0, 50), label="denominator")
            numerator = data.draw(st.integers(0, denominator), label="numerator")
            found[row.target_id] = (numerator, denominator)
    return found


def _step(data, tree, schedule, action: str) -> None:
    """One change through the services, on a unit or report drawn from those it fits."""
    if action in ("send", "save"):
        units = list(
            Unit.objects.filter(
                pk__in=Participation.objects.filter(campaign=schedule.campaign).values("unit_id")
            ).order_by("path")
        )
        unit = data.draw(st.sampled_from(units), label="unit")
        period = data.draw(st.sampled_from(PERIODS), label="period")
        report = services.report_open(
            actor=SYSTEM,
            schedule=schedule,
            year=2024,
            period=period,
            unit=unit,
            today=datetime.date(2024, 12, 31),
        )
        if not report.is_editable:
            return
        services.report_save(actor=SYSTEM, report=report, figures=_figures(data, report))
        if action == "send":
            late = data.draw(st.booleans(), label="late")
            due = services.occurrence_due(schedule, 2024, period)
            day = due + datetime.timedelta(days=3 if late else -1)
            services.report_submit(
                actor=SYSTEM, report=report, now=local_time(day.year, day.month, day.day, 9)
            )
        return
    if action == "reopen":
        sent = list(PeriodicReport.objects.filter(status=Status.SUBMITTED).order_by("pk"))
        if sent:
            report = data.draw(st.sampled_from(sent), label="report")
            services.report_reopen(actor=SYSTEM, report=report, reason="Sai số liệu")
        return
    # A school or Phòng B moves under another unit (a move under itself is refused).
    unit = data.draw(
        st.sampled_from([tree["a1"], tree["a2"], tree["b1"], tree["b2"], tree["office_b"]]),
        label="moved",
    )
    parent = data.draw(
        st.sampled_from([tree["department"], tree["office_a"], tree["office_b"]]),
        label="new parent",
    )
    unit.refresh_from_db()
    parent.refresh_from_db()
    if Unit.objects.get_parent(unit) == parent:
        return
    with contextlib.suppress(ValidationError):
        unit_services.unit_move(actor=SYSTEM, unit=unit, new_parent=parent)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_the_totals_equal_a_recount_after_every_change(tree, schedule, data):
    actions = data.draw(st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=14))
    # Each example from the same tree: its writes are rolled back at the end.
    with transaction.atomic():
        for number, action in enumerate(actions):
            with transaction.atomic():
                _step(data, tree, schedule, action)
            assert totals.kept() == totals.recount(), f"after {actions[: number + 1]}"
        transaction.set_rollback(True)


def test_the_dashboard_reads_the_sums_a_recount_would_give(tree, schedule):
    """The Sở's roll-up per Phòng and in total, and the trend, equal the sums of the figures
    sent; after a school moves from Phòng B to Phòng A they follow it."""

    def given(on_time, satisfied, models):
        return {"tthc-dung-han": on_time, "hai-long-tthc": satisfied, "so-mo-hinh": (models, None)}

    periodic_report(tree["a1"], schedule, given((9, 10), (1, 2), 2))
    periodic_report(tree["b1"], schedule, given((3, 4), (0, 0), 1))
    periodic_report(tree["b1"], schedule, given((1, 1), (1, 1), 0), period="h1")
    periodic_report(tree["b2"], schedule, given((5, 5), (5, 5), 5), submit=False)

    def figures(node):
        result = selectors.rollup(schedule, 2024, "q1", node)
        return {
            row.unit.code: [(a.numerator, a.denominator, a.applicable) for a in row.attainments]
            for row in [result.total, *result.rows]
        }, {row.unit.code: (row.reported, row.expected) for row in result.rows}

    sums, reported = figures(tree["department"])
    assert sums == {
        "SGDĐT": [(12, 14, 2), (1, 2, 1), (3, 0, 2)],
        "PGD-A": [(9, 10, 1), (1, 2, 1), (2, 0, 1)],
        "PGD-B": [(3, 4, 1), (0, 0, 0), (1, 0, 1)],
    }
    assert reported == {"PGD-A": (1, 2), "PGD-B": (1, 2)}
    trend = selectors.trend(schedule, tree["department"])
    assert [(year, period) for year, period, _ in trend] == [(2024, "q1"), (2024, "h1")]
    assert [(a.numerator, a.denominator) for a in trend[1][2]][:2] == [(1, 1), (1, 1)]

    unit_services.unit_move(actor=SYSTEM, unit=tree["b1"], new_parent=tree["office_a"])
    sums, reported = figures(tree["department"])
    assert sums["PGD-A"] == [(12, 14, 2), (1, 2, 1), (3, 0, 2)]
    assert sums["PGD-B"] == [(0, 0, 0), (0, 0, 0), (0, 0, 0)]
    assert reported == {"PGD-A": (2, 3), "PGD-B": (0, 1)}  # B1 is expected under A now
    assert totals.kept() == totals.recount()


def test_a_change_rolled_back_leaves_the_totals_as_they_were(tree, schedule, monkeypatch):
    figures = {"tthc-dung-han": (9, 10), "hai-long-tthc": (1, 2), "so-mo-hinh": (1, None)}
    sent = periodic_report(tree["a1"], schedule, figures)
    draft = periodic_report(tree["a2"], schedule, figures, submit=False)
    before = totals.kept()
    assert before == totals.recount() and before[0]

    # Each fails after its totals moved: the notice of a reopening, of a late report.
    def fail(*args, **kwargs):
        raise ValidationError("down")

    monkeypatch.setattr("reports.notices.report_reopened", fail)
    with pytest.raises(ValidationError):
        services.report_reopen(actor=SYSTEM, report=sent, reason="Sai")
    monkeypatch.setattr("reports.notices.report_late", fail)
    with pytest.raises(ValidationError):
        services.report_submit(actor=SYSTEM, report=draft, now=local_time(2024, 12, 1, 9))

    assert totals.kept() == before == totals.recount()
    assert FigureTotal.objects.filter(unit=tree["a2"]).count() == 0
