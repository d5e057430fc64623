"""The roll-up arithmetic of periodic reports on a three-level tree (Sở → Phòng → schools),
with not-applicable figures, a draft that does not count and a school that has not reported."""

from decimal import Decimal

import pytest

from reports import selectors
from tests.factories import periodic_report, reporting_campaign
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarter(tree):
    plan = reporting_campaign(tree["department"])
    schedule = plan.report_schedules.get()
    periodic_report(
        tree["a1"],
        schedule,
        {"tthc-dung-han": (196, 200), "hai-long-tthc": (90, 100), "so-mo-hinh": (2, None)},
    )
    periodic_report(
        tree["a2"],
        schedule,
        {"tthc-dung-han": (0, 0), "hai-long-tthc": (50, 50), "so-mo-hinh": (0, None)},
    )
    periodic_report(
        tree["b1"],
        schedule,
        {"tthc-dung-han": (45, 50), "hai-long-tthc": (0, 0), "so-mo-hinh": (1, None)},
    )
    # B2 has only a draft: it counts as not reported, and its figures count nowhere.
    periodic_report(
        tree["b2"],
        schedule,
        {"tthc-dung-han": (0, 100), "hai-long-tthc": (0, 100), "so-mo-hinh": (0, None)},
        submit=False,
    )
    return schedule


def by_code(row):
    return {a.target.indicator.code: a for a in row.attainments}


def test_the_department_sees_sums_of_numerators_over_sums_of_denominators(tree, quarter):
    result = selectors.rollup(quarter, 2024, "q1", tree["department"])
    total = by_code(result.total)

    assert (total["tthc-dung-han"].numerator, total["tthc-dung-han"].denominator) == (241, 250)
    assert total["tthc-dung-han"].value == Decimal("96.40")
    assert total["tthc-dung-han"].meets is False
    assert (total["tthc-dung-han"].applicable, total["tthc-dung-han"].meeting) == (2, 1)
    assert total["tthc-dung-han"].share_meeting == Decimal("50.0")
    assert total["hai-long-tthc"].value == Decimal("93.33")
    assert total["so-mo-hinh"].value == Decimal("3")
    assert total["so-mo-hinh"].meets is None
    assert total["so-mo-hinh"].share_meeting == Decimal("66.7")
    assert (result.total.expected, result.total.reported, result.total.missing) == (4, 3, 1)


def test_each_office_row_rolls_up_its_own_schools(tree, quarter):
    result = selectors.rollup(quarter, 2024, "q1", tree["department"])
    rows = {row.unit.pk: row for row in result.rows}

    office_a, office_b = by_code(rows[tree["office_a"].pk]), by_code(rows[tree["office_b"].pk])
    assert office_a["tthc-dung-han"].value == Decimal("98.00")
    assert office_a["tthc-dung-han"].meets is True
    assert office_a["hai-long-tthc"].value == Decimal("93.33")
    # B1's 0/0 is not applicable and B2 has not reported: nothing applies, not 0% or 100%.
    assert office_b["hai-long-tthc"].value is None
    assert office_b["hai-long-tthc"].meets is None
    assert office_b["tthc-dung-han"].value == Decimal("90.00")
    assert (rows[tree["office_b"].pk].expected, rows[tree["office_b"].pk].reported) == (2, 1)
    assert list(rows) == [tree["office_a"].pk, tree["office_b"].pk]


def test_drilling_down_to_an_office_lists_its_schools(tree, quarter):
    result = selectors.rollup(quarter, 2024, "q1", tree["office_a"])

    assert [row.unit for row in result.rows] == [tree["a1"], tree["a2"]]
    a2 = by_code(result.rows[1])
    assert a2["tthc-dung-han"].value is None  # 0/0
    assert a2["hai-long-tthc"].value == Decimal("100.00")
    assert result.missing == []


def test_units_below_target_and_units_not_reported_are_listed(tree, quarter):
    result = selectors.rollup(quarter, 2024, "q1", tree["department"])

    below = {(f.report.unit.code, f.target.indicator.code) for f in result.below}
    assert below == {("A1", "hai-long-tthc"), ("A2", "so-mo-hinh"), ("B1", "tthc-dung-han")}
    assert result.below_count == 3
    assert result.missing == [tree["b2"]]


def test_the_trend_follows_the_periods_in_order(tree, quarter):
    periodic_report(
        tree["a1"],
        quarter,
        {"tthc-dung-han": (99, 100), "hai-long-tthc": (95, 100), "so-mo-hinh": (3, None)},
        period="h1",
    )

    found = selectors.trend(quarter, tree["department"])

    assert [(year, period) for year, period, _ in found] == [(2024, "q1"), (2024, "h1")]
    assert [a.value for a in found[1][2]] == [Decimal("99.00"), Decimal("95.00"), Decimal("3")]


def test_the_kept_sums_follow_a_report_submitted_or_reopened_since(tree, quarter):
    from reports import services
    from reports.models import PeriodicReport

    before = by_code(selectors.rollup(quarter, 2024, "q1", tree["department"]).total)
    draft = PeriodicReport.objects.get(unit=tree["b2"], schedule=quarter)
    services.report_submit(actor=SYSTEM, report=draft, now=draft.updated_at)
    submitted = by_code(selectors.rollup(quarter, 2024, "q1", tree["department"]).total)
    services.report_reopen(actor=SYSTEM, report=draft, reason="Sai số liệu")
    reopened = by_code(selectors.rollup(quarter, 2024, "q1", tree["department"]).total)

    assert before["tthc-dung-han"].denominator == 250
    assert submitted["tthc-dung-han"].denominator == 350  # B2's 0/100 now counts
    assert reopened["tthc-dung-han"].denominator == 250


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_cell_prints_as_floatformat_would_in_the_language(tree, quarter, language):
    from django.template.defaultfilters import floatformat
    from django.utils import translation

    result = selectors.rollup(quarter, 2024, "q1", tree["department"])
    cells = [a for row in [result.total, *result.rows] for a in row.attainments]
    extra = selectors.Attainment(cells[0].target, numerator=1, denominator=4, applicable=1)
    with translation.override(language):
        shown = {a.shown for a in [*cells, extra]}
        expected = {
            floatformat(a.value, "-2") + ("%" if a.is_percent else "")
            for a in [*cells, extra]
            if a.value is not None
        }
    assert shown - {""} == expected
    # Whole and fractional values both appear among them.
    assert {"3", "25%"} <= shown
    assert ("93,33%" if language == "vi" else "93.33%") in shown


def test_a_cell_adds_up_again_after_more_figures(tree, quarter):
    result = selectors.rollup(quarter, 2024, "q1", tree["department"])
    count = by_code(result.total)["so-mo-hinh"]
    assert count.value == Decimal("3")
    count.add({"sum_numerator": 4, "sum_denominator": None, "applicable": 1, "meeting": 0})
    assert count.value == Decimal("7") and count.shown == "7"
