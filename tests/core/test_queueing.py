"""Queueing on commit without failing the request (core/queueing.py), and the periodic
re-queue of what the broker never took (reminders, e-mails, digests).

The broker that refuses is a real Redis URL on a closed port (what a stopped Redis is); the
re-queue services run eagerly, as the embedded mode does, with the commit callbacks of the
writing transaction dropped: exactly what a broker that refused every message leaves."""

import datetime
import logging
import socket
import time
import uuid

import pytest
import time_machine
from django.core import mail
from kombu.exceptions import EncodeError

from campaign import reminders
from campaign.models import ReminderLog
from core.queueing import publish, publish_each
from notifications.delivery import deliveries_requeue, digests_run
from notifications.kinds import Channel, Kind
from notifications.models import Delivery, Digest
from notifications.services import channel_choices_save, notify
from tests.factories import UnitFactory, campaign, local_time, member
from tests.integration.celery_probe import probe
from tests.integration.workers import app_on_broker
from units.models import Role, Unit
from units.permissions import SYSTEM


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def stopped_broker():
    with app_on_broker(f"q-{uuid.uuid4().hex[:8]}", f"redis://127.0.0.1:{closed_port()}/0"):
        yield


def test_a_publish_the_broker_refuses_returns_soon_and_says_so_once(stopped_broker, caplog):
    caplog.set_level(logging.WARNING, logger="core.queueing")
    started = time.monotonic()

    published = publish_each(probe, [("một",), ("hai",), ("ba",), ("bốn",)])

    took = time.monotonic() - started
    assert published == 0
    assert took < 5, f"the request was held {took:.1f} s"
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1 and "tests.probe" in warnings[0] and "pending" in warnings[0]


@pytest.mark.redis
def test_a_message_that_cannot_be_sent_is_a_bug_and_still_raises():
    with app_on_broker(f"q-{uuid.uuid4().hex[:8]}"), pytest.raises(EncodeError):
        publish(probe, (object(),))


def test_without_a_broker_the_task_runs_here_and_its_errors_propagate():
    assert publish(probe, ("xin chào",)) is True
    with pytest.raises(TypeError):
        publish(probe, ("một", "hai"))  # a bug in the call, not the broker


# --- What the broker never took is queued again ---


@pytest.fixture
def heads(db):
    office = UnitFactory(parent=UnitFactory(department=True), district_office=True)
    return [
        member(UnitFactory(parent=office), Role.UNIT_HEAD, email=f"hieutruong{n}@truong.vn")
        for n in range(3)
    ]


def at(minutes: int):
    return time_machine.travel(local_time(2024, 9, 4, 8) + datetime.timedelta(minutes=minutes))


