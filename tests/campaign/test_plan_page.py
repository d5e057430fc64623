"""The plan page: the draft's add forms each under their own prefix (one id per element on
the page), and a launched plan's past deadlines folded, with no register button."""

import collections
import datetime
from html.parser import HTMLParser

import pytest
import time_machine
from django.urls import reverse

from campaign.models import Deadline
from tests.factories import VIETNAM, campaign, member
from units.models import Role

pytestmark = pytest.mark.django_db

D = datetime.date


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = collections.Counter()
        self.names = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids[attrs["id"]] += 1
        if tag in ("input", "select", "textarea") and attrs.get("name"):
            self.names.add(attrs["name"])


def parsed(html: str) -> _Ids:
    parser = _Ids()
    parser.feed(html)
    return parser


def school_year_plan(office, **fields):
    """Last school year's phase, over, and this one's, open; each with a registration."""
    return campaign(
        office,
        start=D(2025, 9, 1),
        end=D(2026, 12, 31),
        phases=(
            ("Đợt 1", (2025, 9, 15), (2025, 12, 31), [("registration", (2025, 11, 20))]),
            (
                "Đợt 2",
                (2026, 8, 1),
                (2026, 12, 15),
                [("registration", (2026, 10, 20)), ("result_report", (2026, 11, 30))],
            ),
        ),
        **fields,
    )


def on(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9), VIETNAM))


def test_every_id_on_the_draft_plan_page_is_unique(client, tree):
    plan = campaign(tree["office_a"])
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    page = parsed(client.get(reverse("campaign:detail", args=[plan.pk])).content.decode())

    assert [id_ for id_, count in page.ids.items() if count > 1] == []
    assert {"phase-name", "phase-description", "schedule-name", "criterion-name"} <= page.names
    assert {"deadline-description", "target-indicator"} <= page.names
    assert "name" not in page.names and "description" not in page.names


def test_a_phase_added_from_the_plan_page_under_its_prefix_is_saved(client, tree):
    plan = campaign(tree["office_a"])
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    response = client.post(
        reverse("campaign:phase_add", args=[plan.pk]),
        {"phase-name": "Đợt 2", "phase-start_date": "2024-09-01", "phase-end_date": "2024-10-31"},
    )

    assert response.status_code == 302
    assert list(plan.phases.values_list("name", flat=True)) == ["Đợt 1", "Đợt 2"]


def test_a_refused_phase_shows_its_form_again_under_the_same_prefix(client, tree):
    plan = campaign(tree["office_a"])
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    response = client.post(
        reverse("campaign:phase_add", args=[plan.pk]),
        {"phase-name": "Đợt 2", "phase-start_date": "2024-10-31", "phase-end_date": "2024-09-01"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="phase-name"' in page and 'value="Đợt 2"' in page
    assert plan.phases.count() == 1


def test_past_deadlines_fold_below_and_offer_no_register_button(client, tree):
    plan = school_year_plan(tree["office_a"], launch_on=D(2025, 9, 10))
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))
    past = Deadline.objects.get(phase__campaign=plan, due_date=D(2025, 11, 20))
    open_ = Deadline.objects.get(phase__campaign=plan, due_date=D(2026, 10, 20))

    with on(D(2026, 9, 15)):
        page = client.get(reverse("campaign:detail", args=[plan.pk])).content.decode()

    current, folded = page.split('data-testid="past-deadlines"')
    assert "Các hạn đã qua (1)" in folded
    assert "20/11/2025" in folded and "20/11/2025" not in current
    assert "20/10/2026" in current and "30/11/2026" in current
    assert reverse("initiatives:create", args=[open_.pk]) in current
    assert reverse("initiatives:create", args=[past.pk]) not in page


def test_a_reviewer_keeps_the_board_of_a_past_registration(client, tree):
    plan = school_year_plan(tree["office_a"], launch_on=D(2025, 9, 10))
    past = plan.phases.get(name="Đợt 1").deadlines.get()
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    with on(D(2026, 9, 15)):
        page = client.get(reverse("campaign:detail", args=[plan.pk])).content.decode()

    folded = page.split('data-testid="past-deadlines"')[1]
    assert reverse("initiatives:board", args=[past.pk]) in folded


def test_a_draft_shows_every_deadline_in_place_whatever_the_date(client, tree):
    plan = school_year_plan(tree["office_a"])
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    with on(D(2026, 9, 15)):
        page = client.get(reverse("campaign:detail", args=[plan.pk])).content.decode()

    assert 'data-testid="past-deadlines"' not in page
    assert page.count('data-testid="deadline"') == 3


def test_a_plan_whose_phase_is_over_with_no_deadline_lists_it_below(client, tree):
    plan = campaign(
        tree["office_a"],
        phases=(
            ("Đợt 1", (2024, 4, 1), (2024, 6, 30), []),
            ("Đợt 2", (2024, 7, 1), (2024, 12, 31), [("registration", (2024, 10, 20))]),
        ),
        launch_on=D(2024, 3, 20),
    )
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))

    with on(D(2024, 8, 1)):
        page = client.get(reverse("campaign:detail", args=[plan.pk])).content.decode()

    current, folded = page.split('data-testid="past-deadlines"')
    assert "Đợt 1" in folded and "Đợt 1" not in current.split('data-testid="current-deadlines"')[1]
    assert "Đợt 2" in current
