"""Exact query counts on the hot pages of the benchmark table (`bench/run.py`'s `hot_pages`):
the school's home page, the review boards, the consolidation screens, the dashboards and the
initiative search, each opened by the person who uses it at a deadline.

The test measures a small province, grows it (more schools, each with items in every state,
its reports and a nomination) and measures again: the count is pinned AND shown not to grow
with the data. A failure prints every statement, numbered (tests/queries.py).

A count that changes on purpose (a page shows something new) is re-pinned here, in the same
commit, with the reason; one that grows with the data is a bug to fix, never to re-pin.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import AwardType, Subject
from campaign.models import Campaign, Deadline, Participation, ReportSchedule
from tests.factories import (
    UnitFactory,
    award_type,
    initiative,
    local_time,
    member,
    office_plan_under_department,
    periodic_report,
    reporting_campaign,
)
from tests.queries import assert_query_count, numbered_statements
from units.models import Role, Unit, User

pytestmark = pytest.mark.django_db

# Five days before the registration deadline (25/08/2024) of the plans below.
TODAY = local_time(2024, 8, 20, 9)
STATES = ("draft", "submitted", "accepted", "returned", "rejected")
TOPICS = ("Số hóa hồ sơ học sinh", "Sổ liên lạc điện tử", "Một cửa điện tử tại trường")
_names = itertools.count(1)


@dataclass
class Province:
    """A Sở with Phòng A (its own plan implementing the Sở's, registration received by it,
    its accepted list forwarded to the Sở) and Phòng B (its schools register with the Sở),
    a quarterly report schedule of the Sở, and the people who open the hot pages."""

    department: Unit
    office_a: Unit
    office_b: Unit
    deadline: Deadline  # the Sở's registration deadline
    district_deadline: Deadline  # Phòng A's
    schedule: ReportSchedule
    plan: Campaign
    award: AwardType
    home_school: Unit  # the first school of Phòng A, whose head opens the home page
    head: User
    department_reviewer: User
    district_reviewer: User


@pytest.fixture
def today():
    with time_machine.travel(TODAY, tick=False):
        yield TODAY.date()


def _item(school: Unit, deadline, state: str, head: User, reviewer: User):
    """An item of `school` brought to `state` by its head and the deadline's reviewer."""
    from initiatives import services

    topic = TOPICS[next(_names) % len(TOPICS)]
    item = initiative(school, deadline, name=f"{topic} tại {school.name}")
    if state == "draft":
        return item
    services.initiative_update(
        actor=head,
        initiative=item,
        kind="model",
        area="procedures",
        situation="Thực trạng",
        objectives="Mục tiêu",
        expected_results="Kết quả dự kiến",
    )
    item = services.initiative_submit(actor=head, initiative=item)
    if state == "accepted":
        item = services.initiative_accept(actor=reviewer, initiative=item)
    elif state == "returned":
        item = services.initiative_return(actor=reviewer, initiative=item, comment="Bổ sung")
    elif state == "rejected":
        item = services.initiative_reject(actor=reviewer, initiative=item, comment="Trùng")
    return item


def _school(province: Province, office: Unit, code: str) -> Unit:
    """A school of `office` with its head, an item in every state, its Q3 report and a
    nomination sent to the council."""
    from awards.services import nomination_save, nomination_submit

    school = UnitFactory(parent=office, code=code, name=f"Trường Mầm non {code}")
    # It joins the plans its first sibling takes part in (a launch fixes the list of units,
    # and these plans were launched before the school was made).
    office = Unit.objects.get(pk=office.pk)  # treebeard reads the child count from the row
    first = Unit.objects.get_children(office).exclude(pk=school.pk).order_by("path").first()
    Participation.objects.bulk_create(
        Participation(tenant_id=school.tenant_id, campaign_id=campaign_id, unit=school)
        for campaign_id in Participation.objects.filter(unit=first).values_list(
            "campaign_id", flat=True
        )
    )
    head = member(school, Role.UNIT_HEAD)
    if office.pk == province.office_a.pk:
        deadline, reviewer = province.district_deadline, province.district_reviewer
    else:
        deadline, reviewer = province.deadline, province.department_reviewer
    for state in STATES:
        _item(school, deadline, state, head, reviewer)
    periodic_report(
        school,
        province.schedule,
        {"tthc-dung-han": (9, 10), "hai-long-tthc": (19, 20), "so-mo-hinh": (2, None)},
        period="q3",
    )
    nomination = nomination_save(
        actor=head,
        unit=school,
        campaign=province.plan,
        award_type=province.award,
        year=2024,
        rating="excellent",
        achievements="Hoàn thành xuất sắc nhiệm vụ năm học.",
    )
    nomination_submit(actor=head, nomination=nomination)
    return school


