"""Each reviewer is reminded of their own waiting work once a day (issue 20): the items
assigned to them and not scored, the items waiting for a decision longer than the tenant's
setting, the review deadline near; one message per reviewer, never one per item, nothing to
a reviewer with nothing waiting, nothing twice the same day."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import translation

from campaign import reminders
from campaign import services as campaign_services
from campaign.forms import ReminderSettingsForm
from campaign.models import Deadline, Phase, ReminderSettings
from initiatives import services
from initiatives.models import ReviewWorkReminder
from initiatives.services.review_work import review_work_remind
from initiatives.tasks import review_work_remind_task
from notifications.delivery import digests_run
from notifications.kinds import Channel, Kind
from notifications.models import Delivery, Notification
from notifications.services import channel_choices_save
from tests.factories import (
    MembershipFactory,
    UnitFactory,
    accepted_initiative,
    campaign,
    initiative,
    local_time,
    member,
)
from units.models import Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2024, 9, 10)
PHASES = (("Đợt 1", (2024, 4, 1), (2024, 10, 31), [("registration", (2024, 10, 15))]),)


def _plan(unit):
    plan = campaign(unit, phases=PHASES, launch_on=D(2024, 3, 20))
    campaign_services.criterion_save(
        actor=SYSTEM, campaign=plan, name="Tính hiệu quả", weight=1, max_points=10
    )
    campaign_services.criterion_save(
        actor=SYSTEM, campaign=plan, name="Tính sáng tạo", weight=1, max_points=10
    )
    return plan, plan.phases.get().deadlines.get()


def _submitted(unit, deadline, when, name="Hồ sơ chờ"):
    """An item of `unit` submitted at `when` (the clock set there, as its audit row is)."""
    item = initiative(unit, deadline, name=name)
    services.initiative_update(
        actor=SYSTEM,
        initiative=item,
        kind="model",
        area="procedures",
        situation="Thực trạng",
        objectives="Mục tiêu",
        expected_results="Kết quả dự kiến",
    )
    with time_machine.travel(when, tick=False):
        return services.initiative_submit(actor=SYSTEM, initiative=item, now=when)


def _assigned(unit, deadline, reviewer, n):
    items = []
    for number in range(n):
        item = accepted_initiative(unit, deadline, name=f"Mô hình {number}")
        services.assignment_set(actor=SYSTEM, initiative=item, reviewers=[reviewer])
        items.append(item)
    return items


@pytest.fixture
def office(tree):
    """Phòng A's plan with two criteria, its reviewer, and: 3 items assigned to the reviewer
    and not scored, 2 submitted on 1/9 (waiting more than 5 days on 10/9), 1 on 8/9."""
    plan, deadline = _plan(tree["office_a"])
    reviewer = member(
        tree["office_a"], Role.REVIEWER, full_name="Chuyên viên A", email="cva@pgd-a.edu.vn"
    )
    _assigned(tree["a1"], deadline, reviewer, 3)
    for n in range(2):
        _submitted(tree["a2"], deadline, local_time(2024, 9, 1), name=f"Cũ {n}")
    _submitted(tree["a2"], deadline, local_time(2024, 9, 8), name="Mới")
    Notification.objects.all().delete()
    return {"plan": plan, "deadline": deadline, "reviewer": reviewer}


def _notes(kind=Kind.REVIEW_WORK):
    return list(Notification.objects.filter(kind=kind).order_by("user_id"))


def test_one_message_per_reviewer_with_both_counts(tree, office):
    colleague = member(tree["office_a"], Role.REVIEWER, full_name="Chuyên viên A2")
    elsewhere = member(tree["office_b"], Role.REVIEWER)
    department = member(tree["department"], Role.REVIEWER)

    result = review_work_remind(day=TODAY)

    notes = _notes()
    assert [n.user_id for n in notes] == [office["reviewer"].pk, colleague.pk]
    mine = notes[0]
    assert mine.title == (
        "Việc chờ anh/chị xem xét: 3 mô hình chưa chấm điểm, 2 hồ sơ chờ quyết định quá 5 ngày"
    )
    assert "Kế hoạch số" in mine.body and "Đợt 1" in mine.body
    assert "2 bản đăng ký (Mẫu 1) chờ quyết định quá 5 ngày" in mine.body
    board = reverse("initiatives:board", kwargs={"deadline_id": office["deadline"].pk})
    assert mine.url == board and board in mine.body
    # The colleague of the same unit was assigned nothing: only the waiting items.
    assert notes[1].title == "Việc chờ anh/chị xem xét: 2 hồ sơ chờ quyết định quá 5 ngày"
    assert not Notification.objects.filter(user__in=[elsewhere, department]).exists()
    assert (result.reviewers, result.unscored, result.waiting) == (2, 3, 4)


def test_another_tenant_counts_its_own_items_only(tree, office):
    top = UnitFactory(department=True)
    school = UnitFactory(parent=top)
    _plan_other, deadline = _plan(top)
    theirs = member(top, Role.REVIEWER)
    _submitted(school, deadline, local_time(2024, 9, 2))

    review_work_remind(day=TODAY)

    other = Notification.objects.get(user=theirs, kind=Kind.REVIEW_WORK)
    assert other.tenant_id == top.tenant_id != tree["office_a"].tenant_id
    assert other.title == "Việc chờ anh/chị xem xét: 1 hồ sơ chờ quyết định quá 5 ngày"
    assert Notification.objects.get(user=office["reviewer"]).tenant_id == tree["a1"].tenant_id


def test_items_scored_or_waiting_less_than_n_days_do_not_count(tree, office):
    reviewer = office["reviewer"]
    first = office["deadline"].initiatives.filter(status="accepted").order_by("pk").first()
    criteria = {c.pk: 8 for c in office["plan"].criteria.all()}
    services.score_save(actor=reviewer, initiative=first, points=criteria)

    # On 5/9 the items sent on 1/9 have waited 4 days, not more than 5.
    review_work_remind(day=D(2024, 9, 5))
    (note,) = _notes()
    assert note.title == "Việc chờ anh/chị xem xét: 2 mô hình chưa chấm điểm"

    # A reviewer with nothing waiting (nothing assigned, nothing old enough) gets nothing.
    lonely = member(tree["office_b"], Role.REVIEWER)
    _plan_b, deadline_b = _plan(tree["office_b"])
    _submitted(tree["b1"], deadline_b, local_time(2024, 9, 8))
    review_work_remind(day=D(2024, 9, 6))
    assert not Notification.objects.filter(user=lonely).exists()


def test_the_tenant_setting_changes_the_count(tree, office, tenant_admin):
    reminders.reminder_settings_save(
        actor=tenant_admin, tenant=tree["a1"].tenant, offsets=[7, 3, 1, 0], review_wait_days=1
    )
    review_work_remind(day=TODAY)
    (note,) = _notes()
    # The item sent on 8/9 has waited more than one day too.
    assert "3 hồ sơ chờ quyết định quá 1 ngày" in note.title

    ReviewWorkReminder.objects.all().delete()
    Notification.objects.all().delete()
    reminders.reminder_settings_save(
        actor=tenant_admin, tenant=tree["a1"].tenant, offsets=[7], review_wait_days=10
    )
    review_work_remind(day=TODAY)
    (note,) = _notes()
    assert note.title == "Việc chờ anh/chị xem xét: 3 mô hình chưa chấm điểm"


def test_twice_the_same_day_tells_once_and_the_next_day_again(office):
    first = review_work_remind(day=TODAY)
    again = review_work_remind_task.delay(TODAY.isoformat()).get()
    assert first.reviewers == 1
    assert again["reviewers"] == 0 and again["skipped"] == 1
    assert len(_notes()) == 1
    assert ReviewWorkReminder.objects.get().unscored == 3

    review_work_remind(day=TODAY + datetime.timedelta(days=1))
    assert len(_notes()) == 2


def test_the_review_deadline_near_is_recalled(tree, office):
    # Scored and decided: only the recent item is left, and the phase ends on 31/10.
    reviewer = office["reviewer"]
    criteria = {c.pk: 8 for c in office["plan"].criteria.all()}
    for item in office["deadline"].initiatives.filter(status="accepted"):
        services.score_save(actor=reviewer, initiative=item, points=criteria)
    for item in office["deadline"].initiatives.filter(name__startswith="Cũ"):
        services.initiative_accept(actor=reviewer, initiative=item)
    Notification.objects.all().delete()
    # Long enough a wait that the recent item is not counted as waiting too long.
    ReminderSettings.objects.update_or_create(
        tenant=tree["a1"].tenant, defaults={"review_wait_days": 60}
    )

    review_work_remind(day=D(2024, 10, 20))  # 11 days before: not yet (first reminder: 7)
    assert _notes() == []

    review_work_remind(day=D(2024, 10, 27))
    (note,) = _notes()
    assert note.title == "Việc chờ anh/chị xem xét: 1 hạn xét duyệt sắp đến"
    assert "hạn xét duyệt ngày 31/10/2024 (còn 4 ngày)" in note.body


def test_by_digest_one_line_in_the_morning_email(office, django_capture_on_commit_callbacks):
    reviewer = office["reviewer"]
    with (
        time_machine.travel(local_time(2024, 9, 10, 7, 2), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        review_work_remind()
    (delivery,) = Delivery.objects.filter(user=reviewer)
    assert delivery.channel == Channel.DIGEST
    assert mail.outbox == []

    with (
        time_machine.travel(local_time(2024, 9, 10, 7, 5), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        digests_run()
    (message,) = mail.outbox
    assert message.to == ["cva@pgd-a.edu.vn"]
    assert "3 mô hình chưa chấm điểm, 2 hồ sơ chờ quyết định quá 5 ngày" in message.body


def test_in_the_app_only_sends_no_email(office, django_capture_on_commit_callbacks):
    reviewer = office["reviewer"]
    channel_choices_save(actor=reviewer, user=reviewer, channels={Kind.REVIEW_WORK: Channel.APP})
    with django_capture_on_commit_callbacks(execute=True):
        review_work_remind(day=TODAY)
        digests_run(day=TODAY)
    assert len(_notes()) == 1
    assert not Delivery.objects.exists()
    assert mail.outbox == []


# Settings, unscored, waiting Mẫu 1 and Mẫu 2, reviewers and their memberships at the items'
# units, deadlines, the log's insert and read, the notifications, their channels (2) and
# deliveries, and the savepoint's two.
QUERIES = 15


@pytest.mark.parametrize(("items", "reviewers"), [(3, 1), (30, 3)])
def test_constant_queries(tree, items, reviewers, django_assert_num_queries):
    _plan_a, deadline = _plan(tree["office_a"])
    people = [member(tree["office_a"], Role.REVIEWER) for _ in range(reviewers)]
    for reviewer in people:
        _assigned(tree["a1"], deadline, reviewer, items)
    for n in range(items):
        _submitted(tree["a2"], deadline, local_time(2024, 9, 1), name=f"Chờ {n}")
    with django_assert_num_queries(QUERIES):
        result = review_work_remind(day=TODAY)
    assert result.reviewers == reviewers
    assert result.unscored == items * reviewers and result.waiting == items * reviewers


def test_the_setting_is_validated_in_vietnamese():
    base = {"offsets": "7, 3, 1, 0", "by_email": "on", "in_app": "on"}
    with translation.override("vi"):
        form = ReminderSettingsForm({**base, "review_wait_days": "0"})
        assert not form.is_valid()
        assert form.errors["review_wait_days"] == ["Nhập số ngày là số nguyên, ít nhất là 1."]
    assert ReminderSettingsForm({**base, "review_wait_days": "5"}).is_valid()


def test_the_tenant_administrator_sets_it_on_the_reminders_page(tree, tenant_admin, client):
    client.force_login(tenant_admin)
    page = client.get(reverse("campaign:reminders"))
    assert 'name="review_wait_days"' in page.content.decode() and 'value="5"' in (
        page.content.decode()
    )
    answer = client.post(
        reverse("campaign:reminders"),
        {"offsets": "7, 3, 1, 0", "by_email": "on", "in_app": "on", "review_wait_days": "8"},
    )
    assert answer.status_code == 302
    assert ReminderSettings.objects.get(tenant=tree["a1"].tenant).review_wait_days == 8


def test_left_blank_the_saved_value_stays(tree, tenant_admin, client):
    ReminderSettings.objects.update_or_create(
        tenant=tree["a1"].tenant, defaults={"review_wait_days": 9}
    )
    client.force_login(tenant_admin)
    client.post(reverse("campaign:reminders"), {"offsets": "7", "by_email": "on"})
    saved = ReminderSettings.objects.get(tenant=tree["a1"].tenant)
    assert (saved.offsets, saved.review_wait_days) == ([7], 9)


def test_the_review_deadline_is_the_upper_plans_when_the_list_goes_up(tree):
    department_plan = campaign(
        tree["department"],
        kinds=("phong-gddt", "truong-mam-non"),
        phases=(("Đợt 1", (2024, 4, 1), (2024, 12, 20), [("registration", (2024, 11, 15))]),),
        launch_on=D(2024, 3, 20),
    )
    # The office's plan takes the Sở's phase; its own deadline comes before the Sở's.
    office_plan = campaign(tree["office_a"], phases=(), based_on=department_plan)
    phase = office_plan.phases.get()
    Phase.objects.filter(pk=phase.pk).update(end_date=D(2024, 10, 31))
    phase.deadlines.update(due_date=D(2024, 10, 15), receiving_unit=tree["office_a"])
    campaign_services.campaign_launch(actor=SYSTEM, campaign=office_plan, issued_on=D(2024, 3, 25))
    deadline = Deadline.objects.get(phase=phase)  # the launched plan, not the cached draft
    member(tree["office_a"], Role.REVIEWER)
    _submitted(tree["a1"], deadline, local_time(2024, 10, 1))
    ReminderSettings.objects.update_or_create(
        tenant=tree["a1"].tenant, defaults={"review_wait_days": 60}
    )

    # The phase ends on 31/10, but the list is due at the Sở on 15/11.
    review_work_remind(day=D(2024, 10, 27))
    assert _notes() == []
    review_work_remind(day=D(2024, 11, 10))
    (note,) = _notes()
    assert "hạn xét duyệt ngày 15/11/2024 (còn 5 ngày)" in note.body


def test_no_one_is_reminded_of_their_own_units_items(tree, office):
    # A reviewer of Phòng A who also works at school A2 never decides on A2's items.
    both = member(tree["office_a"], Role.REVIEWER, full_name="Kiêm nhiệm")
    MembershipFactory(user=both, unit=tree["a2"], role=Role.UNIT_STAFF)
    review_work_remind(day=TODAY)
    assert not Notification.objects.filter(user=both).exists()
    assert Notification.objects.filter(user=office["reviewer"]).count() == 1
