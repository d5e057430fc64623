"""The dashboard's charts as the server gives them to the page: full labels, the values as
Vietnamese prints them, colours that mean what the badges mean, and "Chưa có dữ liệu" where
there is nothing to draw."""

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from initiatives import services as initiative_services
from reports.charts import LATE_COLOUR, STATUS_COLOURS, percent_text
from tests.factories import dashboard_plan, initiative, local_time, member, periodic_report
from units.models import Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


@pytest.fixture
def schedule(tree):
    return dashboard_plan(tree["office_a"]).report_schedules.get()


def figures(**given):
    """A report's figures by indicator code: `given`, the others not applicable (0/0) and no
    model registered."""
    found = {"hai-long-tthc": (0, 0), "xin-loi-tre-han": (0, 0), "so-mo-hinh": (0, None)}
    return {**found, **{code.replace("_", "-"): pair for code, pair in given.items()}}


def charts_of(client, tree, schedule, period="q1"):
    """The chart data the dashboard page carries in its json_script, and the page."""
    client.force_login(member(tree["office_a"], Role.REVIEWER))
    answer = client.get(
        f"/reports/dashboard/?schedule={schedule.pk}&year=2024&period={period}"
        f"&unit={tree['office_a'].pk}"
    )
    assert answer.status_code == 200
    page = answer.content.decode()
    found = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', page)
    return json.loads(found.group(1)), page


def submitted(unit, deadline, name, area):
    item = initiative(unit, deadline, name=name)
    initiative_services.initiative_update(
        actor=SYSTEM,
        initiative=item,
        kind="solution",
        area=area,
        situation="Thực trạng",
        objectives="Mục tiêu",
        expected_results="Kết quả",
    )
    return initiative_services.initiative_submit(
        actor=SYSTEM, initiative=item, now=local_time(2024, 8, 20)
    )


def test_the_attainment_chart_names_each_target_in_full_and_prints_its_value(
    client, tree, schedule
):
    periodic_report(
        tree["a1"],
        schedule,
        {
            "tthc-dung-han": (249, 250),
            "hai-long-tthc": (93, 100),
            "xin-loi-tre-han": (0, 0),
            "so-mo-hinh": (2, None),
        },
    )

    charts, _page = charts_of(client, tree, schedule)

    attainment = charts["attainment"]
    assert attainment["labels"] == [  # the count target (models) is not a percentage bar
        "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn",
        "Mức độ hài lòng về giải quyết thủ tục hành chính",
        "Tỷ lệ hồ sơ trễ hạn có thư xin lỗi",
    ]
    assert attainment["values"] == [99.6, 93.0, None]
    assert attainment["texts"] == [f"99,6{NBSP}%", f"93{NBSP}%", "không áp dụng"]
    assert attainment["targets"] == [98.0, 95.0, 100.0]
    assert attainment["colours"][:2] == ["success", "danger"]  # met, below
    assert attainment["empty"] is False
    assert charts["percent"] == f"{NBSP}%"


def test_99_6_and_100_percent_print_apart_and_nothing_is_rounded_up_to_100():
    assert percent_text(Decimal("99.60")) == f"99,6{NBSP}%"
    assert percent_text(Decimal("100.00")) == f"100{NBSP}%"
    assert percent_text(Decimal("99.96")) == f"99,96{NBSP}%"
    assert percent_text(Decimal("0.00")) == f"0{NBSP}%"
    with translation.override("en"):
        assert percent_text(Decimal("99.60")) == "99.6%"


def test_the_trend_draws_one_chart_per_target_with_each_periods_value(client, tree, schedule):
    periodic_report(tree["a1"], schedule, figures(tthc_dung_han=(196, 200)), period="q1")
    periodic_report(tree["a1"], schedule, figures(tthc_dung_han=(200, 200)), period="h1")

    charts, page = charts_of(client, tree, schedule, period="h1")

    trend = charts["trend"]
    assert trend["periods"] == ["Quý I năm 2024", "06 tháng năm 2024"]
    on_time = trend["series"][0]
    assert on_time["label"] == "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn"
    assert (on_time["values"], on_time["texts"]) == ([98.0, 100.0], [f"98{NBSP}%", f"100{NBSP}%"])
    assert on_time["target"] == 98.0 and on_time["colours"] == ["success", "success"]
    # A target no report gave a figure for says so instead of an empty chart.
    assert [s["empty"] for s in trend["series"]] == [False, True, True]
    assert page.count('data-trend="') == 1
    assert "Chỉ tiêu: từ 98% trở lên (đường nét đứt)" in page


