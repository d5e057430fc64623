"""Each transition of an item tells the people it concerns, once, and nobody else (issue 20):
Mẫu 1 and Mẫu 2 decided → the unit's heads, the person in charge and the authors with an
account; reviewers assigned → each newly assigned reviewer; a list forwarded → the reviewers
of the receiving unit, in the same number of queries for 3 items as for 30."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from initiatives import services
from initiatives.models import Initiative
from notifications.kinds import Kind
from notifications.models import Notification
from tests.factories import (
    PersonFactory,
    UnitFactory,
    accepted_initiative,
    initiative,
    local_time,
    member,
    office_plan_under_department,
    plan_with_results,
)
from tests.queries import assert_query_count
from units.models import Role
from units.permissions import SYSTEM
from units.selectors import unit_heads_users, unit_reviewers_users

pytestmark = pytest.mark.django_db

D = datetime.date
NAME = "Sổ liên lạc điện tử"


def told() -> list[tuple[int, str]]:
    """(user id, kind) of every notification written, sorted."""
    return sorted(Notification.objects.values_list("user_id", "kind"))


def with_account(unit, **fields):
    """A person of `unit` with a user account (a staff membership)."""
    user = member(unit, Role.UNIT_STAFF, **fields)
    PersonFactory(unit=unit, user=user, full_name=user.full_name)
    return user


@pytest.fixture
def school(tree):
    """School A1: its head (also an author), a person in charge and an author with an account,
    an author without one, and a teacher who is none of these."""
    a1 = tree["a1"]
    head = member(a1, Role.UNIT_HEAD, full_name="Hiệu trưởng A1")
    head_person = PersonFactory(unit=a1, user=head, full_name=head.full_name)
    in_charge = with_account(a1, full_name="Phụ trách A1")
    author = with_account(a1, full_name="Tác giả A1")
    return {
        "unit": a1,
        "head": head,
        "in_charge": in_charge,
        "author": author,
        "authors": [head_person, author.person, PersonFactory(unit=a1, full_name="Không TK")],
        "teacher": with_account(a1, full_name="Giáo viên A1"),
    }


@pytest.fixture
def bystanders(tree):
    """Who must never hear of A1's items: another school's head, another office's reviewer,
    the Sở's reviewer (not the receiving unit here), a head and a reviewer of another tenant."""
    elsewhere = UnitFactory(department=True)
    return [
        member(tree["a2"], Role.UNIT_HEAD),
        member(tree["office_b"], Role.REVIEWER),
        member(tree["department"], Role.REVIEWER),
        member(elsewhere, Role.REVIEWER),
        member(UnitFactory(parent=elsewhere), Role.UNIT_HEAD),
    ]


@pytest.fixture
def plan(tree):
    """Phòng A's plan: registration in Đợt 1, results in Đợt 2, both received by Phòng A."""
    return plan_with_results(tree["office_a"])


@pytest.fixture
def reviewer(tree):
    return member(tree["office_a"], Role.REVIEWER, full_name="Lê Thị Chuyên Viên")


def submitted(school, plan, name=NAME):
    deadline = plan.phases.get(name="Đợt 1").deadlines.get()
    item = initiative(school["unit"], deadline, name=name)
    item = services.initiative_update(
        actor=SYSTEM,
        initiative=item,
        authors=school["authors"],
        person_in_charge=school["in_charge"].person,
        kind="model",
        area="procedures",
        situation="Thực trạng",
        objectives="Mục tiêu",
        expected_results="Kết quả dự kiến",
    )
    return services.initiative_submit(actor=SYSTEM, initiative=item, now=local_time(2024, 8, 1))


def the_unit(school):
    return {school[who].pk for who in ("head", "in_charge", "author")}


@pytest.mark.parametrize(
    ("decision", "kind", "comment", "words"),
    [
        ("return", Kind.INITIATIVE_RETURNED, "Bổ sung số liệu năm 2023.", "trả lại"),
        ("accept", Kind.INITIATIVE_ACCEPTED, "", "đã chấp nhận"),
        ("reject", Kind.INITIATIVE_REJECTED, "Trùng với mô hình năm trước.", "không chấp nhận"),
    ],
)
def test_a_decision_on_mau_1_tells_the_head_the_person_in_charge_and_the_authors_once(
    school, bystanders, plan, reviewer, decision, kind, comment, words
):
    item = submitted(school, plan)
    Notification.objects.all().delete()

    services.DECISIONS[decision](actor=reviewer, initiative=item, comment=comment)

    assert told() == sorted((pk, kind) for pk in the_unit(school))
    note = Notification.objects.get(user=school["head"])
    assert NAME in note.title
    assert words in note.body and "Lê Thị Chuyên Viên" in note.body
    assert comment in note.body
    assert "Kế hoạch số" in note.body
    assert note.actor == reviewer
    assert note.url == reverse("initiatives:detail", kwargs={"initiative_id": item.pk})


