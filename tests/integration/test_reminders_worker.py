"""Reminders through the real machinery: the sweep queues on a real Redis broker, a real
Celery worker process sends through a real SMTP server (aiosmtpd on 127.0.0.1) that keeps
what it receives. The clock walks across a deadline; the worker is killed mid-send; the SMTP
server goes down and comes back. Each message arrives once."""

import asyncio
import datetime
import email
import email.policy
import json
import signal
import threading
import time
import uuid

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.test import override_settings

from campaign import reminders
from campaign.models import ReminderLog
from campaign.tasks import reminders_sweep_task
from tests.factories import UnitFactory, accepted_initiative, campaign, local_time, member
from tests.integration.workers import Workers, app_on_broker, worker_behind_a_gate
from tests.processes import free_port
from units.models import Role

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,  # the worker process must reach the test's database
    # Committed rows (the worker reads them); the unit kinds of the data migration restored.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DUE = datetime.date(2024, 8, 25)


class Mailbox:
    """An SMTP handler that keeps every message it accepts. `trap(n)` makes it hold the n-th
    DATA without answering, until `release()`; the held message is then refused (4xx), as a
    server does whose client went away before the end of the transaction, or with
    `accept=True` taken."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        self.seen = 0
        self.trap_at = None
        self.accept_trapped = False
        self.trapped = threading.Event()
        self.released = threading.Event()

    def trap(self, nth: int, *, accept: bool = False):
        self.trap_at = nth
        self.accept_trapped = accept

    def release(self):
        self.released.set()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.seen += 1
            held = self.seen == self.trap_at
        if held:
            self.trapped.set()
            while not self.released.is_set():
                await asyncio.sleep(0.05)
            if not self.accept_trapped:
                return "451 4.3.0 Client went away"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(
                {
                    "to": sorted(envelope.rcpt_tos),
                    "subject": str(message["subject"]).strip(),
                    "message_id": str(message["message-id"]),
                    "text": message.get_body(("plain",)).get_content(),
                    "html": message.get_body(("html",)).get_content(),
                }
            )
        return "250 OK"

    def snapshot(self) -> list[dict]:
        with self.lock:
            return list(self.messages)


class SmtpServer:
    def __init__(self, port: int):
        self.port = port
        self.mailbox = Mailbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp():
    server = SmtpServer(free_port())
    yield server
    server.mailbox.release()
    server.stop()


@pytest.fixture
def queue():
    return f"reminders-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def workers(queue, smtp, tmp_path):
    started = Workers(
        queue,
        tmp_path,
        # A killed worker's task comes back after 3 s, looked for every second.
        CELERY_BROKER_TRANSPORT_OPTIONS=json.dumps(
            {"visibility_timeout": 3, "unacked_restore_interval": 1, "unacked_restore_throttle": 1}
        ),
        EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
        EMAIL_TIMEOUT="60",
        REMINDER_RETRY_SECONDS="1",
        SITE_URL="https://thidua.example.gov.vn",
    )
    with app_on_broker(queue):
        yield started
        started.stop_all()


def wait_until(condition, timeout=90, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def wait_for_log(workers, text: str, what: str) -> None:
    """Until the first worker's log says `text`."""
    wait_until(lambda: text in workers.log_path(0).read_text(errors="replace"), what=what)


def nothing_pending() -> bool:
    return not ReminderLog.objects.filter(
        channel="email", status__in=("pending", "sending")
    ).exists()


def sweep_on(day: datetime.date):
    with time_machine.travel(local_time(day.year, day.month, day.day, 7)):
        return reminders.reminders_sweep()


@pytest.fixture
def district(db):
    """Phòng A's plan (registration by 25/8/2024) reaching schools A1 and A2; school B1 of
    Phòng B is outside it. Each school has a head with an e-mail; Phòng A a reviewer."""
    department = UnitFactory(department=True)
    office_a = UnitFactory(parent=department, district_office=True)
    office_b = UnitFactory(parent=department, district_office=True)
    schools = {
        "a1": UnitFactory(parent=office_a, name="Trường Mầm non Sơn Ca"),
        "a2": UnitFactory(parent=office_a, name="Trường Mầm non Họa Mi"),
        "b1": UnitFactory(parent=office_b, name="Trường Mầm non Vành Khuyên"),
    }
    for code, unit in schools.items():
        member(unit, Role.UNIT_HEAD, email=f"{code}@truong.vn")
    member(office_a, Role.REVIEWER, email="pgd-a@pgd.vn")
    plan = campaign(office_a, launch_on=datetime.date(2024, 3, 20))
    return {**schools, "deadline": plan.phases.get().deadlines.get()}


