"""Delivering reminders: the daily sweep writes what `planning` found into the log and
queues the e-mails; a Celery task sends each one, with retries; the administrator sends a
failed one again.

Never twice: each reminder is a `ReminderLog` row, unique per (deadline, unit, kind, offset,
channel), inserted in the transaction that queues its sending; a second sweep inserts
nothing and queues nothing. The send task locks its row and sends only while it is pending,
so a task redelivered after a worker crash finds it sent. A failed SMTP delivery is retried
with a growing delay and, after `REMINDER_MAX_TRIES`, left failed where the tenant
administrator sees it and can send it again.

Never lost: a row whose task the broker did not take (Redis was away at the commit; the
request still answers, core/queueing.py) stays pending and untried; `reminders_requeue`
(Celery beat, every OUTBOX_REQUEUE_MINUTES) and the next sweep queue it again once it has
waited OUTBOX_STALE_MINUTES.

The send task lives here, beside what it runs and what queues it, so that this module
never imports `campaign.tasks` (which registers it for the workers).
"""

from __future__ import annotations

import datetime
import smtplib
import uuid
from dataclasses import dataclass

from celery import shared_task
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaign import rules
from campaign.models import ReminderLog
from core.health import DATABASE_UNAVAILABLE
from core.queueing import (
    claim,
    database_away_retry,
    publish_on_commit,
    reclaim_stale_sending,
    record_when_back,
    stale_q,
)
from notifications.services import notify_each, to_digest
from units.permissions import SYSTEM, Actor

from .messages import no_address_error, notification_of, reminder_email
from .planning import log_key, plan_reminders
from .topics import Topic

Kind = ReminderLog.Kind
Channel = ReminderLog.Channel
LogStatus = ReminderLog.Status


def retry_delay(retries: int) -> int:
    """Seconds before the next try of a failed send: doubling, at most an hour."""
    return min(settings.REMINDER_RETRY_SECONDS * 2**retries, 3600)


@dataclass
class SweepResult:
    day: datetime.date
    emails_queued: int = 0
    notifications: int = 0
    already_sent: int = 0
    requeued: int = 0


@transaction.atomic
def reminders_sweep(*, day: datetime.date | None = None) -> SweepResult:
    """Write today's reminders and queue their e-mails; what an earlier sweep of the day
    wrote is skipped. A fixed number of queries (PostgreSQL inserts each table in one
    statement; SQLite in batches of its parameter limit)."""
    day = day or timezone.localdate()
    now = timezone.now()
    planned = plan_reminders(day)
    batch = uuid.uuid4()
    for plan in planned:
        plan.log.batch = batch
        if plan.log.channel == Channel.APP:
            plan.log.status, plan.log.sent_at = LogStatus.SENT, now
        elif not plan.log.recipients:
            plan.log.status = LogStatus.FAILED
            plan.log.last_error = no_address_error()
    ReminderLog.objects.bulk_create([p.log for p in planned], ignore_conflicts=True)
    written = {log_key(log): log for log in ReminderLog.objects.filter(batch=batch)}
    mine = [p for p in planned if p.key in written]
    for plan in mine:
        plan.log = written[plan.key]
    notifications = notify_each(
        (notification_of(plan) for plan in mine if plan.log.channel == Channel.APP), actor=SYSTEM
    )
    # Those who chose the digest for reminders read them there (they are left out of the
    # e-mail, `planning.recipients_at`).
    to_digest(notifications)
    to_send = [p.log.pk for p in mine if p.log.status == LogStatus.PENDING]
    stale = stale_pending_ids(now=now)
    queue_on_commit(to_send + stale)
    return SweepResult(
        day=day,
        emails_queued=len(to_send),
        notifications=len(notifications),
        already_sent=len(planned) - len(mine),
        requeued=len(stale),
    )


def stale_pending_ids(*, now: datetime.datetime | None = None) -> list[int]:
    """The pending e-mails no task will come for (`core.queueing.stale_q`): the broker
    refused or lost their task, or the process died between the commit and the queueing."""
    return list(
        ReminderLog.objects.filter(
            stale_q(retry_delay=retry_delay, now=now),
            channel=Channel.EMAIL,
            status=LogStatus.PENDING,
        ).values_list("pk", flat=True)
    )


@transaction.atomic
def reminders_requeue() -> int:
    """Queue again the stale pending e-mails (`stale_pending_ids`); Celery beat runs it every
    few minutes, so that what waited while the broker was away goes out once it is back.
    A row queued twice is sent once (`reminder_deliver` holds it); one left being sent by a
    worker that died is sent again (core/queueing.py). Returns how many."""
    emails = ReminderLog.objects.filter(channel=Channel.EMAIL)
    stale = stale_pending_ids() + reclaim_stale_sending(emails, pending=LogStatus.PENDING)
    queue_on_commit(stale)
    return len(stale)


