"""The district reviewer's journey in chromium: who is late, one item returned with a comment,
the others accepted and scored, the list made, its Excel and PDF downloaded and opened, and the
batch forwarded to the department."""

import datetime
import io

import openpyxl
import pytest
import time_machine
from playwright.sync_api import expect

from campaign import services as campaign_services
from documents.services import pdf_text
from initiatives import services
from initiatives.models import Consolidation, Initiative
from tests.e2e.conftest import log_in, shot
from tests.factories import (
    VIETNAM,
    UnitFactory,
    initiative,
    local_time,
    member,
    office_plan_under_department,
)
from units.models import Role
from units.permissions import SYSTEM

# On PostgreSQL, as in production: the board's queries and the numbering's locks.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

D = datetime.date


@pytest.fixture
def board(tree):
    """The Sở's plan and Phòng A's plan implementing it (registration by 25/8/2024). A1 sent
    two items on time, A2 one item late, A3 nothing."""
    a3 = UnitFactory(parent=tree["office_a"], name="Trường Mầm non Số Ba")  # before the launch
    _department_plan, office_plan = office_plan_under_department(tree)
    campaign_services.criteria_from_seed_002(office_plan, actor=SYSTEM)
    deadline = office_plan.phases.get().deadlines.get()
    items = {}
    for unit, name, sent in (
        (tree["a1"], "Sổ liên lạc điện tử", local_time(2024, 8, 20)),
        (tree["a1"], "Hộp thư góp ý trực tuyến", local_time(2024, 8, 21)),
        (tree["a2"], "Thu học phí không dùng tiền mặt", local_time(2024, 8, 26)),
    ):
        item = initiative(unit, deadline, name=name)
        services.initiative_update(
            actor=SYSTEM,
            initiative=item,
            kind="solution",
            area="digital",
            situation="Thực trạng",
            objectives="Mục tiêu",
            expected_results="Kết quả",
        )
        items[name] = services.initiative_submit(actor=SYSTEM, initiative=item, now=sent)
    member(tree["office_a"], Role.REVIEWER, username="chuyen-vien-a")
    return {"deadline": deadline, "items": items, "a3": a3}


def test_a_reviewer_decides_scores_consolidates_and_forwards(live_server, page, board):
    base = live_server.url
    deadline = board["deadline"]
    with time_machine.travel(datetime.datetime(2024, 8, 27, 9, tzinfo=VIETNAM)):
        log_in(page, base, "chuyen-vien-a")
        page.goto(f"{base}/initiatives/board/{deadline.pk}/")
        assert page.inner_text("[data-testid=total-nothing]") == "1"  # A3
        assert page.inner_text("[data-testid=total-late]") == "1"  # A2
        assert board["a3"].name in page.inner_text("[data-testid=board]")
        shot(page, "reviewer-1-board")

        # One item goes back with a comment; the two others are accepted.
        page.check("input[name=items][aria-label='Hộp thư góp ý trực tuyến']")
        page.select_option("select[name=decision]", "return")
        page.fill("[name=comment]", "Bổ sung số liệu trước và sau khi áp dụng.")
        page.get_by_role("button", name="Áp dụng").click()
        expect(page.locator(".alert").first).to_be_visible()
        page.check("input[name=items][aria-label='Sổ liên lạc điện tử']")
        page.check("input[name=items][aria-label='Thu học phí không dùng tiền mặt']")
        page.select_option("select[name=decision]", "accept")
        page.get_by_role("button", name="Áp dụng").click()
        nothing_left = "Không có hồ sơ nào chờ quyết định."
        expect(page.locator("[data-testid=items]")).to_contain_text(nothing_left)
        statuses = {i.name: i.status for i in Initiative.objects.all()}
        assert statuses == {
            "Sổ liên lạc điện tử": "accepted",
            "Hộp thư góp ý trực tuyến": "returned",
            "Thu học phí không dùng tiền mặt": "accepted",
        }
        returned = board["items"]["Hộp thư góp ý trực tuyến"]
        assert returned.events.filter(comment__startswith="Bổ sung số liệu").exists()

        # Each accepted item is scored on the plan's criteria.
        for name in ("Sổ liên lạc điện tử", "Thu học phí không dùng tiền mặt"):
            page.goto(f"{base}/initiatives/{board['items'][name].pk}/")
            for field in page.locator("input[name^=points_]").all():
                field.fill("8")
            page.get_by_role("button", name="Lưu điểm").click()
            expect(page.locator(".alert").first).to_contain_text("Đã lưu điểm")
        shot(page, "reviewer-2-scored")

        page.goto(f"{base}/initiatives/board/{deadline.pk}/")
        page.get_by_role("link", name="Tổng hợp").click()
        page.get_by_role("button", name="Lập danh sách").click()
        consolidation = Consolidation.objects.get()
        page.wait_for_url(f"{base}/initiatives/lists/{consolidation.pk}/")

        # The Excel and the PDF, downloaded with the reviewer's session, opened.
        def download(link):
            return page.request.get(
                base + page.get_by_role("link", name=link).get_attribute("href")
            )

        excel = download("Excel")
        sheet = openpyxl.load_workbook(io.BytesIO(excel.body())).active
        cells = {str(c) for row in sheet.iter_rows(values_only=True) for c in row if c}
        assert {"Sổ liên lạc điện tử", "Thu học phí không dùng tiền mặt"} <= cells
        assert "Hộp thư góp ý trực tuyến" not in cells
        pdf = download("PDF")
        assert pdf.headers["content-type"] == "application/pdf"
        text = " ".join(pdf_text(pdf.body(), layout=False).split())
        assert "DANH SÁCH" in text and "Thu học phí không dùng tiền mặt" in text
        shot(page, "reviewer-3-list")

        page.get_by_role("button", name="Gửi lên").click()
        consolidation.refresh_from_db()
        assert consolidation.status == Consolidation.Status.FORWARDED
        expect(page.locator("main")).to_contain_text(consolidation.number.display)
        assert consolidation.number.display == "01/DS-PGD-A"
        shot(page, "reviewer-4-forwarded")
