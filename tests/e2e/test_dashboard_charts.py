"""The dashboard's charts in chromium, on a desktop and on a phone: every label whole, every
value printed on its bar as Vietnamese writes it (99,6 % beside 100 %), nothing drawn past the
canvas or wider than the screen, and "Chưa có dữ liệu" where there is nothing to draw."""

import json

import pytest
from playwright.sync_api import expect

from initiatives import services as initiative_services
from tests.e2e.conftest import log_in, shot
from tests.factories import dashboard_plan, initiative, local_time, member, periodic_report
from units.models import Role
from units.permissions import SYSTEM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NBSP = "\u00a0"


@pytest.fixture
def dashboard(tree):
    """Phòng A's plan: school A1 reported quý I (on-time procedures 99,6 %, satisfaction
    100 %, no late file to apologise for) and 6 tháng (100 %, 93 %), and registered four
    initiatives, one in each state; school A2 has done nothing yet."""
    plan = dashboard_plan(tree["office_a"])
    schedule = plan.report_schedules.get()
    for period, on_time, satisfied in (("q1", (249, 250), (40, 40)), ("h1", (60, 60), (93, 100))):
        periodic_report(
            tree["a1"],
            schedule,
            {
                "tthc-dung-han": on_time,
                "hai-long-tthc": satisfied,
                "xin-loi-tre-han": (0, 0),
                "so-mo-hinh": (2, None),
            },
            period=period,
        )
    deadline = plan.phases.get().deadlines.get()
    decisions = (
        ("Sổ liên lạc điện tử", "digital", initiative_services.initiative_accept, {}),
        (
            "Hộp thư góp ý trực tuyến",
            "digital",
            initiative_services.initiative_return,
            {"comment": "Bổ sung số liệu"},
        ),
        (
            "Thu học phí không dùng tiền mặt",
            "public_finance",
            initiative_services.initiative_reject,
            {"comment": "Trùng mô hình năm trước"},
        ),
        ("Niêm yết công khai thủ tục tuyển sinh", "procedures", None, {}),
    )
    for name, area, decide, extra in decisions:
        item = initiative(tree["a1"], deadline, name=name)
        initiative_services.initiative_update(
            actor=SYSTEM,
            initiative=item,
            kind="solution",
            area=area,
            situation="Thực trạng",
            objectives="Mục tiêu",
            expected_results="Kết quả",
        )
        item = initiative_services.initiative_submit(
            actor=SYSTEM, initiative=item, now=local_time(2024, 8, 20)
        )
        if decide:
            decide(actor=SYSTEM, initiative=item, **extra)
    member(tree["office_a"], Role.REVIEWER, username="chuyen-vien-a")
    return {"schedule": schedule, "tree": tree}


def printed(page, selector):
    """What our plugin printed on the chart at `selector`, and how many texts fell outside
    its canvas, once the chart is drawn."""
    canvas = page.locator(selector)
    page.wait_for_function(
        "(selector) => document.querySelector(selector)?.dataset.printed !== undefined",
        arg=selector,
    )
    return json.loads(canvas.get_attribute("data-printed")), int(
        canvas.get_attribute("data-outside")
    )


def fits_the_screen(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    screen = page.evaluate("window.innerWidth")
    assert width <= screen, f"the page is {width} px wide on a {screen} px screen"


def check_charts(page, name):
    texts, outside = printed(page, "#chart-attainment")
    # Each label whole, written above its bar (wrapped to the chart's width).
    labels = json.loads(page.locator("#chart-attainment").get_attribute("data-labels"))
    assert labels == [
        "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn",
        "Mức độ hài lòng về giải quyết thủ tục hành chính",
        "Tỷ lệ hồ sơ trễ hạn có thư xin lỗi",
    ]
    assert texts == [f"99,6{NBSP}%", f"100{NBSP}%", "không áp dụng"]
    assert outside == 0
    trends = page.locator("canvas[data-trend]")
    expect(trends).to_have_count(2)  # the apology letters' target applied in no period
    texts, outside = printed(page, "canvas[data-trend='0']")
    assert texts == [f"99,6{NBSP}%", f"100{NBSP}%"] and outside == 0
    texts, outside = printed(page, "#chart-areas")
    # Inside each part where it fits, and each area's total past its bar (8 areas).
    assert texts.count("0") == 5 and outside == 0
    assert "2" in texts and len(texts) >= 8
    expect(page.get_by_test_id("no-data")).to_have_count(1)
    expect(page.get_by_test_id("no-data")).to_have_text("Chưa có dữ liệu")
    fits_the_screen(page)
    page.locator("[data-testid=chart-attainment]").scroll_into_view_if_needed()
    shot(page, name)


def test_the_dashboard_prints_each_value_on_its_bar_on_a_desktop_and_a_phone(
    live_server, page, phone, dashboard
):
    base = live_server.url
    schedule, tree = dashboard["schedule"], dashboard["tree"]
    url = f"{base}/reports/dashboard/?schedule={schedule.pk}&year=2024&period=q1"
    for screen, name in ((page, "charts-1-desktop"), (phone, "charts-2-phone-390")):
        log_in(screen, base, "chuyen-vien-a")
        screen.goto(f"{url}&unit={tree['office_a'].pk}")
        check_charts(screen, name)

    # The narrowest phone: the labels wrap again to the width, nothing sticks out.
    phone.set_viewport_size({"width": 360, "height": 780})
    phone.reload()
    check_charts(phone, "charts-3-phone-360")

    # A school that has sent nothing and registered nothing: no chart, three plain words.
    phone.goto(f"{url}&unit={tree['a2'].pk}")
    expect(phone.get_by_test_id("no-data")).to_have_count(3)
    expect(phone.locator("canvas")).to_have_count(0)
    fits_the_screen(phone)
    shot(phone, "charts-4-phone-nothing")