def queue_on_commit(log_ids: list[int]) -> None:
    """Queue the sending of `log_ids` once the transaction that wrote them commits; a broker
    that is away leaves them pending, for `reminders_requeue` (core/queueing.py)."""
    publish_on_commit(reminder_deliver_task, [(log_id,) for log_id in log_ids])


def reminder_deliver(*, log_id: int) -> str:
    """Send one pending e-mail once: its row claimed in a transaction that holds it (a second
    task for the same row, redelivered or queued again, waits, then finds it being sent or
    sent), the e-mail handed to the mail server, then the row recorded sent, waiting out a
    database restart (core/queueing.py). A unit that submitted in the meantime is not
    reminded. SMTP errors propagate (the task retries); `reminder_attempt_failed` puts the
    row back to pending, its try counted."""
    with transaction.atomic():
        log = (
            ReminderLog.objects.select_for_update(of=("self",))
            .select_related(
                "deadline__phase__campaign__issuing_unit",
                "deadline__phase__campaign__number",
                "deadline__receiving_unit",
                "schedule__campaign__issuing_unit",
                "schedule__campaign__number",
                "schedule__receiving_unit",
                "unit",
            )
            .filter(pk=log_id)
            .first()
        )
        if log is None or log.status != LogStatus.PENDING or log.channel != Channel.EMAIL:
            return log.status if log else "missing"
        if log.kind != Kind.DIGEST and not Topic.of(log).still_owes(log.unit_id):
            log.status = LogStatus.SKIPPED
            log.save(update_fields=["status"])
            return log.status
        message = reminder_email(log)
        claim(log)
    message.send()
    claimed = ReminderLog.objects.filter(pk=log_id, status=LogStatus.SENDING)
    record_when_back(lambda: claimed.update(status=LogStatus.SENT, sent_at=timezone.now()))
    return LogStatus.SENT


def reminder_attempt_failed(*, log_id: int, error: str, final: bool) -> None:
    """A try the mail server refused: the row is pending again, or failed after the last
    one, for the administrator."""
    claimed = ReminderLog.objects.filter(pk=log_id, status=LogStatus.SENDING)
    status = LogStatus.FAILED if final else LogStatus.PENDING
    record_when_back(lambda: claimed.update(status=status, last_error=error[:2000]))


@transaction.atomic
def reminder_resend(*, actor: Actor, log: ReminderLog) -> ReminderLog:
    """The tenant administrator sends a failed e-mail again (with fresh tries)."""
    if not rules.can_manage_reminders(actor, log.tenant_id):
        raise PermissionDenied(_("Only the tenant administrator can send a reminder again."))
    log = ReminderLog.objects.select_for_update().get(pk=log.pk)
    if log.status != LogStatus.FAILED or log.channel != Channel.EMAIL:
        raise ValidationError(_("Only a failed e-mail can be sent again."))
    if not log.recipients:
        raise ValidationError(
            _("The unit still has no e-mail address: add one to its head, staff or the unit.")
        )
    log.status = LogStatus.PENDING
    log.attempts = 0
    log.save(update_fields=["status", "attempts"])
    queue_on_commit([log.pk])
    return log


@shared_task(bind=True, name="campaign.reminder_deliver", acks_late=True)
def reminder_deliver_task(self, log_id: int) -> str:
    """Send one reminder e-mail. An SMTP failure is retried with a doubling delay; after
    REMINDER_MAX_TRIES tries the reminder is left failed, for the administrator to see. A
    database that does not answer is retried the same way without counting a try."""
    retries = self.request.retries
    while True:
        try:
            return reminder_deliver(log_id=log_id)
        except DATABASE_UNAVAILABLE as exc:
            final = retries + 1 >= settings.REMINDER_MAX_TRIES
            raise database_away_retry(
                self, exc, countdown=retry_delay(retries), final=final
            ) from exc
        except (smtplib.SMTPException, OSError) as exc:
            final = retries + 1 >= settings.REMINDER_MAX_TRIES
            reminder_attempt_failed(log_id=log_id, error=repr(exc), final=final)
            if final:
                return "failed"
            if not self.request.is_eager:
                raise self.retry(exc=exc, countdown=retry_delay(retries), max_retries=None) from exc
            # Without a broker (the embedded mode) the tries follow at once: nothing could
            # run a delayed one.
            retries += 1