def test_initiatives_by_area_are_coloured_as_their_status_badges(client, tree, schedule):
    deadline = schedule.campaign.phases.get().deadlines.get()
    accepted = submitted(tree["a1"], deadline, "Sổ liên lạc điện tử", "digital")
    initiative_services.initiative_accept(actor=SYSTEM, initiative=accepted)
    returned = submitted(tree["a1"], deadline, "Hộp thư góp ý", "digital")
    initiative_services.initiative_return(actor=SYSTEM, initiative=returned, comment="Bổ sung")
    rejected = submitted(tree["a2"], deadline, "Thu học phí", "procedures")
    initiative_services.initiative_reject(actor=SYSTEM, initiative=rejected, comment="Trùng")
    submitted(tree["a2"], deadline, "Niêm yết thủ tục", "procedures")
    initiative(tree["a2"], deadline, name="Bản nháp")  # drafts are not charted

    charts, page = charts_of(client, tree, schedule)

    areas = charts["areas"]
    assert areas["labels"][1] == "Cải cách thể chế"  # every area, named in full
    assert len(areas["labels"]) == 8
    by_status = {s["status"]: s for s in areas["series"]}
    assert {status: s["colour"] for status, s in by_status.items()} == {
        "submitted": "primary",
        "returned": "warning",
        "accepted": "success",
        "rejected": "danger",
    }
    digital = areas["labels"].index("Xây dựng, phát triển Chính phủ điện tử, Chính phủ số")
    procedures = areas["labels"].index("Cải cách thủ tục hành chính")
    assert by_status["accepted"]["values"][digital] == 1
    assert by_status["returned"]["values"][digital] == 1
    assert by_status["rejected"]["values"][procedures] == 1
    assert by_status["submitted"]["values"][procedures] == 1
    assert areas["total_texts"][digital] == "2" and areas["empty"] is False
    # The chart's figures as a table too, with 0 written out.
    assert areas["table"][1] == ["Cải cách thể chế", ["0", "0", "0", "0"], "0"]
    assert "<summary>Số liệu của biểu đồ</summary>" in page
    # The legend is the badges themselves.
    for s in by_status.values():
        badge = f'<span class="badge text-bg-{s["colour"]}" data-testid="status">{s["label"]}'
        assert badge in page


def test_the_chart_colours_are_those_of_the_badges_on_the_board_and_lists():
    for status, colour in STATUS_COLOURS.items():
        badge = render_to_string("initiatives/_status.html", {"status": status, "label": "x"})
        assert f"text-bg-{colour}" in badge
    board = Path(settings.BASE_DIR, "templates/initiatives/review_board.html").read_text()
    assert f'<span class="badge text-bg-{LATE_COLOUR}">{{% translate "late" %}}' in board


def test_a_dashboard_with_nothing_reported_says_there_is_no_data_instead_of_an_empty_chart(
    client, tree, schedule
):
    charts, page = charts_of(client, tree, schedule)

    assert charts["attainment"]["empty"] is True
    assert charts["trend"]["empty"] is True
    assert charts["areas"]["empty"] is True
    assert page.count("Chưa có dữ liệu") == 3
    assert "<canvas" not in page


def test_each_chart_is_described_by_the_table_of_its_figures(client, tree, schedule):
    periodic_report(tree["a1"], schedule, figures(tthc_dung_han=(49, 50)))
    deadline = schedule.campaign.phases.get().deadlines.get()
    submitted(tree["a1"], deadline, "Sổ liên lạc điện tử", "digital")

    _charts, page = charts_of(client, tree, schedule)

    for canvas, table in (
        ('id="chart-attainment"', "attainment-figures"),
        ('data-trend="0"', "trend-figures"),
        ('id="chart-areas"', "areas-figures"),
    ):
        tag = re.search(rf"<canvas {canvas}[^>]*>", page).group(0)
        assert f'aria-describedby="{table}"' in tag and 'role="img"' in tag
        assert f'id="{table}"' in page
    assert "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn</td>" in page  # not cut
