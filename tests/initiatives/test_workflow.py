"""Registration (Mẫu 1) and its review: each transition, its rights, its trace."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from initiatives import rules, services
from initiatives.models import Initiative, InitiativeEvent
from tests.factories import PersonFactory, campaign, initiative, local_time, member
from units.models import Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

D = datetime.date
Status = Initiative.Status

COMPLETE = {
    "name": "Số hóa hồ sơ tuyển sinh mầm non",
    "kind": "solution",
    "area": "procedures",
    "situation": "Phụ huynh nộp hồ sơ giấy, mất nhiều thời gian.",
    "objectives": "Giảm thời gian tiếp nhận hồ sơ.",
    "expected_results": "100% hồ sơ tuyển sinh tiếp nhận trực tuyến.",
}


def before(day):
    """A moment on the given date, local time."""
    return local_time(day.year, day.month, day.day, 16, 0)


@pytest.fixture
def plan(tree):
    """Phòng A's launched plan: registration due 25/8/2024, received by Phòng A."""
    return campaign(tree["office_a"], launch_on=D(2024, 3, 20))


@pytest.fixture
def deadline(plan):
    return plan.phases.get().deadlines.get()


def complete(item, actor=SYSTEM):
    return services.initiative_update(actor=actor, initiative=item, **COMPLETE)


def test_the_full_path_register_return_resubmit_accept(client, tree, deadline):
    head = member(tree["a1"], Role.UNIT_HEAD)
    reviewer = member(tree["office_a"], Role.REVIEWER)
    item = complete(initiative(tree["a1"], deadline), head)

    services.initiative_submit(actor=head, initiative=item, now=before(D(2024, 8, 20)))
    services.initiative_return(actor=reviewer, initiative=item, comment="Bổ sung số liệu.")
    returned = Initiative.objects.get(pk=item.pk)
    assert returned.status == Status.RETURNED

    services.initiative_update(
        actor=head, initiative=returned, expected_results="Giảm 50% thời gian."
    )
    services.initiative_submit(actor=head, initiative=returned, now=before(D(2024, 8, 30)))
    services.initiative_accept(actor=reviewer, initiative=returned)

    final = Initiative.objects.get(pk=item.pk)
    assert final.status == Status.ACCEPTED
    assert not final.is_late  # resubmitting what the reviewer returned is never late
    assert [v.data["expected_results"] for v in final.versions.order_by("number")] == [
        COMPLETE["expected_results"],
        "Giảm 50% thời gian.",
    ]
    assert list(final.events.order_by("id").values_list("action", flat=True)) == [
        "create",
        "submit",
        "return",
        "resubmit",
        "accept",
    ]
    client.force_login(head)
    page = client.get(reverse("initiatives:detail", kwargs={"initiative_id": item.pk}))
    assert "Bổ sung số liệu." in page.content.decode()


def test_a_submission_after_the_deadline_is_marked_late(tree, deadline):
    item = complete(initiative(tree["a1"], deadline))

    at_last_minute = services.initiative_submit(
        actor=SYSTEM, initiative=item, now=local_time(2024, 8, 25, 23, 59)
    )
    assert not at_last_minute.is_late

    other = complete(initiative(tree["a2"], deadline))
    after_midnight = services.initiative_submit(
        actor=SYSTEM, initiative=other, now=local_time(2024, 8, 26, 0, 0)
    )
    assert after_midnight.is_late


def test_a_closed_plan_refuses_late_submissions_with_a_clear_message(tree, plan, deadline):
    from django.utils import translation

    plan.closes_at_deadline = True
    plan.save()
    item = complete(initiative(tree["a1"], deadline))

    with translation.override("vi"), pytest.raises(ValidationError) as excinfo:
        services.initiative_submit(actor=SYSTEM, initiative=item, now=before(D(2024, 8, 26)))

    assert "ngày 25 tháng 8 năm 2024" in " ".join(excinfo.value.messages)
    assert Initiative.objects.get(pk=item.pk).status == Status.DRAFT


def test_an_incomplete_item_cannot_be_submitted_and_says_what_is_missing(tree, deadline):
    item = initiative(tree["a1"], deadline, name="Chỉ có tên")

    with pytest.raises(ValidationError) as excinfo:
        services.initiative_submit(actor=SYSTEM, initiative=item, now=before(D(2024, 8, 1)))

    message = " ".join(excinfo.value.messages)
    assert "kind" in message.lower() or "loại" in message.lower()


