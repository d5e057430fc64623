"""Queueing Celery tasks once the caller's transaction commits, without failing the request
when the broker is away.

Every task that leaves the request is backed by an outbox row written in the request's
transaction and marked done by the task (a reminder's `ReminderLog`, a notification's e-mail
`Delivery`, a `Digest`, a `RenderJob`, each PENDING until then). The message on the broker is
only the nudge. So when the broker (Redis) does not take it, the callback logs a WARNING and
returns: the data is committed, the user's request answers normally, the row stays pending,
and the app's periodic re-queue (Celery beat) or the job page's next poll publishes it again
once the broker is back; the task holds the row and acts only while it is pending, so a
message published twice acts once.

Without a broker (Celery eager, the embedded mode and the tests) the task runs here, in the
callback, and its errors propagate as they always did. A publish error that is not the
broker's (a message that cannot be serialised: a bug) also propagates.

Sent once (e-mails: reminders, notifications, digests): the task claims its row in a short
transaction of its own (SENDING, a try counted, the time), hands the e-mail to the mail
server outside any transaction, then records it sent (`record_when_back`). A database that
restarts between the mail server's answer and the record is waited for, not a reason to send
again: before, the record's commit failed with the e-mail gone, the row stayed pending and
the retry sent it a second time (the fault test saw it). A row left SENDING for
OUTBOX_SENDING_STALE_MINUTES (its worker died between the two) is put back to pending by the
re-queue and sent again, under the same Message-ID: at least once, which mail clients show
once.

Each publish tries the broker as CELERY_TASK_PUBLISH_RETRY_POLICY says (a few tries a fraction
of a second apart, config/settings.py): after the first message of a callback that the broker
refused, the callback publishes no more (each would wait the same in vain).
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from core.health import DATABASE_UNAVAILABLE

logger = logging.getLogger(__name__)


def broker_errors(app) -> tuple[type[BaseException], ...]:
    """What a publish raises when the broker does not take the message: kombu's
    OperationalError once its retries are spent, or the transport's own connection errors
    (redis-py's, raised while a channel or the result backend connects)."""
    from kombu.exceptions import OperationalError

    with app.connection_for_write() as connection:  # no socket is opened here
        return (
            OperationalError,
            ConnectionError,
            TimeoutError,
            *connection.connection_errors,
            *connection.channel_errors,
        )


def publish(task, args: Sequence[Any] = (), **options) -> bool:
    """Publish `task(*args)` (`options` as for apply_async); False when the broker did not
    take it (logged), the caller's outbox row then stays pending.

    The outbox row is the task's result: none is stored, so publishing does not subscribe to
    the result backend either (a Redis result backend that is away would otherwise fail the
    publish before the broker is even tried)."""
    options.setdefault("ignore_result", True)
    if task.app.conf.task_always_eager:
        task.apply_async(tuple(args), **options)
        return True
    try:
        task.apply_async(tuple(args), **options)
    except broker_errors(task.app) as exc:
        logger.warning(
            "The broker did not take task %s (%s: %s): its row stays pending and is queued "
            "again once the broker is back.",
            task.name,
            type(exc).__name__,
            exc,
        )
        return False
    return True


def publish_each(task, calls: Iterable[Sequence[Any]], **options) -> int:
    """Publish `task(*args)` for each `args` of `calls`, stopping at the first the broker
    refuses. Returns how many were published."""
    published = 0
    for args in calls:
        if not publish(task, args, **options):
            break
        published += 1
    return published


def publish_on_commit(task, calls: Iterable[Sequence[Any]], **options) -> None:
    """`publish_each` once the current transaction commits (at once outside one); nothing
    when the transaction rolls back."""
    calls = [tuple(args) for args in calls]
    if calls:
        transaction.on_commit(lambda: publish_each(task, calls, **options))


def stale_q(*, retry_delay: Callable[[int], int], now: datetime.datetime | None = None) -> Q:
    """Which pending outbox rows (fields `attempts`, `created_at`) no task will come for:
    never tried and older than OUTBOX_STALE_MINUTES (the broker refused their task, or lost
    it in a restart without persistence), or older than that plus the whole retry schedule
    (`retry_delay(n)` seconds after try n, REMINDER_MAX_TRIES tries): a retry the broker
    lost. Queued again, such a row is still sent once; one whose retries were merely slow
    is tried a little sooner."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(minutes=settings.OUTBOX_STALE_MINUTES)
    retries = sum(retry_delay(n) for n in range(settings.REMINDER_MAX_TRIES))
    return Q(attempts=0, created_at__lt=stale) | Q(
        created_at__lt=stale - datetime.timedelta(seconds=retries)
    )


def database_away_retry(task, exc: Exception, *, countdown: int, final: bool) -> Exception:
    """What an outbox task raises when the database did not answer (a restart): a retry after
    `countdown` seconds that counts no try on the row (nothing could be recorded; the row
    still says what is pending), rather than a failure that would be acknowledged and leave
    the row waiting for the periodic re-queue; the error itself when eager or after the
    last try."""
    if task.request.is_eager or final:
        return exc
    return task.retry(exc=exc, countdown=countdown, max_retries=None, throw=False)


# An outbox row's status while its e-mail is with the mail server (each model's choices).
SENDING = "sending"


def claim(row, *, now: datetime.datetime | None = None) -> None:
    """Mark the locked outbox `row` as being sent (SENDING, a try counted, when it began),
    in the caller's transaction, which commits before the e-mail goes."""
    row.status, row.sent_at = SENDING, now or timezone.now()
    row.attempts += 1
    row.save(update_fields=["status", "sent_at", "attempts"])


def record_when_back(record: Callable[[], Any]) -> Any:
    """Run `record`, the write that follows an e-mail the mail server took, in a transaction
    of its own; while the database does not answer (a restart), wait and try again, up to
    OUTBOX_RECORD_PATIENCE_SECONDS, rather than fail the task, whose retry would send the
    e-mail again. Inside a caller's transaction (eager tasks) it runs once."""
    deadline = time.monotonic() + settings.OUTBOX_RECORD_PATIENCE_SECONDS
    pause = 0.2
    while True:
        try:
            with transaction.atomic():
                return record()
        except DATABASE_UNAVAILABLE:
            if connection.in_atomic_block or time.monotonic() + pause > deadline:
                raise
            logger.warning("The database did not answer recording a sent e-mail: waiting.")
            connection.close()  # the next try opens a new one
            time.sleep(pause)
            pause = min(pause * 2, 5.0)


def reclaim_stale_sending(
    rows: QuerySet, *, pending: str, key: str = "pk", now: datetime.datetime | None = None
) -> list:
    """Put back to `pending` the rows claimed for sending more than
    OUTBOX_SENDING_STALE_MINUTES ago (their worker died between the mail server and the
    record); returns their `key` values, for the caller to queue again."""
    cutoff = (now or timezone.now()) - datetime.timedelta(
        minutes=settings.OUTBOX_SENDING_STALE_MINUTES
    )
    stale = rows.filter(status=SENDING, sent_at__lt=cutoff)
    found = list(stale.order_by(key).values_list("pk", key))
    rows.filter(pk__in=[pk for pk, _key in found]).update(status=pending)
    return [value for _pk, value in found]
