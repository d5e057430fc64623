"""Reminders as people meet them, in Debian's chromium driven by Playwright against the app
served by a live server: the school head's notification centre in the page header, and the
reviewer's "remind now" from the board, with its preview and its rate limit."""

import datetime

import pytest
from django.core import mail
from playwright.sync_api import expect

from campaign import reminders
from tests.e2e.conftest import log_in
from tests.factories import accepted_initiative, campaign, member
from units.models import Role

# The live server reads committed rows; the data migration's unit kinds are restored.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DUE = datetime.date(2024, 8, 25)


@pytest.fixture
def school_year(tree):
    """Phòng A's plan reaching A1 and A2 (registration by 25/8/2024), a head in each school
    and a reviewer at Phòng A; A1 has registered, A2 has not."""
    plan = campaign(tree["office_a"], launch_on=datetime.date(2024, 3, 20))
    deadline = plan.phases.get().deadlines.get()
    accepted_initiative(tree["a1"], deadline)
    return {
        "deadline": deadline,
        "a2_head": member(tree["a2"], Role.UNIT_HEAD, username="hieu-truong-a2", email="a2@t.vn"),
        "reviewer": member(tree["office_a"], Role.REVIEWER, username="pgd-a", email="p@pgd.vn"),
    }


def test_a_school_head_reads_and_clears_reminders_in_the_header(live_server, page, school_year):
    for back in (7, 3):
        reminders.reminders_sweep(day=DUE - datetime.timedelta(days=back))
    log_in(page, live_server.url, "hieu-truong-a2")

    badge = page.locator("[data-testid=unread-count]")
    assert badge.inner_text() == "2"
    page.click("[data-testid=notification-centre] button")
    menu = page.locator("[data-testid=notification-menu]")
    menu.wait_for()
    assert menu.locator("[data-testid=notification]").count() == 2
    assert "Hạn ngày 25 tháng 8 năm 2024" in menu.inner_text()

    menu.locator("[data-testid=mark-read]").first.click()
    # Playwright's own polling: a function given as a string would be eval'd, which the
    # Content-Security-Policy refuses.
    expect(badge).to_have_text("1")
    assert menu.locator("[data-read='1']").count() == 1

    menu.locator("[data-testid=notification][data-read='0'] a").click()
    page.wait_for_url(f"{live_server.url}/campaigns/{school_year['deadline'].phase.campaign_id}/")
    assert page.locator("[data-testid=unread-count]").count() == 0


def test_a_reviewer_reminds_a_late_school_from_the_board_once(live_server, page, school_year):
    deadline = school_year["deadline"]
    log_in(page, live_server.url, "pgd-a")
    page.goto(f"{live_server.url}/initiatives/board/{deadline.pk}/")

    page.check(f"input[name=units][value='{school_year['a2_head'].memberships.get().unit_id}']")
    page.click("text=Nhắc các đơn vị đã chọn")
    assert "Nhắc hạn:" in page.locator("[data-testid=preview-subject]").inner_text()
    assert "Kính gửi:" in page.locator("[data-testid=preview-body]").inner_text()
    assert "a2@t.vn" in page.content()

    page.click("text=Gửi nhắc nhở")
    page.wait_for_url(f"{live_server.url}/initiatives/board/{deadline.pk}/")
    assert "Đã gửi nhắc nhở tới 1 đơn vị" in page.locator(".alert").inner_text()
    assert [m.to for m in mail.outbox] == [["a2@t.vn"]]

    page.go_back()
    page.click("text=Gửi nhắc nhở")
    page.wait_for_url(f"{live_server.url}/initiatives/board/{deadline.pk}/")
    assert "vừa được nhắc trong vòng 24 giờ" in page.locator(".alert").inner_text()
    assert len(mail.outbox) == 1
