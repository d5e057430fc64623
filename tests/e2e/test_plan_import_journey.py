"""A district office's clerk imports seed 004 from its Word file on a 375 px phone: the
upload on "Tạo kế hoạch", the review page with the flagged year at the top and beside the
value (the sentence quoted), the correction typed dd/mm/yyyy, the confirmation creating the
draft plan. The review page fits the screen (and a 360 px one) and passes axe-core.

With PLAN_IMPORT_SCREENSHOT=<path> the review page is also saved there (the issue's note)."""

import os
from pathlib import Path

import pytest

from campaign import services
from campaign.models import Campaign, Deadline
from tests.e2e.conftest import _page, log_in, shot, watched
from tests.e2e.test_phone_layout import OVERFLOWING
from tests.factories import UnitFactory, kind, member
from units.models import Role

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PLAN_004 = Path(__file__).resolve().parents[1] / "fixtures" / "plans" / "004.docx"


def test_a_clerk_imports_seed_004_on_a_phone(live_server, browser, _axe_before_actions):
    root = UnitFactory(kind=kind("ubnd-xa"), name="Ủy ban nhân dân tỉnh Lào Cai", code="UBND")
    office = UnitFactory(
        parent=root, kind=kind("phong-vhxh"), name="Sở Giáo dục và Đào tạo", code="SGDDT"
    )
    services.kpi_catalogue_ensure(root.tenant)
    clerk = member(office, Role.REVIEWER, username="van-thu")
    base = live_server.url
    page = watched(
        _page(
            browser,
            viewport={"width": 375, "height": 812},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
        ),
        "phone 375",
    )
    log_in(page, base, clerk.username)

    page.goto(f"{base}/campaigns/new/")
    page.a11y.check()
    upload = page.locator("[data-testid=import-form]")
    upload.get_by_label("Tệp Word hoặc PDF của kế hoạch").set_input_files(str(PLAN_004))
    upload.get_by_role("radio", name="kế hoạch của đơn vị mình: tạo").check()
    upload.get_by_role("button", name="Đọc tệp").click()

    page.wait_for_url(f"{base}/campaigns/new/import/review/")
    problems = page.locator("[data-testid=import-problems]")
    assert "31/10/2023" in problems.inner_text()
    assert "từ nay đến ngày 31 tháng 10 năm 2023" in problems.inner_text()
    flagged = page.locator("#item-end")
    assert "31/10/2023" in flagged.locator("[data-testid=item-problem]").inner_text()
    assert page.locator("[data-testid=item-source]").count() > 10
    assert Campaign.objects.count() == 0  # nothing saved before the confirmation
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.evaluate(OVERFLOWING) == []
    page.a11y.check()
    shot(page, "phone-375-import-review-004")
    if os.environ.get("PLAN_IMPORT_SCREENSHOT"):
        page.locator("h1").scroll_into_view_if_needed()
        page.screenshot(path=os.environ["PLAN_IMPORT_SCREENSHOT"], full_page=False)

    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.evaluate(OVERFLOWING) == []
    page.set_viewport_size({"width": 375, "height": 812})

    flagged.get_by_label("Kết thúc kỳ").fill("31/12/2024")
    page.get_by_role("button", name="Xác nhận và tạo dự thảo kế hoạch").click()

    plan = Campaign.objects.get()
    page.wait_for_url(f"{base}/campaigns/{plan.pk}/")
    assert "Đã tạo dự thảo kế hoạch từ tệp" in page.content()
    assert plan.end_date.isoformat() == "2024-12-31"
    assert Deadline.objects.filter(phase__campaign=plan).count() == 3
    page.a11y.assert_clean()
    page.context.close()