def test_emails_the_broker_never_took_are_requeued_once_stale_and_sent_once(
    heads, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_STALE_MINUTES = 10
    # Retries after 1, 2 and 4 minutes: a retry lost after 10 + 7 minutes.
    settings.REMINDER_RETRY_SECONDS, settings.REMINDER_MAX_TRIES = 60, 3
    with at(0), django_capture_on_commit_callbacks(execute=False):  # the broker refused
        notify(
            heads,
            actor=SYSTEM,
            tenant=heads[0].tenant_id,
            kind=Kind.INITIATIVE_RETURNED,
            title="Mẫu 1 của trường được trả lại để bổ sung",
            email=True,
        )
    assert set(Delivery.objects.values_list("status", "attempts")) == {("pending", 0)}
    # The third was tried once and its retry was lost (a Redis restarted without a disk).
    Delivery.objects.filter(user=heads[2]).update(attempts=1)

    with at(5), django_capture_on_commit_callbacks(execute=True):
        assert deliveries_requeue().emails == 0  # not yet stale: its task may still come
    assert mail.outbox == []
    # Two beats queue them twice before either task runs.
    with at(11), django_capture_on_commit_callbacks() as callbacks:
        assert deliveries_requeue().emails == deliveries_requeue().emails == 2
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(h.email for h in heads[:2])
    with at(18), django_capture_on_commit_callbacks(execute=True):
        assert deliveries_requeue().emails == 1

    assert sorted(m.to[0] for m in mail.outbox) == sorted(h.email for h in heads)
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


def test_an_email_left_being_sent_by_a_dead_worker_is_sent_again_once_stale(
    heads, settings, django_capture_on_commit_callbacks
):
    """A worker that died between claiming an e-mail and recording it leaves the row
    "sending"; the re-queue sends it again only after OUTBOX_SENDING_STALE_MINUTES, longer
    than a live worker holds one, and then once."""
    settings.OUTBOX_STALE_MINUTES, settings.OUTBOX_SENDING_STALE_MINUTES = 10, 10
    with at(0), django_capture_on_commit_callbacks(execute=False):
        notify(
            heads[:2],
            actor=SYSTEM,
            tenant=heads[0].tenant_id,
            kind=Kind.INITIATIVE_RETURNED,
            title="Mẫu 1 của trường được trả lại để bổ sung",
            email=True,
        )
    # The first one's worker died with it at the mail server; the second was sent.
    Delivery.objects.filter(user=heads[0]).update(
        status="sending", attempts=1, sent_at=local_time(2024, 9, 4, 8)
    )
    Delivery.objects.filter(user=heads[1]).update(status="sent", attempts=1)

    with at(9), django_capture_on_commit_callbacks(execute=True):
        assert deliveries_requeue().emails == 0  # its worker may still record it
    assert mail.outbox == []
    with at(11), django_capture_on_commit_callbacks(execute=True):
        assert deliveries_requeue().emails == 1
    with at(12), django_capture_on_commit_callbacks(execute=True):
        assert deliveries_requeue().emails == 0

    assert [m.to[0] for m in mail.outbox] == [heads[0].email]
    assert list(Delivery.objects.order_by("user_id").values_list("status", "attempts")) == [
        ("sent", 2),
        ("sent", 1),
    ]


def test_a_digest_the_broker_never_took_is_requeued_and_sent_once(
    heads, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_STALE_MINUTES = 10
    head = heads[0]
    channel_choices_save(actor=head, user=head, channels={"plan_launched": Channel.DIGEST})
    notify(
        [head],
        actor=SYSTEM,
        tenant=head.tenant_id,
        kind=Kind.PLAN_LAUNCHED,
        title="Kế hoạch số 1/KH-PGDĐT đã ban hành",
        email=True,
    )
    with at(0), django_capture_on_commit_callbacks(execute=False):
        digests_run(day=datetime.date(2024, 9, 4))
    assert Digest.objects.get().status == "pending"

    with at(11), django_capture_on_commit_callbacks() as callbacks:
        assert deliveries_requeue().digests == deliveries_requeue().digests == 1
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [[head.email]]
    assert Digest.objects.get().status == "sent"


def test_reminders_the_broker_never_took_are_requeued_and_sent_once(
    heads, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_STALE_MINUTES = 10
    schools = [head.memberships.get().unit for head in heads]
    parent = Unit.objects.get_parent(schools[0])
    campaign(parent, launch_on=datetime.date(2024, 3, 20))
    mail.outbox.clear()
    with (
        time_machine.travel(local_time(2024, 8, 24, 7), tick=False),
        django_capture_on_commit_callbacks(execute=False),
    ):
        reminders.reminders_sweep()
    pending = ReminderLog.objects.filter(channel="email", status="pending")
    assert pending.count() == 3

    with (
        time_machine.travel(local_time(2024, 8, 24, 7, 5), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert reminders.reminders_requeue() == 0
    with (
        time_machine.travel(local_time(2024, 8, 24, 7, 11), tick=False),
        django_capture_on_commit_callbacks() as callbacks,
    ):
        assert reminders.reminders_requeue() == reminders.reminders_requeue() == 3
    for callback in callbacks:
        callback()

    assert sorted(m.to[0] for m in mail.outbox) == sorted(h.email for h in heads)
    assert not pending.exists()
