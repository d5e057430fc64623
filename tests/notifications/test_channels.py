"""Each person chooses per kind how a notification reaches them (in the app only, an e-mail
at once, the morning digest); the tenant sets the defaults; each e-mail leaves once."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.urls import reverse

from notifications.delivery import digests_run, notifications_email
from notifications.kinds import DEFAULT_CHANNELS, Channel, Kind
from notifications.models import ChannelChoice, ChannelDefault, Delivery, Digest, Notification
from notifications.services import (
    Message,
    channel_choices_for,
    channel_choices_save,
    notify,
    notify_each,
)
from tests.factories import UnitFactory, UserFactory, local_time, member
from units.models import Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    top = UnitFactory(department=True)
    unit = UnitFactory(parent=top)
    return {
        "top": top,
        "unit": unit,
        "tenant": unit.tenant,
        "head": member(unit, Role.UNIT_HEAD, email="hieutruong@mnsonca.edu.vn"),
        "staff": member(unit, Role.UNIT_STAFF, email="canbo@mnsonca.edu.vn"),
    }


def _tell(person, kind, title, url="/initiatives/7/"):
    return notify(
        [person],
        actor=SYSTEM,
        tenant=person.tenant_id,
        kind=kind,
        title=title,
        url=url,
        email=True,
    )


def _choose(person, **channels):
    channel_choices_save(actor=person, user=person, channels=channels)


def _at(day, hour, month=9):
    return time_machine.travel(local_time(2024, month, day, hour), tick=False)


def test_three_events_in_a_day_come_in_one_email_next_morning(
    school, django_capture_on_commit_callbacks
):
    head = school["head"]
    with _at(3, 10), django_capture_on_commit_callbacks(execute=True):
        _tell(head, Kind.PLAN_LAUNCHED, "Kế hoạch số 12/KH-PGDĐT đã ban hành", "/campaigns/5/")
        _tell(head, Kind.INITIATIVE_ACCEPTED, "Mẫu 1 “Sổ điện tử” được tiếp nhận")
        _tell(
            head, Kind.INITIATIVE_ACCEPTED, "Mẫu 1 “Một cửa số” được tiếp nhận", "/initiatives/8/"
        )
    assert mail.outbox == []  # all three are digest kinds by default

    with _at(4, 7), django_capture_on_commit_callbacks(execute=True):
        result = digests_run()

    assert (result.digests, result.entries) == (1, 3)
    (message,) = mail.outbox
    assert message.to == ["hieutruong@mnsonca.edu.vn"]
    assert message.subject == "Tổng hợp thông báo ngày 04/09/2024: 3 thông báo mới"
    body = message.body
    for title in ("Kế hoạch số 12/KH-PGDĐT", "“Sổ điện tử”", "“Một cửa số”"):
        assert title in body
    # Grouped by kind, under its Vietnamese name, each with its link.
    assert body.index("Kế hoạch được ban hành cho đơn vị tôi") < body.index("Kế hoạch số 12")
    assert body.index("(2):") < body.index("“Sổ điện tử”") < body.index("“Một cửa số”")
    assert "/initiatives/8/" in body and "/campaigns/5/" in body
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


def test_a_person_set_to_in_the_app_only_gets_no_email(school, django_capture_on_commit_callbacks):
    head = school["head"]
    _choose(head, plan_launched=Channel.APP, initiative_returned=Channel.APP)
    with _at(3, 10), django_capture_on_commit_callbacks(execute=True):
        _tell(head, Kind.PLAN_LAUNCHED, "Kế hoạch số 12/KH-PGDĐT đã ban hành")
        _tell(head, Kind.INITIATIVE_RETURNED, "Mẫu 1 được trả lại")
    with _at(4, 7), django_capture_on_commit_callbacks(execute=True):
        digests_run()
    assert mail.outbox == []
    assert head.notifications.count() == 2  # still told in the application
    assert not Delivery.objects.exists()


def test_at_once_sends_one_email_at_commit_and_nothing_in_the_digest(
    school, django_capture_on_commit_callbacks
):
    head, staff = school["head"], school["staff"]
    _choose(staff, plan_launched=Channel.EMAIL)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(
            [head, staff],
            actor=SYSTEM,
            tenant=school["tenant"],
            kind=Kind.PLAN_LAUNCHED,
            title="Kế hoạch số 12/KH-PGDĐT đã ban hành",
            email=True,
        )
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["canbo@mnsonca.edu.vn"]]
    with django_capture_on_commit_callbacks(execute=True):
        digests_run()
    # The head (digest by default) gets the morning digest; the staff member nothing more.
    assert [m.to for m in mail.outbox] == [["canbo@mnsonca.edu.vn"], ["hieutruong@mnsonca.edu.vn"]]


def test_a_rollback_writes_and_sends_nothing(school, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _tell(school["head"], Kind.INITIATIVE_RETURNED, "Mẫu 1 được trả lại")
        _tell(school["staff"], Kind.PLAN_LAUNCHED, "Kế hoạch đã ban hành")
        raise RuntimeError("the transition failed after notifying")
    with django_capture_on_commit_callbacks(execute=True):
        digests_run()
    assert mail.outbox == []
    assert not Delivery.objects.exists() and not Digest.objects.exists()


def test_the_digest_run_twice_a_day_sends_once_and_later_news_waits_for_tomorrow(
    school, django_capture_on_commit_callbacks
):
    head = school["head"]
    with _at(3, 10), django_capture_on_commit_callbacks(execute=True):
        _tell(head, Kind.LIST_FORWARDED, "Danh sách số 3 gồm 12 mô hình")
    with _at(4, 7), django_capture_on_commit_callbacks(execute=True):
        digests_run()
    with _at(4, 8), django_capture_on_commit_callbacks(execute=True):
        _tell(head, Kind.LIST_FORWARDED, "Danh sách số 4 gồm 5 mô hình")
        again = digests_run()
    assert again.digests == 0
    assert len(mail.outbox) == 1
    with _at(5, 7), django_capture_on_commit_callbacks(execute=True):
        digests_run()
    assert len(mail.outbox) == 2
    assert "Danh sách số 4" in mail.outbox[1].body
    assert "Danh sách số 3" not in mail.outbox[1].body


def test_a_day_with_nothing_new_sends_nothing(school, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = digests_run()
    assert result.digests == 0 and callbacks == [] and mail.outbox == []


def test_the_tenant_default_applies_until_the_person_chooses(
    school, django_capture_on_commit_callbacks
):
    head, staff = school["head"], school["staff"]
    ChannelDefault.objects.create(
        tenant=school["tenant"], kind=Kind.INITIATIVE_RETURNED, channel=Channel.DIGEST
    )
    # Another tenant's default changes nothing here.
    other = UnitFactory()
    ChannelDefault.objects.create(tenant=other.tenant, kind=Kind.PLAN_LAUNCHED, channel="email")
    _choose(staff, initiative_returned=Channel.EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        for person in (head, staff):
            _tell(person, Kind.INITIATIVE_RETURNED, "Mẫu 1 được trả lại")
            _tell(person, Kind.PLAN_LAUNCHED, "Kế hoạch đã ban hành")
    assert [m.to for m in mail.outbox] == [["canbo@mnsonca.edu.vn"]]
    assert channel_choices_for(head)[Kind.INITIATIVE_RETURNED] == Channel.DIGEST
    assert channel_choices_for(head)[Kind.PLAN_LAUNCHED] == DEFAULT_CHANNELS[Kind.PLAN_LAUNCHED]


def test_email_false_stays_in_the_app(school, django_capture_on_commit_callbacks):
    _choose(school["head"], plan_launched=Channel.EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            [school["head"]],
            actor=SYSTEM,
            tenant=school["tenant"],
            kind=Kind.PLAN_LAUNCHED,
            title="Kế hoạch đã ban hành",
        )
        digests_run()
    assert mail.outbox == [] and not Delivery.objects.exists()


def test_a_redelivered_email_task_sends_nothing_more(school, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        created = _tell(school["head"], Kind.INITIATIVE_RETURNED, "Mẫu 1 được trả lại")
    assert notifications_email(ids=[row.pk for row in created]) == 0
    assert len(mail.outbox) == 1


def test_an_email_that_never_goes_through_ends_failed_and_listed_for_the_administrator(
    school, settings, client, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    settings.REMINDER_MAX_TRIES = 3
    with django_capture_on_commit_callbacks(execute=True):
        _tell(school["head"], Kind.INITIATIVE_RETURNED, "Mẫu 1 “Sổ điện tử” được trả lại")
        _tell(school["head"], Kind.PLAN_LAUNCHED, "Kế hoạch đã ban hành")
    with _at(4, 7), django_capture_on_commit_callbacks(execute=True):
        digests_run()
    failed = Delivery.objects.order_by("channel")
    assert [(d.channel, d.status, d.attempts > 0) for d in failed] == [
        ("digest", "failed", False),
        ("email", "failed", True),
    ]
    assert Digest.objects.get().attempts == 3

    admin = member(school["top"], Role.TENANT_ADMIN)
    client.force_login(admin)
    page = client.get(reverse("notifications:settings")).content.decode()
    assert page.count('data-testid="failed-delivery"') == 2
    assert "Mẫu 1 “Sổ điện tử” được trả lại" in page

    # The mail server is back: the administrator ticks both and sends them again, once each;
    # a second click, or another tenant's administrator, sends nothing more.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    retry = reverse("notifications:retry")
    stranger = member(UnitFactory(department=True), Role.TENANT_ADMIN)
    client.force_login(stranger)
    ids = [str(d.pk) for d in failed]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(retry, {"ids": ids})
    assert mail.outbox == []
    client.force_login(admin)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(retry, {"ids": ids}, follow=True)
    assert sorted(m.subject for m in mail.outbox) == [
        "Mẫu 1 “Sổ điện tử” được trả lại",
        "Tổng hợp thông báo ngày 04/09/2024: 1 thông báo mới",
    ]
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    assert 'data-testid="failed-delivery"' not in response.content.decode()


def test_many_recipients_cost_the_same_queries_as_few(school, django_assert_num_queries):
    def messages(n):
        users = UserFactory.create_batch(n, tenant=school["tenant"])
        return [Message(users=users, tenant=school["tenant"].pk, kind="plan_launched", title="KH")]

    few, many = messages(3), messages(30)
    # The notifications, the choices, the tenant's defaults, the deliveries.
    with django_assert_num_queries(4):
        notify_each(few, actor=SYSTEM, email=True)
    with django_assert_num_queries(4):
        notify_each(many, actor=SYSTEM, email=True)


# --- The pages ---


def test_the_choices_page_lists_every_kind_saves_and_keeps_the_choices(school, client):
    head = school["head"]
    client.force_login(head)
    url = reverse("notifications:channels")
    page = client.get(url).content.decode()
    for kind in Kind.values:
        assert page.count(f'name="{kind}"') == 3
    assert f'name="plan_launched" value="{DEFAULT_CHANNELS[Kind.PLAN_LAUNCHED]}" id' in page

    posted = {kind: Channel.DIGEST for kind in Kind.values}
    posted[Kind.INITIATIVE_RETURNED] = Channel.APP
    response = client.post(url, posted)
    assert response.status_code == 302
    assert ChannelChoice.objects.filter(user=head).count() == len(Kind.values)
    page = client.get(url).content.decode()
    assert 'name="initiative_returned" value="app" id="id_initiative_returned_0" checked' in page
    # Saving again changes nothing and makes no second row.
    client.post(url, posted)
    assert ChannelChoice.objects.filter(user=head).count() == len(Kind.values)


def test_a_bad_choice_says_what_is_wrong_and_keeps_the_rest(school, client):
    client.force_login(school["head"])
    posted = {kind: Channel.APP for kind in Kind.values}
    posted[Kind.REMINDER] = "fax"
    response = client.post(reverse("notifications:channels"), posted)
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ChannelChoice.objects.exists()


def test_only_the_tenant_administrator_sets_the_defaults(school, client):
    client.force_login(school["head"])
    url = reverse("notifications:settings")
    assert client.get(url).status_code == 403
    admin = member(school["top"], Role.TENANT_ADMIN)
    client.force_login(admin)
    posted = {kind: Channel.EMAIL for kind in Kind.values}
    assert client.post(url, posted).status_code == 302
    assert (
        dict(ChannelDefault.objects.filter(tenant=school["tenant"]).values_list("kind", "channel"))
        == posted
    )
    page = client.get(url).content.decode()
    assert 'name="plan_launched" value="email" id="id_plan_launched_1" checked' in page


def test_nobody_chooses_for_someone_else(school):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        channel_choices_save(
            actor=school["staff"], user=school["head"], channels={"reminder": "app"}
        )


def test_the_digest_day_is_the_local_morning(school, django_capture_on_commit_callbacks):
    # 7:00 in Hà Nội is 00:00 UTC: the digest is dated the local day.
    with _at(3, 10), django_capture_on_commit_callbacks(execute=True):
        _tell(school["head"], Kind.PLAN_LAUNCHED, "Kế hoạch đã ban hành")
    with _at(4, 6), django_capture_on_commit_callbacks(execute=True):
        digests_run()
    assert Digest.objects.get().day == datetime.date(2024, 9, 4)


# --- Reminders follow the same choice ---


def test_reminders_follow_each_persons_choice_at_once_by_default(
    school, django_capture_on_commit_callbacks
):
    from campaign import reminders
    from tests.factories import campaign

    office = UnitFactory(parent=school["top"], district_office=True)
    schools = {code: UnitFactory(parent=office) for code in ("quiet", "digest", "default")}
    heads = {
        code: member(unit, Role.UNIT_HEAD, email=f"{code}@truong.vn")
        for code, unit in schools.items()
    }
    _choose(heads["quiet"], reminder=Channel.APP)
    _choose(heads["digest"], reminder=Channel.DIGEST)
    campaign(office, launch_on=datetime.date(2024, 3, 20))
    # The launch tells the schools too (in the digest); this test is about the reminders.
    Notification.objects.filter(kind=Kind.PLAN_LAUNCHED).delete()
    due = datetime.date(2024, 8, 25)

    with (
        time_machine.travel(local_time(2024, 8, 18, 7), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reminders.reminders_sweep()
    reminder_mail = [m.to for m in mail.outbox]
    assert reminder_mail == [["default@truong.vn"]]
    assert all(due.strftime("%Y") in m.subject for m in mail.outbox)
    # The reminder still reaches everyone in the app; the digest person's comes next morning.
    assert all(head.notifications.filter(kind="reminder").count() == 1 for head in heads.values())
    with _at(19, 7, month=8), django_capture_on_commit_callbacks(execute=True):
        digests_run()
    assert [m.to for m in mail.outbox[1:]] == [["digest@truong.vn"]]
    title = heads["digest"].notifications.get().title
    assert title in mail.outbox[1].body and "ngày 25 tháng 8 năm 2024" in title
