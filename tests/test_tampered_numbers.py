"""Numbers no browser would send (an id beyond 64 bits, a year of thirty digits) get a clear
message or a 404 on every form and filter this project reads them from, never a server
error: SQLite refuses such a number outright."""

import datetime

import pytest

from tests.factories import campaign, member, reporting_campaign
from units.models import Role

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


def test_reviewer_pages_refuse_huge_ids_cleanly(client, tree):
    deadline = campaign(tree["office_a"], launch_on=datetime.date(2024, 3, 20))
    deadline = deadline.phases.get().deadlines.get()
    client.force_login(member(tree["office_a"], Role.REVIEWER))
    calls = [
        ("get", f"/campaigns/deadlines/{deadline.pk}/remind/", {"units": [HUGE]}),
        ("post", f"/campaigns/deadlines/{deadline.pk}/remind/", {"units": [HUGE]}),
        ("post", "/campaigns/notifications/read/", {"ids": [HUGE]}),
        ("post", f"/initiatives/board/{deadline.pk}/consolidate/", {"items": [HUGE]}),
        ("get", "/reports/dashboard/", {"unit": HUGE, "schedule": HUGE, "year": HUGE}),
        ("get", "/reports/dashboard/excel/", {"unit": HUGE}),
        ("get", "/reports/dashboard/pdf/", {"unit": HUGE}),
    ]
    for method, url, data in calls:
        answer = getattr(client, method)(url, data)
        assert answer.status_code in (200, 302, 403, 404), (url, answer.status_code)


def test_forms_refuse_huge_numbers_with_a_message(client, tree):
    schedule = reporting_campaign(tree["office_a"]).report_schedules.get()
    client.force_login(member(tree["a1"], Role.UNIT_STAFF))
    for data in ({"year": HUGE, "period": "q1"}, {"year": "99999", "period": "q1"}, {}):
        answer = client.post(f"/reports/open/{schedule.pk}/", data, follow=True)
        assert answer.status_code == 200, data
        assert list(answer.context["messages"]), data
    client.force_login(member(tree["department"], Role.TENANT_ADMIN))
    answer = client.post("/reports/api-keys/", {"unit": HUGE, "name": "Hệ thống"})
    assert answer.status_code == 200 and answer.context["form"].errors["unit"]
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))
    answer = client.post(
        "/awards/new/",
        {
            "campaign": HUGE,
            "award_type": HUGE,
            "year": "2024",
            "rating": "good",
            "achievements": "x",
        },
    )
    assert answer.status_code == 200
    assert {"campaign", "award_type"} <= set(answer.context["form"].errors)