def test_walking_the_clock_each_unit_receives_what_it_owes_on_its_days_once(
    district, workers, smtp
):
    smtp.start()
    workers.start()
    received = {}
    for back in range(8, -3, -1):
        day = DUE - datetime.timedelta(days=back)
        if back == 2:
            accepted_initiative(district["a1"], district["deadline"])
        before = len(smtp.mailbox.snapshot())
        sweep_on(day)
        if back == 7:
            sweep_on(day)  # a second sweep on the same day sends nothing more
        wait_until(nothing_pending, what=f"the e-mails of {day}")
        for message in smtp.mailbox.snapshot()[before:]:
            received.setdefault(day.isoformat(), []).append(
                (",".join(message["to"]), message["subject"].split(":")[0])
            )

    assert {day: sorted(got) for day, got in received.items()} == {
        "2024-08-18": [("a1@truong.vn", "Nhắc hạn"), ("a2@truong.vn", "Nhắc hạn")],
        "2024-08-22": [("a1@truong.vn", "Nhắc hạn"), ("a2@truong.vn", "Nhắc hạn")],
        "2024-08-24": [("a2@truong.vn", "Nhắc hạn")],
        "2024-08-25": [("a2@truong.vn", "Nhắc hạn")],
        "2024-08-26": [("a2@truong.vn", "Quá hạn"), ("pgd-a@pgd.vn", "1/2 đơn vị chưa nộp")],
    }
    messages = smtp.mailbox.snapshot()
    assert len({m["message_id"] for m in messages}) == len(messages)
    digest = next(m for m in messages if m["to"] == ["pgd-a@pgd.vn"])
    assert "Trường Mầm non Họa Mi" in digest["text"]
    assert "Trường Mầm non Sơn Ca" not in digest["text"]
    assert "https://thidua.example.gov.vn/initiatives/board/" in digest["html"]
    first = next(m for m in messages if m["to"] == ["a2@truong.vn"])
    assert "trước hết ngày 25 tháng 8 năm 2024" in first["text"]
    assert "Còn 7 ngày đến hạn" in first["text"]


def test_a_worker_killed_in_the_middle_of_a_sweep_sends_each_message_once_after_restart(
    workers, smtp, db
):
    office = UnitFactory(parent=UnitFactory(department=True), district_office=True)
    schools = [UnitFactory(parent=office) for _ in range(12)]
    for school in schools:
        member(school, Role.UNIT_HEAD, email=f"{school.code.lower()}@truong.vn")
    campaign(office, launch_on=datetime.date(2024, 3, 20))
    smtp.mailbox.trap(5)  # the fifth e-mail hangs before the server accepts it
    smtp.start()
    first = workers.start()

    # As Celery beat does it: the sweep itself is a task the worker runs.
    reminders_sweep_task.delay(DUE.isoformat())
    assert smtp.mailbox.trapped.wait(60), "the worker never reached the fifth e-mail"
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    smtp.mailbox.release()
    assert len(smtp.mailbox.snapshot()) == 4
    workers.start()
    # The killed worker's e-mail was being sent when it died: its redelivered task leaves it
    # (another task may hold it), the periodic re-queue sends it again once it is stale.
    emails = ReminderLog.objects.filter(channel="email")
    wait_until(
        lambda: list(emails.exclude(status="sent").values_list("status", flat=True)) == ["sending"],
        what="every other e-mail sent",
    )
    with override_settings(OUTBOX_SENDING_STALE_MINUTES=0):
        assert reminders.reminders_requeue() == 1
    wait_until(nothing_pending, what="the killed worker's e-mail")

    messages = smtp.mailbox.snapshot()
    assert sorted(m["to"][0] for m in messages) == sorted(
        f"{school.code.lower()}@truong.vn" for school in schools
    )
    assert len({m["message_id"] for m in messages}) == 12
    assert set(ReminderLog.objects.filter(channel="email").values_list("status", flat=True)) == {
        "sent"
    }


