"""Issue 20, campaign, reports and awards: each transition tells the people it concerns,
exactly once, of the right kind, and nobody else (another unit's head, another tenant's
people, the one who acted); a refused transition tells nobody; a launch costs the same
number of queries for 3 units as for 30."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from awards.models import ConductRecord
from awards.services import decision_record, session_close
from campaign import services as campaign_services
from notifications.kinds import Kind
from notifications.models import Notification
from reports import services as report_services
from tests.factories import (
    UnitFactory,
    campaign,
    council,
    local_time,
    member,
    periodic_report,
    reporting_campaign,
)
from tests.queries import assert_query_count
from units.models import Role
from units.permissions import SYSTEM
from units.services import membership_grant

pytestmark = pytest.mark.django_db


def received(user) -> list[str]:
    """The kinds of the notifications `user` got."""
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


@pytest.fixture
def people(tree):
    """A head and a member of staff at each school; a head and a reviewer at each office
    and at the Sở; and a head and staff of a school of another tenant."""
    found = {}
    for key in ("a1", "a2", "b1", "b2"):
        found[f"{key}_head"] = member(tree[key], Role.UNIT_HEAD)
        found[f"{key}_staff"] = member(tree[key], Role.UNIT_STAFF)
    for key in ("office_a", "office_b", "department"):
        found[f"{key}_head"] = member(tree[key], Role.UNIT_HEAD)
        found[f"{key}_reviewer"] = member(tree[key], Role.REVIEWER)
    elsewhere = UnitFactory(parent=UnitFactory(district_office=True))
    found["other_tenant_head"] = member(elsewhere, Role.UNIT_HEAD)
    found["other_tenant_staff"] = member(elsewhere, Role.UNIT_STAFF)
    return found


def opens(user, url: str) -> int:
    client = Client()
    client.force_login(user)
    return client.get(url).status_code


# --- Plan launched ---


def test_a_launch_tells_the_heads_and_staff_of_each_participating_unit_once(tree, people):
    plan = campaign(tree["office_a"])  # the schools of Phòng A take part
    # A head of one school who is also staff of the other is told once.
    both = member(tree["a1"], Role.UNIT_HEAD)
    membership_grant(actor=SYSTEM, user=both, unit=tree["a2"], role=Role.UNIT_STAFF)
    actor = people["office_a_reviewer"]
    campaign_services.campaign_launch(
        actor=actor, campaign=plan, issued_on=datetime.date(2024, 3, 20)
    )
    plan.refresh_from_db()
    told = [people[f"{k}_{r}"] for k in ("a1", "a2") for r in ("head", "staff")] + [both]
    for user in told:
        assert received(user) == [Kind.PLAN_LAUNCHED]
    for key in (
        "b1_head",
        "b1_staff",
        "office_a_head",
        "office_a_reviewer",
        "department_head",
        "other_tenant_head",
        "other_tenant_staff",
    ):
        assert received(people[key]) == [], key
    note = Notification.objects.get(user=people["a1_head"])
    assert note.title == (
        f"Kế hoạch số {plan.number.display} của {tree['office_a'].name} đã ban hành: "
        "hạn đăng ký 25/8/2024"
    )
    assert "đăng ký mô hình, giải pháp, sáng kiến (Mẫu 1)" in note.body
    assert "trước ngày 25/8/2024" in note.body
    assert actor.get_full_name() in note.body
    assert note.actor == actor
    assert opens(people["a1_staff"], note.url) == 200


def test_a_plan_based_on_mine_tells_my_units_heads(tree, people):
    department_plan = campaign(
        tree["department"],
        kinds=("phong-gddt", "truong-mam-non"),
        launch_on=datetime.date(2024, 3, 20),
    )
    Notification.objects.all().delete()
    office_plan = campaign_services.campaign_create(
        actor=SYSTEM,
        issuing_unit=tree["office_a"],
        based_on=department_plan,
        title="Thực hiện phong trào thi đua “Cải cách hành chính” năm 2024",
    )
    campaign_services.campaign_launch(
        actor=people["office_a_head"], campaign=office_plan, issued_on=datetime.date(2024, 3, 25)
    )
    assert received(people["department_head"]) == [Kind.PLAN_BASED_ON_MINE]
    for key in ("department_reviewer", "office_b_head", "office_a_head", "other_tenant_head"):
        assert Kind.PLAN_BASED_ON_MINE not in received(people[key]), key
    note = Notification.objects.get(user=people["department_head"])
    assert department_plan.number.display in note.title
    assert "2 đơn vị tham gia" in note.body
    # The head of the Sở reads the plan that implements the Sở's.
    assert opens(people["department_head"], note.url) == 200


def test_a_refused_launch_tells_nobody(tree, people):
    plan = campaign(tree["office_a"])
    with pytest.raises(PermissionDenied):
        campaign_services.campaign_launch(actor=people["a1_head"], campaign=plan)
    empty = campaign(tree["office_a"], phases=())
    with pytest.raises(ValidationError):
        campaign_services.campaign_launch(actor=SYSTEM, campaign=empty)
    assert not Notification.objects.exists()


def _launch_queries(units: int) -> tuple[int, int]:
    """(queries, notifications) of launching a plan of a new office to `units` schools,
    each with a head and a member of staff."""
    office = UnitFactory(district_office=True)
    for _ in range(units):
        school = UnitFactory(parent=office)
        member(school, Role.UNIT_HEAD)
        member(school, Role.UNIT_STAFF)
    actor = member(office, Role.REVIEWER)
    plan = campaign(office)
    before = Notification.objects.count()
    with CaptureQueriesContext(connection) as captured:
        campaign_services.campaign_launch(
            actor=actor, campaign=plan, issued_on=datetime.date(2024, 3, 20)
        )
    return len(captured), Notification.objects.count() - before


def test_a_launch_costs_the_same_queries_for_3_units_as_for_30(db):
    few, told_few = _launch_queries(3)
    office = UnitFactory(district_office=True)
    for _ in range(30):
        school = UnitFactory(parent=office)
        member(school, Role.UNIT_HEAD)
        member(school, Role.UNIT_STAFF)
    actor = member(office, Role.REVIEWER)
    plan = campaign(office)
    with assert_query_count(few, "launch to 30 units"):
        campaign_services.campaign_launch(
            actor=actor, campaign=plan, issued_on=datetime.date(2024, 3, 20)
        )
    assert told_few == 6
    assert Notification.objects.filter(kind=Kind.PLAN_LAUNCHED).count() == 6 + 60


# --- Deadline extended ---


def test_an_extension_tells_that_units_heads_and_staff(tree, people):
    plan = campaign(tree["office_a"], launch_on=datetime.date(2024, 3, 20))
    Notification.objects.all().delete()
    deadline = plan.phases.get().deadlines.get()
    campaign_services.deadline_extend(
        actor=people["office_a_reviewer"],
        deadline=deadline,
        unit=tree["a1"],
        due_date=datetime.date(2024, 9, 5),
        reason="Trường bị ngập sau bão",
    )
    for key in ("a1_head", "a1_staff"):
        assert received(people[key]) == [Kind.DEADLINE_EXTENDED]
    for key in ("a2_head", "a2_staff", "office_a_reviewer", "office_a_head", "other_tenant_head"):
        assert received(people[key]) == [], key
    note = Notification.objects.get(user=people["a1_head"])
    assert "05/9/2024" in note.title
    assert "Trường bị ngập sau bão" in note.body and "25/8/2024" in note.body
    assert opens(people["a1_head"], note.url) == 200


def test_a_refused_extension_tells_nobody(tree, people):
    plan = campaign(tree["office_a"], launch_on=datetime.date(2024, 3, 20))
    Notification.objects.all().delete()
    deadline = plan.phases.get().deadlines.get()
    with pytest.raises(ValidationError):
        campaign_services.deadline_extend(
            actor=people["office_a_reviewer"],
            deadline=deadline,
            unit=tree["a1"],
            due_date=datetime.date(2024, 9, 5),
            reason="",
        )
    with pytest.raises(PermissionDenied):
        campaign_services.deadline_extend(
            actor=people["office_b_reviewer"],
            deadline=deadline,
            unit=tree["a1"],
            due_date=datetime.date(2024, 9, 5),
            reason="Gia hạn",
        )
    assert not Notification.objects.exists()


# --- Periodic reports ---


@pytest.fixture
def schedule(tree):
    plan = reporting_campaign(tree["office_a"], targets=(("tthc-dung-han", "gte", 98),))
    Notification.objects.all().delete()
    return plan.report_schedules.get()


def test_a_reopened_report_tells_the_units_heads_and_staff_with_the_reason(tree, people, schedule):
    report = periodic_report(tree["a1"], schedule, {"tthc-dung-han": (9, 10)})
    assert not Notification.objects.exists()  # sent on time: nobody is told
    report_services.report_reopen(
        actor=people["office_a_reviewer"], report=report, reason="Sai số liệu tử số quý I"
    )
    for key in ("a1_head", "a1_staff"):
        assert received(people[key]) == [Kind.REPORT_REOPENED]
    for key in ("a2_head", "office_a_reviewer", "office_a_head", "other_tenant_head"):
        assert received(people[key]) == [], key
    note = Notification.objects.get(user=people["a1_staff"])
    assert "Sai số liệu tử số quý I" in note.body
    assert tree["office_a"].name in note.title
    assert opens(people["a1_staff"], note.url) == 200


def test_a_refused_reopening_tells_nobody(tree, people, schedule):
    draft = periodic_report(tree["a1"], schedule, {"tthc-dung-han": (9, 10)}, submit=False)
    with pytest.raises(ValidationError):
        report_services.report_reopen(actor=people["office_a_reviewer"], report=draft, reason="x")
    sent = periodic_report(tree["a2"], schedule, {"tthc-dung-han": (9, 10)})
    with pytest.raises(PermissionDenied):
        report_services.report_reopen(actor=people["a2_head"], report=sent, reason="Sửa")
    assert not Notification.objects.exists()


def test_a_late_report_tells_the_receiving_units_reviewers(tree, people, schedule):
    draft = periodic_report(tree["a1"], schedule, {"tthc-dung-han": (9, 10)}, submit=False)
    report_services.report_submit(
        actor=people["a1_staff"], report=draft, now=local_time(2024, 3, 12)
    )
    assert received(people["office_a_reviewer"]) == [Kind.REPORT_LATE]
    for key in ("department_reviewer", "office_b_reviewer", "a1_head", "a1_staff", "a2_head"):
        assert received(people[key]) == [], key
    note = Notification.objects.get(user=people["office_a_reviewer"])
    assert tree["a1"].name in note.title and "muộn" in note.title
    assert "12/3/2024" in note.body and "05/3/2024" in note.body
    assert opens(people["office_a_reviewer"], note.url) == 200


# --- Council and award decision ---


def test_the_council_result_and_the_decision_tell_the_nominating_unit_and_the_nominee(tree):
    office = tree["office_a"]
    session = council(
        office, collectives=2, individuals=2, ballots=[(8, 1), (2, 7), (8, 1), (8, 1)], close=False
    )
    votes = list(session.votes.select_related("nomination__person").order_by("id"))
    nominations = [v.nomination for v in votes]
    heads = [member(n.unit, Role.UNIT_HEAD) for n in nominations]
    staff = [member(n.unit, Role.UNIT_STAFF) for n in nominations]
    nominees = {}
    for n in nominations[2:]:
        nominees[n.pk] = member(n.unit, Role.UNIT_STAFF)
        n.person.user = nominees[n.pk]
        n.person.save(update_fields=["user"])
    # The third (a teacher) breached the code of conduct after the nomination was sent.
    ConductRecord.objects.create(
        tenant=office.tenant,
        person=nominations[2].person,
        kind=ConductRecord.Kind.CODE_OF_CONDUCT,
        year=2024,
    )
    officer = member(office, Role.AWARD_OFFICER)
    with pytest.raises(ValidationError):  # a meeting that ends before it starts
        session_close(actor=officer, session=session, ends_at=datetime.time(7, 0))
    assert not Notification.objects.exists()
    session_close(actor=officer, session=session, ends_at=datetime.time(10, 30))
    assert received(heads[0]) == [Kind.COUNCIL_RESULT]
    assert received(heads[1]) == [Kind.COUNCIL_RESULT]
    assert received(heads[2]) == [Kind.NOMINATION_INELIGIBLE]
    assert received(nominees[nominations[2].pk]) == [Kind.NOMINATION_INELIGIBLE]
    assert received(heads[3]) == [Kind.COUNCIL_RESULT]
    assert received(nominees[nominations[3].pk]) == [Kind.COUNCIL_RESULT]
    for user in [*staff, officer]:
        assert received(user) == []
    approved = Notification.objects.get(user=heads[0])
    assert "thống nhất đề nghị" in approved.title and "8/9 phiếu" in approved.body
    assert "chưa được" in Notification.objects.get(user=heads[1]).title
    ineligible = Notification.objects.get(user=heads[2])
    assert nominations[2].person.full_name in ineligible.title
    assert "\n- " in ineligible.body  # the reasons, one a line
    assert opens(heads[0], approved.url) == 200

    Notification.objects.all().delete()
    decision_record(actor=officer, session=session, decided_on=datetime.date(2024, 10, 5))
    for user in (heads[0], heads[3], nominees[nominations[3].pk]):
        assert received(user) == [Kind.AWARD_DECIDED]
    for user in (heads[1], heads[2], nominees[nominations[2].pk], *staff, officer):
        assert received(user) == []
    decided = Notification.objects.get(user=heads[3])
    assert "05/10/2024" in decided.body
    assert nominations[3].award_type.name in decided.title


def test_the_nominee_opens_the_link_of_their_own_nomination_and_nobody_else_of_their_unit(tree):
    """A teacher nominated by the office above their school follows the link they were
    sent; a colleague of their school, outside the office's scope, still cannot."""
    office, school = tree["office_a"], tree["a1"]
    session = council(office, collectives=0, individuals=1, ballots=[(8, 1)], close=False)
    nomination = session.votes.get().nomination
    nominee = member(school, Role.UNIT_STAFF)
    colleague = member(school, Role.UNIT_STAFF)
    nomination.person.user = nominee
    nomination.person.save(update_fields=["user"])
    assert nomination.unit_id != school.pk
    session_close(
        actor=member(office, Role.AWARD_OFFICER), session=session, ends_at=datetime.time(10, 30)
    )
    note = Notification.objects.get(user=nominee)
    assert opens(nominee, note.url) == 200
    assert opens(colleague, note.url) == 404