def test_a_unit_cannot_edit_a_submitted_item_unless_it_was_returned(tree, deadline):
    head = member(tree["a1"], Role.UNIT_HEAD)
    item = complete(initiative(tree["a1"], deadline), head)
    services.initiative_submit(actor=head, initiative=item, now=before(D(2024, 8, 1)))

    with pytest.raises(ValidationError):
        services.initiative_update(actor=head, initiative=item, name="Đổi tên sau khi nộp")

    assert Initiative.objects.get(pk=item.pk).name == COMPLETE["name"]


def test_a_school_cannot_see_or_edit_another_schools_item(client, tree, deadline):
    item = initiative(tree["a2"], deadline, name="Mô hình của trường A2")
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))

    for name in ("initiatives:detail", "initiatives:edit"):
        assert client.get(reverse(name, kwargs={"initiative_id": item.pk})).status_code == 404
    response = client.post(
        reverse("initiatives:autosave", kwargs={"initiative_id": item.pk}), {"name": "x"}
    )
    assert response.status_code == 404
    assert Initiative.objects.get(pk=item.pk).name == "Mô hình của trường A2"


def test_an_item_in_sight_that_the_user_does_not_write_for_is_refused_not_hidden(
    client, tree, deadline
):
    """The edit form's post and the autosave read the item by key for its own unit's staff;
    anyone else still gets the item page's answer: 403 when it is in their sight."""
    item = initiative(tree["a1"], deadline, name="Mô hình của trường A1")
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    for name in ("initiatives:edit", "initiatives:autosave"):
        response = client.post(reverse(name, kwargs={"initiative_id": item.pk}), {"name": "x"})
        assert response.status_code == 403
    assert Initiative.objects.get(pk=item.pk).name == "Mô hình của trường A1"


def test_a_reviewer_cannot_decide_outside_their_subtree(tree, deadline):
    item = complete(initiative(tree["a1"], deadline))
    services.initiative_submit(actor=SYSTEM, initiative=item, now=before(D(2024, 8, 1)))
    outsider = member(tree["office_b"], Role.REVIEWER)

    with pytest.raises(PermissionDenied):
        services.initiative_accept(actor=outsider, initiative=item)


def test_a_reviewer_never_decides_on_their_own_units_item(tree):
    # The department's plan for its offices and its own staff, received by the department.
    plan = campaign(
        tree["department"],
        kinds=("phong-gddt",),
        includes_issuing_unit=True,
        launch_on=D(2024, 3, 20),
    )
    deadline = plan.phases.get().deadlines.get()
    reviewer = member(tree["department"], Role.REVIEWER)
    own = complete(initiative(tree["department"], deadline))
    office = complete(initiative(tree["office_a"], deadline))
    for item in (own, office):
        services.initiative_submit(actor=SYSTEM, initiative=item, now=before(D(2024, 8, 1)))

    assert rules.decides_on(reviewer, office)
    assert not rules.decides_on(reviewer, own)
    with pytest.raises(PermissionDenied):
        services.initiative_accept(actor=reviewer, initiative=own)


def test_returning_needs_a_comment(tree, deadline):
    reviewer = member(tree["office_a"], Role.REVIEWER)
    item = complete(initiative(tree["a1"], deadline))
    services.initiative_submit(actor=SYSTEM, initiative=item, now=before(D(2024, 8, 1)))

    with pytest.raises(ValidationError):
        services.initiative_return(actor=reviewer, initiative=item, comment="  ")


def test_authors_must_be_staff_of_the_unit(tree, deadline):
    stranger = PersonFactory(unit=tree["a2"])
    item = initiative(tree["a1"], deadline)

    with pytest.raises(ValidationError):
        services.initiative_update(actor=SYSTEM, initiative=item, authors=[stranger])


def test_bulk_decisions_are_all_or_nothing(tree, deadline):
    reviewer = member(tree["office_a"], Role.REVIEWER)
    first = complete(initiative(tree["a1"], deadline))
    second = complete(initiative(tree["a2"], deadline))
    for item in (first, second):
        services.initiative_submit(actor=SYSTEM, initiative=item, now=before(D(2024, 8, 1)))
    services.initiative_accept(actor=reviewer, initiative=second)

    with pytest.raises(ValidationError):
        services.initiatives_decide(
            actor=reviewer, initiatives=[first, second], decision="accept", comment=""
        )

    assert Initiative.objects.get(pk=first.pk).status == Status.SUBMITTED
    assert InitiativeEvent.objects.filter(initiative=first, action="accept").count() == 0