def _forward_district_list(province: Province) -> None:
    """Phòng A lists what it accepted and forwards it: the Sở accepts half of it."""
    from initiatives import services

    reviewer = province.district_reviewer
    consolidation = services.consolidation_create(
        actor=reviewer, deadline=province.district_deadline
    )
    services.consolidation_forward(actor=reviewer, consolidation=consolidation)
    for item in list(consolidation.items.order_by("pk"))[::2]:
        item.refresh_from_db()
        services.initiative_accept(actor=province.department_reviewer, initiative=item)


def _grow(province: Province, schools_per_office: int) -> None:
    for state in STATES:  # more of everything on the home page too
        _item(
            province.home_school,
            province.district_deadline,
            state,
            province.head,
            province.district_reviewer,
        )
    for office in (province.office_a, province.office_b):
        for _ in range(schools_per_office):
            _school(province, office, f"{office.code}-{next(_names)}")
    _forward_district_list(province)


@pytest.fixture
def province(tree, today) -> Province:
    department_plan, office_plan = office_plan_under_department(tree)
    reports = reporting_campaign(tree["department"])
    province = Province(
        department=tree["department"],
        office_a=tree["office_a"],
        office_b=tree["office_b"],
        deadline=department_plan.phases.get().deadlines.get(),
        district_deadline=office_plan.phases.get().deadlines.get(),
        schedule=reports.report_schedules.get(),
        plan=department_plan,
        award=award_type(tree["department"].tenant, subject=Subject.COLLECTIVE),
        home_school=tree["a1"],
        head=member(tree["a1"], Role.UNIT_HEAD),
        department_reviewer=member(tree["department"], Role.REVIEWER),
        district_reviewer=member(tree["office_a"], Role.REVIEWER),
    )
    _grow(province, 1)
    return province


def _pages(province: Province) -> dict[str, tuple[User, str]]:
    """(who, URL) of each hot page, as `bench/run.py` opens them."""
    board = reverse("initiatives:board", kwargs={"deadline_id": province.deadline.pk})
    district_board = reverse(
        "initiatives:board", kwargs={"deadline_id": province.district_deadline.pk}
    )
    dashboard = (
        f"{reverse('reports:dashboard')}?schedule={province.schedule.pk}&year=2024&period=q3"
    )
    search = f"{reverse('initiatives:list')}?q=so+hoa+ho+so"
    return {
        "school home page": (province.head, reverse("home")),
        "review board, Sở": (province.department_reviewer, board),
        "review board, Phòng": (province.district_reviewer, district_board),
        "consolidation, Sở": (province.department_reviewer, f"{board}consolidate/"),
        "consolidation, Phòng": (province.district_reviewer, f"{district_board}consolidate/"),
        "dashboard, Sở": (province.department_reviewer, dashboard),
        "dashboard, Phòng": (
            province.district_reviewer,
            f"{dashboard}&unit={province.office_a.pk}",
        ),
        "initiative search, Sở": (province.department_reviewer, search),
        "initiative search, Phòng": (province.district_reviewer, search),
    }