def test_while_smtp_is_down_messages_wait_and_are_delivered_once_when_it_returns(
    district, workers, smtp
):
    workers.start(REMINDER_MAX_TRIES="20")  # the SMTP server is not started yet

    sweep_on(DUE - datetime.timedelta(days=1))
    wait_until(
        lambda: ReminderLog.objects.filter(channel="email", attempts__gte=2).count() == 2,
        what="two failed tries of each e-mail",
    )
    assert set(ReminderLog.objects.filter(channel="email").values_list("status", flat=True)) == {
        "pending"
    }
    assert "Connection refused" in ReminderLog.objects.filter(channel="email").first().last_error
    smtp.start()
    wait_until(nothing_pending, what="delivery after the SMTP server is back")
    time.sleep(3)  # any duplicate task (redelivery, a queued retry) would have run by now

    messages = smtp.mailbox.snapshot()
    assert sorted(m["to"][0] for m in messages) == ["a1@truong.vn", "a2@truong.vn"]
    assert set(ReminderLog.objects.filter(channel="email").values_list("status", flat=True)) == {
        "sent"
    }


def test_a_message_that_never_goes_through_ends_failed_not_silent(district, workers, smtp):
    workers.start(REMINDER_MAX_TRIES="2")

    sweep_on(DUE)
    wait_until(nothing_pending, what="the tries to run out")

    failed = ReminderLog.objects.filter(channel="email")
    assert [(log.status, log.attempts) for log in failed] == [("failed", 2), ("failed", 2)]
    assert smtp.mailbox.snapshot() == []


def test_a_reminder_whose_task_found_the_database_away_is_sent_once_it_is_back(
    district, workers, smtp
):
    """The worker reaches PostgreSQL through a gate the test closes: the reminder task meets
    the database away (as during a restart), is retried rather than failed, and each e-mail
    goes once the gate opens again."""
    smtp.start()
    with worker_behind_a_gate(workers) as gate:
        gate.close()
        sweep_on(DUE - datetime.timedelta(days=1))
        wait_for_log(workers, "OperationalError", what="the task meeting the database away")
        gate.open()
        wait_until(nothing_pending, timeout=60, what="the e-mails once the database is back")

    messages = smtp.mailbox.snapshot()
    assert sorted(m["to"][0] for m in messages) == ["a1@truong.vn", "a2@truong.vn"]
    logs = ReminderLog.objects.filter(channel="email")
    assert set(logs.values_list("status", flat=True)) == {"sent"}
    assert set(logs.values_list("attempts", flat=True)) == {1}  # the outage counted no try


def test_an_e_mail_the_mail_server_took_while_the_database_went_away_is_not_sent_again(
    district, workers, smtp
):
    """The database goes away while the mail server holds the first e-mail; the server then
    takes it. The worker waits for the database to record it sent (before: the record's
    commit failed, the row stayed pending, and the retry sent the e-mail a second time)."""
    smtp.mailbox.trap(1, accept=True)
    smtp.start()
    with worker_behind_a_gate(workers) as gate:
        sweep_on(DUE - datetime.timedelta(days=1))
        assert smtp.mailbox.trapped.wait(60), "the first e-mail never reached the mail server"
        gate.close()
        smtp.mailbox.release()
        wait_for_log(
            workers,
            "recording a sent e-mail",
            what="the worker waiting for the database to record the e-mail",
        )
        gate.open()
        wait_until(nothing_pending, timeout=60, what="the e-mails once the database is back")

    messages = smtp.mailbox.snapshot()
    assert sorted(m["to"][0] for m in messages) == ["a1@truong.vn", "a2@truong.vn"]
    logs = ReminderLog.objects.filter(channel="email")
    assert set(logs.values_list("status", "attempts")) == {("sent", 1)}
