"""Reminders before a due date, overdue notices and the reviewers' digest, run eagerly (no
broker): who is reminded, on which day, once. The real worker, broker and SMTP server are in
tests/integration/test_reminders_worker.py."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaign import reminders
from campaign.models import DeadlineExtension, ReminderLog, ReminderSettings
from notifications.models import Notification
from tests.factories import UnitFactory, accepted_initiative, campaign, local_time, member
from units.models import Role

pytestmark = pytest.mark.django_db

DUE = datetime.date(2024, 8, 25)


@pytest.fixture
def plan(tree):
    """Phòng A's plan: its schools A1 and A2 register by 25/8/2024 (Đợt 1)."""
    return campaign(tree["office_a"], launch_on=datetime.date(2024, 3, 20))


@pytest.fixture
def deadline(plan):
    return plan.phases.get().deadlines.get()


@pytest.fixture
def people(tree):
    """A head and a member of staff in each school, with e-mail; a reviewer at Phòng A."""
    found = {}
    for code in ("a1", "a2", "b1"):
        found[f"{code}_head"] = member(tree[code], Role.UNIT_HEAD, email=f"{code}-head@truong.vn")
        found[f"{code}_staff"] = member(tree[code], Role.UNIT_STAFF, email=f"{code}-gv@truong.vn")
    found["reviewer"] = member(tree["office_a"], Role.REVIEWER, email="pgd-a@pgd.vn")
    return found


def sweep_on(day, capture):
    """The sweep as Celery beat runs it: at 07:00 local time on `day`, no date given."""
    with (
        time_machine.travel(local_time(day.year, day.month, day.day, 7), tick=False),
        capture(execute=True),
    ):
        return reminders.reminders_sweep()


def inboxes(outbox) -> dict[str, list[str]]:
    found = {}
    for message in outbox:
        for address in message.to:
            found.setdefault(address, []).append(message.subject)
    return found


def test_every_owing_unit_is_reminded_seven_days_before(
    tree, deadline, people, mailoutbox, django_capture_on_commit_callbacks
):
    result = sweep_on(DUE - datetime.timedelta(days=7), django_capture_on_commit_callbacks)

    assert result.emails_queued == 2
    # One e-mail per school, to its head and staff; nothing to B1, which is outside the plan.
    assert sorted(sorted(m.to) for m in mailoutbox) == [
        ["a1-gv@truong.vn", "a1-head@truong.vn"],
        ["a2-gv@truong.vn", "a2-head@truong.vn"],
    ]
    assert all("ngày 25 tháng 8 năm 2024" in m.subject for m in mailoutbox)
    assert set(Notification.objects.values_list("user__username", flat=True)) == {
        people[f"{code}_{role}"].username for code in ("a1", "a2") for role in ("head", "staff")
    }


