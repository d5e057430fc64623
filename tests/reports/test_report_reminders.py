"""Periodic reports are reminded like deadlines: the units that have not sent quý I are
reminded before 05/3, get an overdue notice on 06/3, and the Phòng one digest; once each."""

import datetime

import pytest
import time_machine

from campaign import reminders
from campaign.models import ReminderLog
from notifications.models import Notification
from tests.factories import local_time, member, periodic_report, reporting_campaign
from units.models import Role

pytestmark = pytest.mark.django_db

DUE = datetime.date(2024, 3, 5)
FIGURES = {"tthc-dung-han": (9, 10), "hai-long-tthc": (9, 10), "so-mo-hinh": (1, None)}


@pytest.fixture
def schedule(tree):
    for code in ("a1", "a2"):
        member(tree[code], Role.UNIT_HEAD, email=f"{code}@truong.vn")
    member(tree["office_a"], Role.REVIEWER, email="pgd-a@pgd.vn")
    schedule = reporting_campaign(tree["office_a"]).report_schedules.get()
    periodic_report(tree["a1"], schedule, FIGURES)  # A1 sends quý I; A2 does not
    return schedule


def sweep_on(day, capture):
    with (
        time_machine.travel(local_time(day.year, day.month, day.day, 7), tick=False),
        capture(execute=True),
    ):
        return reminders.reminders_sweep()


def test_a_unit_that_has_not_sent_its_quarterly_report_is_reminded_then_late(
    tree, schedule, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://thidua.example.gov.vn"
    sweep_on(DUE - datetime.timedelta(days=7), django_capture_on_commit_callbacks)

    assert [m.to for m in mailoutbox] == [["a2@truong.vn"]]
    message = mailoutbox[0]
    assert message.subject == "Nhắc hạn: Báo cáo quý I năm 2024, hạn ngày 05 tháng 3 năm 2024"
    assert (
        "đơn vị nộp báo cáo kết quả thực hiện công tác cải cách hành chính quý I năm 2024 "
        f"về {tree['office_a'].name} trước hết ngày 05 tháng 3 năm 2024." in message.body
    )
    assert "https://thidua.example.gov.vn/reports/" in message.body

    mailoutbox.clear()
    sweep_on(DUE + datetime.timedelta(days=1), django_capture_on_commit_callbacks)
    sweep_on(DUE + datetime.timedelta(days=1), django_capture_on_commit_callbacks)

    assert sorted((m.to[0], m.subject.split(":")[0]) for m in mailoutbox) == [
        ("a2@truong.vn", "Quá hạn"),
        ("pgd-a@pgd.vn", "1/2 đơn vị chưa nộp"),
    ]
    digest = next(m for m in mailoutbox if m.to == ["pgd-a@pgd.vn"])
    assert tree["a2"].name in digest.body and tree["a1"].name not in digest.body
    assert f"/reports/dashboard/?schedule={schedule.pk}&year=2024&period=q1" in digest.body
    note = Notification.objects.get(user__email="pgd-a@pgd.vn")
    assert note.title == "1/2 đơn vị chưa nộp: Báo cáo quý I năm 2024"


def test_a_report_sent_between_the_sweep_and_the_send_is_not_reminded(
    tree, schedule, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(local_time(2024, 3, 4, 7), tick=False):
        with django_capture_on_commit_callbacks(execute=False) as queued:
            reminders.reminders_sweep()
        periodic_report(tree["a2"], schedule, FIGURES)
        for callback in queued:
            callback()

    assert list(ReminderLog.objects.filter(channel="email").values_list("status", flat=True)) == [
        "skipped"
    ]
    assert mailoutbox == []