# The counts observed on 5 December 2026, on SQLite. Since 6 December: the boards 17 (whether
# the deadline's receiving unit is in the reviewer's sight is asked once, not twice), the
# home page 16 (the registration check reads the boards' counters in one query; the periodic
# reports take the report schedules the page's plans came with), the search 9 (one query more
# for the plans of the year filter).
EXPECTED = {
    "school home page": 16,
    "review board, Sở": 17,
    "review board, Phòng": 17,
    "consolidation, Sở": 12,
    "consolidation, Phòng": 14,
    "dashboard, Sở": 20,
    "dashboard, Phòng": 23,
    "initiative search, Sở": 9,
    "initiative search, Phòng": 9,
}


def _row_level_security() -> int:
    """PostgreSQL runs three statements more per request: the tenant's row-level security
    setting read, set for the request and reset after it (units/rls.py); SQLite has none."""
    return 3 if connection.vendor == "postgresql" else 0


def _shown(html: str) -> str:
    """The page without its per-request CSRF tokens."""
    return re.sub(r"csrfmiddlewaretoken\" value=\"[^\"]*|X-CSRFToken\": \"[^\"]*", "", html)


def _get(client, user: User, url: str, expected: int, label: str) -> str:
    expected += _row_level_security()
    client.force_login(user)
    client.get(url)  # warm: the session, the cached figures (as bench/run.py measures)
    with assert_query_count(expected, label):
        response = client.get(url)
    assert response.status_code == 200, label
    return response.content.decode()


def _open_all(client, province: Province, size: str) -> tuple[dict[str, str], list[str]]:
    """Each page's HTML, and the failures (every page is tried: one run shows them all)."""
    shown, failures = {}, []
    for page, (user, url) in _pages(province).items():
        try:
            shown[page] = _shown(_get(client, user, url, EXPECTED[page], f"{page}, {size}"))
        except AssertionError as failure:
            failures.append(str(failure))
    return shown, failures


def test_the_hot_pages_run_a_pinned_number_of_queries_whatever_the_size(client, province):
    # One province for all the pages: building and growing it is most of the time.
    small, failures = _open_all(client, province, "small province")

    _grow(province, 3)

    large, more_failures = _open_all(client, province, "grown province")
    assert not failures + more_failures, "\n\n".join(failures + more_failures)
    for page in EXPECTED:
        assert large[page] != small[page], f"{page}: the grown province shows nothing more"


# --- The writes bench/run.py times: a Phòng's list, made and forwarded to the Sở ---

# Forwarding tells the receiving unit's reviewers: the plan's number, then one INSERT … SELECT
# of their notifications and one of their deliveries, each by its person's channel; and the
# boards' counters: the items' places before and after, one upsert.
LIST_QUERIES = {"consolidation_create": 6, "consolidation_forward": 34}


class _Undo(Exception):
    """Raised to roll back what a measurement wrote."""


def _list_queries(province: Province, accepted: int) -> dict[str, CaptureQueriesContext]:
    """Queries of making Phòng A's list of `accepted` new items and forwarding it (undone)."""
    from initiatives import services

    for _ in range(accepted):
        _item(
            province.home_school,
            province.district_deadline,
            "accepted",
            province.head,
            province.district_reviewer,
        )
    reviewer = province.district_reviewer
    captured = {name: CaptureQueriesContext(connection) for name in LIST_QUERIES}
    try:
        with transaction.atomic():
            with captured["consolidation_create"]:
                consolidation = services.consolidation_create(
                    actor=reviewer, deadline=province.district_deadline
                )
            with captured["consolidation_forward"]:
                services.consolidation_forward(actor=reviewer, consolidation=consolidation)
            assert consolidation.items.count() == accepted
            raise _Undo
    except _Undo:
        pass
    return captured


def test_a_list_is_made_and_forwarded_in_a_pinned_number_of_queries_whatever_its_length(
    province,
):
    small = _list_queries(province, 2)
    _grow(province, 3)
    large = _list_queries(province, 12)

    for name, expected in LIST_QUERIES.items():
        for size, captured in (("2 items", small[name]), ("12 items", large[name])):
            assert len(captured) == expected, (
                f"{name}, {size}: {len(captured)} queries, expected {expected}:\n"
                f"{numbered_statements(captured)}"
            )