def test_a_decision_by_the_platform_names_the_receiving_unit(tree, school, plan):
    item = submitted(school, plan)
    Notification.objects.all().delete()

    services.initiative_accept(actor=SYSTEM, initiative=item)

    bodies = set(Notification.objects.values_list("body", flat=True))
    assert len(bodies) == 1 and tree["office_a"].name in bodies.pop()
    assert Notification.objects.count() == 3


def test_a_refused_decision_tells_nobody(tree, school, plan, reviewer):
    item = submitted(school, plan)
    draft = initiative(school["unit"], item.deadline, name="Bản nháp")
    Notification.objects.all().delete()

    with pytest.raises(PermissionDenied):
        services.initiative_return(
            actor=member(tree["office_b"], Role.REVIEWER), initiative=item, comment="Bổ sung"
        )
    with pytest.raises(ValidationError):
        services.initiative_return(actor=reviewer, initiative=item, comment="")
    # Several at once are all or none: the first was decided, then the draft refused.
    with pytest.raises(ValidationError):
        services.initiatives_decide(
            actor=reviewer, initiatives=[item, draft], decision="accept", comment=""
        )

    assert not Notification.objects.exists()
    assert Initiative.objects.get(pk=item.pk).status == Initiative.Status.SUBMITTED


def test_a_rolled_back_decision_queues_no_email(
    school, plan, reviewer, django_capture_on_commit_callbacks
):
    item = submitted(school, plan)
    draft = initiative(school["unit"], item.deadline, name="Bản nháp")
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        pytest.raises(ValidationError),
    ):
        services.initiatives_decide(
            actor=reviewer, initiatives=[item, draft], decision="return", comment="Bổ sung"
        )
    assert callbacks == []


def test_a_decision_queues_its_email_on_commit(
    school, plan, reviewer, django_capture_on_commit_callbacks
):
    item = submitted(school, plan)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.initiative_return(actor=reviewer, initiative=item, comment="Bổ sung")
    assert len(callbacks) == 1


def submitted_result(school, plan):
    item = accepted_initiative(
        school["unit"],
        plan.phases.get(name="Đợt 1").deadlines.get(),
        name=NAME,
        person_in_charge=school["in_charge"].person,
    )
    item.authors.set(school["authors"])
    report = services.result_report_start(actor=SYSTEM, initiative=item, today=D(2024, 9, 1))
    services.result_report_update(
        actor=SYSTEM, report=report, work_done="Đã làm", effect_after="Giảm 50%", completion=100
    )
    return services.result_report_submit(actor=SYSTEM, report=report, now=local_time(2024, 10, 2))


@pytest.mark.parametrize(
    ("accept", "kind", "comment", "words"),
    [
        (False, Kind.RESULT_RETURNED, "Thiếu minh chứng kết quả.", "trả lại"),
        (True, Kind.RESULT_ACCEPTED, "Số liệu rõ ràng.", "đã chấp nhận"),
    ],
)
def test_a_decision_on_mau_2_tells_the_same_people_once(
    school, bystanders, plan, reviewer, accept, kind, comment, words
):
    report = submitted_result(school, plan)
    Notification.objects.all().delete()

    services.result_report_decide(actor=reviewer, report=report, accept=accept, comment=comment)

    assert told() == sorted((pk, kind) for pk in the_unit(school))
    note = Notification.objects.get(user=school["author"])
    assert "Mẫu 2" in note.title and NAME in note.title
    assert words in note.body and comment in note.body and "Lê Thị Chuyên Viên" in note.body
    assert note.url == reverse("initiatives:result", kwargs={"initiative_id": report.initiative_id})


def test_a_refused_decision_on_mau_2_tells_nobody(tree, school, plan, reviewer):
    report = submitted_result(school, plan)
    Notification.objects.all().delete()

    with pytest.raises(PermissionDenied):
        services.result_report_decide(
            actor=member(tree["office_b"], Role.REVIEWER), report=report, accept=True
        )
    with pytest.raises(ValidationError):
        services.result_report_decide(actor=reviewer, report=report, accept=False, comment=" ")

    assert not Notification.objects.exists()


def test_assigned_reviewers_are_told_once_and_the_one_assigning_is_not(tree, school, plan):
    item = accepted_initiative(
        school["unit"], plan.phases.get(name="Đợt 1").deadlines.get(), name=NAME
    )
    chief, first, second, third = (
        member(tree["office_a"], Role.REVIEWER, full_name=f"Chuyên viên {n}") for n in range(4)
    )
    outsider = member(tree["office_b"], Role.REVIEWER)
    Notification.objects.all().delete()

    services.assignment_set(actor=chief, initiative=item, reviewers=[chief, first, second])

    assert told() == sorted((r.pk, Kind.ITEMS_ASSIGNED) for r in (first, second))
    note = Notification.objects.get(user=first)
    assert NAME in note.title and "Chuyên viên 0" in note.body and "Kế hoạch số" in note.body
    assert note.url.startswith(reverse("initiatives:detail", kwargs={"initiative_id": item.pk}))

    # Assigning again tells only the one newly named; those kept knew already.
    services.assignment_set(actor=chief, initiative=item, reviewers=[first, third])
    assert Notification.objects.filter(user=third).count() == 1
    assert Notification.objects.filter(user=first).count() == 1
    assert not Notification.objects.filter(user__in=[chief, outsider]).exists()

    with pytest.raises(PermissionDenied):
        services.assignment_set(actor=outsider, initiative=item, reviewers=[second])
    assert Notification.objects.count() == 3


