"""Notification e-mails through the real machinery, as the reminders' test does it: on a
real Redis broker, a real Celery worker process sends through a real SMTP server (aiosmtpd).
A worker killed mid-send, a task queued twice, a digest run twice: each e-mail arrives once."""

import asyncio
import datetime
import email
import email.policy
import json
import signal
import uuid

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings

from notifications.delivery import deliveries_requeue, digests_run
from notifications.kinds import Channel, Kind
from notifications.models import Delivery, Digest
from notifications.services import channel_choices_save, notify
from notifications.tasks import digest_send_task, notification_email_task
from tests.factories import UnitFactory, member
from tests.integration.test_reminders_worker import Mailbox, wait_for_log, wait_until
from tests.integration.workers import Workers, app_on_broker, worker_behind_a_gate
from tests.processes import free_port
from units.models import Role
from units.permissions import SYSTEM

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,  # the worker process must reach the test's database
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class PlainMailbox(Mailbox):
    """The reminders' mailbox, for plain-text messages (a notification has no HTML part)."""

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.seen += 1
            held = self.seen == self.trap_at
        if held:
            self.trapped.set()
            while not self.released.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 Client went away"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(
                {
                    "to": sorted(envelope.rcpt_tos),
                    "subject": str(message["subject"]).strip(),
                    "message_id": str(message["message-id"]),
                    "text": message.get_body(("plain",)).get_content(),
                }
            )
        return "250 OK"


@pytest.fixture
def smtp():
    mailbox = PlainMailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.mailbox = mailbox
    yield controller
    mailbox.release()
    controller.stop()


@pytest.fixture
def workers(smtp, tmp_path):
    queue = f"notifications-{uuid.uuid4().hex[:8]}"
    started = Workers(
        queue,
        tmp_path,
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


@pytest.fixture
def heads(db):
    office = UnitFactory(parent=UnitFactory(department=True), district_office=True)
    schools = [UnitFactory(parent=office) for _ in range(8)]
    return [member(s, Role.UNIT_HEAD, email=f"{s.code.lower()}@truong.vn") for s in schools]


WAITING = ("pending", "sending")


def nothing_pending() -> bool:
    return not Delivery.objects.filter(status__in=WAITING).exists() and not (
        Digest.objects.filter(status__in=WAITING).exists()
    )


def test_a_worker_killed_mid_delivery_and_a_doubled_task_send_each_email_once(heads, workers, smtp):
    smtp.mailbox.trap(3)  # the third e-mail hangs before the server accepts it
    smtp.start()
    first = workers.start()

    created = notify(
        heads,
        actor=SYSTEM,
        tenant=heads[0].tenant_id,
        kind=Kind.INITIATIVE_RETURNED,
        title="Mẫu 1 của trường được trả lại để bổ sung",
        url="/initiatives/7/",
        email=True,
    )
    # The same task queued a second time (a double click, a duplicate on the broker).
    notification_email_task.delay([row.pk for row in created])
    assert smtp.mailbox.trapped.wait(60), "the worker never reached the third e-mail"
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    smtp.mailbox.release()
    workers.start()
    # The killed worker's e-mail was being sent when it died: the redelivered tasks leave it
    # (another task may hold it), the periodic re-queue sends it again once it is stale.
    wait_until(
        lambda: (
            list(Delivery.objects.exclude(status="sent").values_list("status", flat=True))
            == ["sending"]
        ),
        what="every other e-mail sent",
    )
    with override_settings(OUTBOX_SENDING_STALE_MINUTES=0):
        assert deliveries_requeue().emails == 1
    wait_until(nothing_pending, what="the killed worker's e-mail")

    messages = smtp.mailbox.snapshot()
    assert sorted(m["to"][0] for m in messages) == sorted(h.email for h in heads)
    assert len({m["message_id"] for m in messages}) == len(heads)
    assert "https://thidua.example.gov.vn/initiatives/7/" in messages[0]["text"]
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


def test_a_digest_run_twice_and_its_task_doubled_send_one_digest_each(heads, workers, smtp):
    smtp.start()
    workers.start()
    for head in heads[:3]:
        channel_choices_save(actor=head, user=head, channels={"plan_launched": Channel.DIGEST})
    for n in range(3):
        notify(
            heads[:3],
            actor=SYSTEM,
            tenant=heads[0].tenant_id,
            kind=Kind.PLAN_LAUNCHED,
            title=f"Kế hoạch số {n + 1}/KH-PGDĐT đã ban hành",
            email=True,
        )
    day = datetime.date(2024, 9, 4)
    digests_run(day=day)
    digests_run(day=day)
    for digest in Digest.objects.all():
        digest_send_task.delay(digest.pk)
    wait_until(nothing_pending, what="the digests")

    messages = smtp.mailbox.snapshot()
    assert sorted(m["to"][0] for m in messages) == sorted(h.email for h in heads[:3])
    for message in messages:
        assert message["subject"] == "Tổng hợp thông báo ngày 04/09/2024: 3 thông báo mới"
        assert "Kế hoạch số 3/KH-PGDĐT" in message["text"]


def test_an_email_whose_task_found_the_database_away_is_sent_once_it_is_back(
    heads, workers, smtp, tmp_path
):
    """The worker reaches PostgreSQL through a gate the test closes: its task meets the
    database away (as during a restart), is retried rather than dropped, and sends each
    e-mail once the gate opens again."""
    smtp.start()
    with worker_behind_a_gate(workers) as gate:
        gate.close()
        notify(
            heads[:2],
            actor=SYSTEM,
            tenant=heads[0].tenant_id,
            kind=Kind.INITIATIVE_RETURNED,
            title="Mẫu 1 của trường được trả lại để bổ sung",
            email=True,
        )
        wait_for_log(workers, "OperationalError", what="the task meeting the database away")
        gate.open()
        wait_until(nothing_pending, timeout=30, what="the e-mails once the database is back")

    assert sorted(m["to"][0] for m in smtp.mailbox.snapshot()) == sorted(h.email for h in heads[:2])