def test_the_e_mail_is_vietnamese_plain_text_and_html_with_a_direct_link(
    tree, deadline, people, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://thidua.example.gov.vn"
    tree["a1"].name = "Trường Mầm non Sơn Ca & Họa Mi"
    tree["a1"].save()
    sweep_on(DUE - datetime.timedelta(days=3), django_capture_on_commit_callbacks)

    message = next(m for m in mailoutbox if "a1-head@truong.vn" in m.to)
    assert message.subject == (
        "Nhắc hạn: Đăng ký mô hình, giải pháp, sáng kiến (Mẫu 1) — Đợt 1, "
        "hạn ngày 25 tháng 8 năm 2024"
    )
    assert "Kính gửi: Trường Mầm non Sơn Ca & Họa Mi" in message.body
    assert "&amp;" not in message.body
    assert "trước hết ngày 25 tháng 8 năm 2024" in message.body
    assert "Còn 3 ngày đến hạn" in message.body
    assert "bản đăng ký mô hình, giải pháp, sáng kiến (Mẫu 1)" in message.body
    assert f"https://thidua.example.gov.vn/campaigns/{deadline.phase.campaign_id}/" in message.body
    assert "Kế hoạch số 01/KH-" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Sơn Ca &amp; Họa Mi" in html
    assert f'href="https://thidua.example.gov.vn/campaigns/{deadline.phase.campaign_id}/"' in html


def test_a_unit_that_submitted_receives_nothing_more(
    tree, deadline, people, mailoutbox, django_capture_on_commit_callbacks
):
    accepted_initiative(tree["a1"], deadline)

    sweep_on(DUE - datetime.timedelta(days=1), django_capture_on_commit_callbacks)

    assert set(inboxes(mailoutbox)) == {"a2-head@truong.vn", "a2-gv@truong.vn"}


def test_a_draft_is_not_a_submission(
    tree, deadline, people, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.factories import initiative

    initiative(tree["a1"], deadline, name="Bản nháp")

    sweep_on(DUE, django_capture_on_commit_callbacks)

    assert "a1-head@truong.vn" in inboxes(mailoutbox)
    assert "Hôm nay là ngày cuối cùng" in mailoutbox[0].body


def test_the_sweep_run_twice_on_one_day_sends_each_message_once(
    tree, deadline, people, mailoutbox, django_capture_on_commit_callbacks
):
    day = DUE - datetime.timedelta(days=7)
    first = sweep_on(day, django_capture_on_commit_callbacks)
    second = sweep_on(day, django_capture_on_commit_callbacks)

    assert (first.emails_queued, second.emails_queued) == (2, 0)
    assert second.already_sent == 4  # two e-mails and two in-app rows
    assert len(mailoutbox) == 2
    assert Notification.objects.count() == 4


def test_walking_the_clock_across_the_deadline(
    tree, deadline, people, mailoutbox, django_capture_on_commit_callbacks
):
    """Every day from 20 days before to 3 days after: reminders on the 7th, 3rd and 1st day
    before and on the day, an overdue notice and the digest the day after, nothing else."""
    received = {}
    for back in range(20, -4, -1):
        day = DUE - datetime.timedelta(days=back)
        if day == DUE - datetime.timedelta(days=2):
            accepted_initiative(tree["a1"], deadline)  # A1 submits two days before
        before = len(mailoutbox)
        sweep_on(day, django_capture_on_commit_callbacks)
        for message in mailoutbox[before:]:
            for address in message.to:
                received.setdefault(day.day, []).append((address, message.subject.split(":")[0]))

    heads = {
        day: sorted((address, kind) for address, kind in got if "gv@" not in address)
        for day, got in received.items()
    }
    assert heads == {
        18: [("a1-head@truong.vn", "Nhắc hạn"), ("a2-head@truong.vn", "Nhắc hạn")],
        22: [("a1-head@truong.vn", "Nhắc hạn"), ("a2-head@truong.vn", "Nhắc hạn")],
        24: [("a2-head@truong.vn", "Nhắc hạn")],
        25: [("a2-head@truong.vn", "Nhắc hạn")],
        26: [("a2-head@truong.vn", "Quá hạn"), ("pgd-a@pgd.vn", "1/2 đơn vị chưa nộp")],
    }
    digest = next(m for m in mailoutbox if m.to == ["pgd-a@pgd.vn"])
    assert tree["a2"].name in digest.body
    assert tree["a1"].name not in digest.body
    assert "còn 1/2 đơn vị chưa nộp" in digest.body


def test_the_digest_lists_exactly_the_late_units(
    tree, people, mailoutbox, django_capture_on_commit_callbacks
):
    a3 = UnitFactory(parent=tree["office_a"], code="A3")
    plan = campaign(tree["office_a"], launch_on=datetime.date(2024, 3, 20))
    deadline = plan.phases.get().deadlines.get()
    accepted_initiative(tree["a2"], deadline)

    sweep_on(DUE + datetime.timedelta(days=1), django_capture_on_commit_callbacks)

    digests = [m for m in mailoutbox if m.to == ["pgd-a@pgd.vn"]]
    assert len(digests) == 1
    body = digests[0].body
    assert "còn 2/3 đơn vị chưa nộp" in body
    assert tree["a1"].name in body and a3.name in body
    assert tree["a2"].name not in body
    reviewer_note = Notification.objects.get(user=people["reviewer"])
    assert reviewer_note.title == (
        "2/3 đơn vị chưa nộp: Đăng ký mô hình, giải pháp, sáng kiến (Mẫu 1) — Đợt 1"
    )
    assert reviewer_note.url == f"/initiatives/board/{deadline.pk}/"


def test_an_extension_moves_the_units_reminders_and_keeps_it_out_of_the_digest(
    tree, deadline, people, mailoutbox, django_capture_on_commit_callbacks
):
    DeadlineExtension.objects.create(
        deadline=deadline, unit=tree["a2"], due_date=DUE + datetime.timedelta(days=5), reason="Lũ"
    )

    sweep_on(DUE, django_capture_on_commit_callbacks)
    assert set(inboxes(mailoutbox)) == {"a1-head@truong.vn", "a1-gv@truong.vn"}

    mailoutbox.clear()
    sweep_on(DUE + datetime.timedelta(days=1), django_capture_on_commit_callbacks)
    digest = next(m for m in mailoutbox if m.to == ["pgd-a@pgd.vn"])
    assert tree["a1"].name in digest.body and tree["a2"].name not in digest.body

    mailoutbox.clear()
    sweep_on(DUE + datetime.timedelta(days=4), django_capture_on_commit_callbacks)
    assert set(inboxes(mailoutbox)) == {"a2-head@truong.vn", "a2-gv@truong.vn"}
    assert "trước hết ngày 30 tháng 8 năm 2024" in mailoutbox[0].body


def test_the_tenant_chooses_the_days_and_channels(
    tree, deadline, people, mailoutbox, django_capture_on_commit_callbacks
):
    ReminderSettings.objects.create(
        tenant=tree["department"].tenant,
        offsets=[5],
        in_app=False,
        reviewer_digest=False,
    )
    for back in (7, 5, 3, 1, 0, -1):
        sweep_on(DUE - datetime.timedelta(days=back), django_capture_on_commit_callbacks)

    kinds = sorted({(log.offset, log.kind) for log in ReminderLog.objects.all()})
    assert kinds == [(-1, "overdue"), (5, "before")]
    assert not Notification.objects.exists()
    assert not ReminderLog.objects.filter(kind="digest").exists()


def test_a_unit_without_any_address_is_a_visible_failure(
    tree, deadline, mailoutbox, django_capture_on_commit_callbacks
):
    sweep_on(DUE, django_capture_on_commit_callbacks)

    failed = ReminderLog.objects.filter(status="failed", channel="email")
    assert {log.unit_id for log in failed} == {tree["a1"].pk, tree["a2"].pk}
    assert "e-mail" in failed.first().last_error
    assert mailoutbox == []


def test_the_unit_mailbox_receives_the_reminder_too(
    tree, deadline, mailoutbox, django_capture_on_commit_callbacks
):
    tree["a1"].email = "mnsoncaq1@hcm.edu.vn"
    tree["a1"].save()

    sweep_on(DUE, django_capture_on_commit_callbacks)

    assert [m.to for m in mailoutbox] == [["mnsoncaq1@hcm.edu.vn"]]


def test_smtp_failures_are_retried_then_left_failed_for_the_administrator(
    tree, deadline, people, settings, django_capture_on_commit_callbacks, client, mailoutbox
):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port, 2
    settings.REMINDER_MAX_TRIES = 3

    sweep_on(DUE, django_capture_on_commit_callbacks)

    failed = list(ReminderLog.objects.filter(channel="email"))
    assert [(log.status, log.attempts) for log in failed] == [("failed", 3), ("failed", 3)]
    assert "Connection refused" in failed[0].last_error or "111" in failed[0].last_error
    admin = member(tree["department"], Role.TENANT_ADMIN)
    client.force_login(admin)
    page = client.get("/campaigns/reminders/")
    assert page.status_code == 200
    assert page.content.decode().count('data-testid="failed-reminder"') == 2

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(f"/campaigns/reminders/{failed[0].pk}/resend/")
    assert answer.status_code == 302
    failed[0].refresh_from_db()
    assert failed[0].status == "sent"
    assert len(mailoutbox) == 1


def test_a_reminder_queued_for_a_unit_that_submits_meanwhile_is_not_sent(
    tree, deadline, people, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(local_time(2024, 8, 24, 7), tick=False):
        with django_capture_on_commit_callbacks(execute=False) as queued:
            reminders.reminders_sweep()
        accepted_initiative(tree["a1"], deadline)
        for callback in queued:
            callback()

    statuses = dict(ReminderLog.objects.filter(channel="email").values_list("unit", "status"))
    assert statuses == {tree["a1"].pk: "skipped", tree["a2"].pk: "sent"}
    assert set(inboxes(mailoutbox)) == {"a2-head@truong.vn", "a2-gv@truong.vn"}


def test_send_reminders_command_runs_the_sweep_of_a_given_day(
    tree, deadline, people, mailoutbox, django_capture_on_commit_callbacks
):
    from io import StringIO

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--date", "2024-08-18", stdout=out)

    assert "2024-08-18: 2 e-mails queued" in out.getvalue()
    assert len(mailoutbox) == 2


@pytest.mark.postgres
def test_the_sweep_runs_in_a_constant_number_of_queries(
    tree, people, django_capture_on_commit_callbacks
):
    """30 or 300 schools, half of them with a submission: the same number of queries."""

    def queries_for(schools):
        office = UnitFactory(parent=tree["department"], district_office=True)
        units = [UnitFactory(parent=office) for _ in range(schools)]
        for unit in units[: schools // 3]:
            member(unit, Role.UNIT_HEAD, email=f"{unit.code}@truong.vn")
        plan = campaign(office, launch_on=datetime.date(2024, 3, 20))
        deadline = plan.phases.get().deadlines.get()
        for unit in units[::2]:
            accepted_initiative(unit, deadline)
        ReminderLog.objects.all().delete()
        Notification.objects.all().delete()
        with (
            time_machine.travel(local_time(2024, 8, 18, 7), tick=False),
            CaptureQueriesContext(connection) as queries,
        ):
            result = reminders.reminders_sweep()
        plan.status = "cancelled"
        plan.save()
        emails = ReminderLog.objects.filter(channel="email").count()
        return len(queries), (emails, result.emails_queued)

    small, small_sent = queries_for(30)
    large, large_sent = queries_for(300)
    # Every school without a submission gets its row; those with an address are queued.
    assert (small_sent, large_sent) == ((15, 5), (150, 50))
    assert small == large


# --- The pages: a reviewer's reminder now, the settings, the notification centre ---


def test_a_reviewer_previews_then_reminds_late_units_and_repeated_clicks_flood_no_one(
    client, tree, deadline, people, mailoutbox, django_capture_on_commit_callbacks
):
    accepted_initiative(tree["a1"], deadline)
    client.force_login(people["reviewer"])
    url = f"/campaigns/deadlines/{deadline.pk}/remind/"

    preview = client.get(url, {"units": [tree["a1"].pk, tree["a2"].pk]})
    page = preview.content.decode()
    assert preview.status_code == 200
    assert [u.pk for u in preview.context["preview"]["owing"]] == [tree["a2"].pk]
    assert [u.pk for u in preview.context["preview"]["not_owing"]] == [tree["a1"].pk]
    assert "a2-head@truong.vn, a2-gv@truong.vn" in page
    assert "trước hết ngày 25 tháng 8 năm 2024" in page

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, {"units": [tree["a1"].pk, tree["a2"].pk]}, follow=True)
    notes = [str(m) for m in sent.context["messages"]]
    assert any("Đã gửi nhắc nhở tới 1 đơn vị" in n and tree["a2"].name in n for n in notes)
    assert any("đã nộp đủ" in n and tree["a1"].name in n for n in notes)
    assert set(inboxes(mailoutbox)) == {"a2-head@truong.vn", "a2-gv@truong.vn"}

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, {"units": [tree["a2"].pk]}, follow=True)
    assert any("vừa được nhắc trong vòng 24 giờ" in str(m) for m in again.context["messages"])
    assert len(mailoutbox) == 1
    assert Notification.objects.filter(user=people["a2_head"]).count() == 1


def test_remind_every_late_unit_picks_those_that_owe(
    client, tree, deadline, people, django_capture_on_commit_callbacks
):
    accepted_initiative(tree["a1"], deadline)
    client.force_login(people["reviewer"])

    page = client.get(f"/campaigns/deadlines/{deadline.pk}/remind/", {"late": "1"})

    assert [u.pk for u in page.context["preview"]["owing"]] == [tree["a2"].pk]


def test_only_the_receiving_units_reviewers_remind(client, tree, deadline, people):
    for user in (people["a1_head"], member(tree["office_b"], Role.REVIEWER)):
        client.force_login(user)
        answer = client.post(
            f"/campaigns/deadlines/{deadline.pk}/remind/", {"units": [tree["a2"].pk]}
        )
        assert answer.status_code in (403, 404)
    assert not ReminderLog.objects.exists()


def test_the_board_offers_to_remind_the_units_that_sent_nothing(client, tree, deadline, people):
    accepted_initiative(tree["a1"], deadline)
    client.force_login(people["reviewer"])

    page = client.get(f"/initiatives/board/{deadline.pk}/").content.decode()

    assert f'name="units" value="{tree["a2"].pk}"' in page
    assert f'name="units" value="{tree["a1"].pk}"' not in page
    assert f"/campaigns/deadlines/{deadline.pk}/remind/?late=1" in page


def test_the_tenant_administrator_sets_days_and_channels_with_clear_messages(client, tree):
    admin = member(tree["department"], Role.TENANT_ADMIN)
    client.force_login(admin)

    page = client.get("/campaigns/reminders/")
    assert page.context["form"].initial["offsets"] == "7, 3, 1, 0"

    bad = client.post("/campaigns/reminders/", {"offsets": "7, ba, -1", "by_email": "on"})
    assert bad.status_code == 200
    assert "“ba” không phải là số ngày từ 0 đến 60." in bad.content.decode()
    assert 'value="7, ba, -1"' in bad.content.decode()
    no_channel = client.post("/campaigns/reminders/", {"offsets": "5"})
    assert "ít nhất một hình thức" in no_channel.content.decode()
    assert not ReminderSettings.objects.exists()

    client.post(
        "/campaigns/reminders/",
        {"offsets": "10; 5, 0, 5", "by_email": "on", "overdue_notice": "on"},
    )
    saved = ReminderSettings.objects.get(tenant=tree["department"].tenant)
    assert (saved.offsets, saved.by_email, saved.in_app, saved.reviewer_digest) == (
        [10, 5, 0],
        True,
        False,
        False,
    )


def test_reminder_settings_are_for_the_tenant_administrator_only(client, tree, people):
    client.force_login(people["reviewer"])
    assert client.get("/campaigns/reminders/").status_code == 403


def test_the_notification_centre_counts_lists_and_marks_read_without_reloading(
    client, tree, deadline, people, django_capture_on_commit_callbacks
):
    sweep_on(DUE - datetime.timedelta(days=7), django_capture_on_commit_callbacks)
    sweep_on(DUE - datetime.timedelta(days=3), django_capture_on_commit_callbacks)
    client.force_login(people["a2_head"])

    badge = client.get("/campaigns/notifications/badge/").content.decode()
    assert 'data-testid="unread-count"' in badge and ">2<" in badge
    menu = client.get("/campaigns/notifications/", HTTP_HX_REQUEST="true").content.decode()
    assert menu.count('data-testid="notification"') == 2
    assert "Hạn ngày 25 tháng 8 năm 2024" in menu
    assert "<html" not in menu

    first = Notification.objects.filter(user=people["a2_head"]).first()
    answer = client.post(
        "/campaigns/notifications/read/", {"ids": first.pk}, HTTP_HX_REQUEST="true"
    )
    assert answer["HX-Trigger"] == "notifications-changed"
    assert answer.content.decode().count('data-read="1"') == 1
    assert ">1<" in client.get("/campaigns/notifications/badge/").content.decode()

    second = Notification.objects.filter(user=people["a2_head"]).last()
    opened = client.get(f"/campaigns/notifications/{second.pk}/")
    assert opened.status_code == 302
    assert opened["Location"] == f"/campaigns/{deadline.phase.campaign_id}/"
    assert (
        'data-testid="unread-count"'
        not in client.get("/campaigns/notifications/badge/").content.decode()
    )


def test_a_user_never_sees_another_users_notifications(
    client, tree, deadline, people, django_capture_on_commit_callbacks
):
    sweep_on(DUE, django_capture_on_commit_callbacks)
    client.force_login(people["b1_head"])

    assert (
        'data-testid="notification"' not in client.get("/campaigns/notifications/").content.decode()
    )
    other = Notification.objects.filter(user=people["a1_head"]).first()
    assert client.get(f"/campaigns/notifications/{other.pk}/").status_code == 404
    client.post("/campaigns/notifications/read/", {"ids": other.pk})
    other.refresh_from_db()
    assert other.read_at is None


def test_what_the_unit_already_sent_leaves_its_home_to_do_list(client, tree):
    today = timezone.localdate()
    due = today + datetime.timedelta(days=5)
    plan = campaign(
        tree["office_a"],
        start=datetime.date(today.year - 1, 1, 1),
        end=datetime.date(today.year + 1, 12, 31),
        phases=(
            (
                "Đợt 1",
                (today.year - 1, 1, 1),
                due.timetuple()[:3],
                [("registration", due.timetuple()[:3])],
            ),
        ),
        launch_on=datetime.date(today.year - 1, 1, 1),
    )
    deadline = plan.phases.get().deadlines.get()
    accepted_initiative(tree["a1"], deadline)

    client.force_login(member(tree["a1"], Role.UNIT_STAFF))
    assert 'data-testid="todo-due"' not in client.get("/").content.decode()
    client.force_login(member(tree["a2"], Role.UNIT_STAFF))
    page = client.get("/").content.decode()
    assert 'data-testid="todo-due"' in page and "còn 5 ngày" in page