def forwarded_list(tree, office, items: int):
    """Phòng `office`'s list of `items` accepted items (three schools), ready to forward."""
    schools = [UnitFactory(parent=office) for _ in range(3)]
    _department_plan, office_plan = office_plan_under_department({**tree, "office_a": office})
    deadline = office_plan.phases.get().deadlines.get()
    for n in range(items):
        accepted_initiative(schools[n % 3], deadline, name=f"Mô hình {n}")
    sender = member(office, Role.REVIEWER, full_name="Trần Văn Tổng Hợp")
    consolidation = services.consolidation_create(actor=sender, deadline=deadline)
    Notification.objects.all().delete()
    return sender, consolidation


def test_a_forwarded_list_tells_the_receiving_units_reviewers_once(tree, school, bystanders):
    department = tree["department"]
    receivers = [member(department, Role.REVIEWER) for _ in range(2)]
    department_head = member(department, Role.UNIT_HEAD)
    sender, consolidation = forwarded_list(tree, tree["office_a"], 3)
    office_colleague = member(tree["office_a"], Role.REVIEWER)

    consolidation = services.consolidation_forward(
        actor=sender, consolidation=consolidation, issued_on=D(2024, 8, 24)
    )

    # bystanders[2] is a reviewer of the Sở: here the Sở receives, so it is told too.
    expected = [*receivers, bystanders[2]]
    assert told() == sorted((r.pk, Kind.LIST_FORWARDED) for r in expected)
    assert not Notification.objects.filter(
        user__in=[sender, office_colleague, department_head, school["head"]]
    ).exists()
    note = Notification.objects.get(user=receivers[0])
    number = consolidation.number.display
    assert note.title == (
        f"Danh sách số {number} gồm 3 mô hình của {tree['office_a'].name} "
        f"đã gửi đến {department.name}"
    )
    assert "Trần Văn Tổng Hợp" in note.body
    assert f"Công văn số {consolidation.letter_number.display}" in note.body
    assert note.url == reverse(
        "initiatives:consolidation", kwargs={"consolidation_id": consolidation.pk}
    )


def test_a_refused_forward_tells_nobody(tree):
    sender, consolidation = forwarded_list(tree, tree["office_a"], 2)
    member(tree["department"], Role.REVIEWER)
    services.consolidation_forward(actor=sender, consolidation=consolidation)
    Notification.objects.all().delete()

    with pytest.raises(ValidationError):
        services.consolidation_forward(actor=sender, consolidation=consolidation)
    assert not Notification.objects.exists()


# The first forward of a unit's year: the list and its plans, its items, two numbers (each
# opening the unit's register), the bulk writes, then the plan's number, one INSERT … SELECT
# of the receiving unit's reviewers' notifications and one of their deliveries, each by
# its person's channel (tests/test_query_counts.py pins a later forward, registers open and
# plans loaded, at 34); three more keep the boards' counters (the items' places before and
# after, one upsert).
FORWARD_QUERIES = 42


@pytest.mark.parametrize("size", [3, 30])
def test_forwarding_costs_the_same_queries_for_few_and_many_items_and_reviewers(tree, size):
    office = UnitFactory(parent=tree["department"], district_office=True)
    receivers = [member(tree["department"], Role.REVIEWER) for _ in range(size)]
    sender, consolidation = forwarded_list(tree, office, size)

    with assert_query_count(FORWARD_QUERIES, f"{size} items, {size} reviewers"):
        services.consolidation_forward(
            actor=sender, consolidation=consolidation, issued_on=D(2024, 8, 24)
        )

    assert told() == sorted((r.pk, Kind.LIST_FORWARDED) for r in receivers)
    assert f"gồm {size} mô hình" in Notification.objects.first().title


def test_the_people_of_units_to_tell_are_their_active_heads_and_reviewers(tree):
    head = member(tree["a1"], Role.UNIT_HEAD)
    member(tree["a1"], Role.UNIT_HEAD, is_active=False)
    member(tree["a1"], Role.UNIT_STAFF)
    reviewer = member(tree["office_a"], Role.REVIEWER)
    member(tree["department"], Role.REVIEWER)  # above, not at, Phòng A

    assert unit_heads_users([tree["a1"], tree["a2"].pk]) == {
        tree["a1"].pk: [head.pk],
        tree["a2"].pk: [],
    }
    assert unit_reviewers_users([tree["office_a"]]) == {tree["office_a"].pk: [reviewer.pk]}
