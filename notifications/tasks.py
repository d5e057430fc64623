"""Celery tasks of the notifications app: thin wrappers around `notifications.delivery`.

Both tasks are acknowledged late (a worker killed mid-send leaves the task to be
redelivered) and idempotent (each locks its log row and sends only while it is pending).
An SMTP failure is retried with a doubling delay; after REMINDER_MAX_TRIES tries the rows
are left failed, for the tenant administrator to see. A database that does not answer (a
restart) is retried the same way, without counting a try: nothing could be recorded, and
the rows still say what is pending; a task that failed on it was acknowledged, and its
e-mails would otherwise wait for ever."""

import datetime
import smtplib

from celery import shared_task
from django.conf import settings

from core.health import DATABASE_UNAVAILABLE
from core.queueing import database_away_retry

from . import delivery


def _final(retries: int) -> bool:
    return retries + 1 >= settings.REMINDER_MAX_TRIES


def _database_away(task, exc: Exception, retries: int) -> Exception:
    return database_away_retry(
        task, exc, countdown=delivery.retry_delay(retries), final=_final(retries)
    )


@shared_task(bind=True, name="notifications.email", acks_late=True)
def notification_email_task(self, ids: list[int]) -> int:
    """E-mail the notifications `ids` whose e-mail is pending; a retry or a redelivered
    task skips those already sent."""
    retries = self.request.retries
    while True:
        try:
            return delivery.notifications_email(ids=ids)
        except DATABASE_UNAVAILABLE as exc:
            raise _database_away(self, exc, retries) from exc
        except (smtplib.SMTPException, OSError) as exc:
            final = _final(retries)
            delivery.email_attempt_failed(ids=ids, error=repr(exc), final=final)
            if final:
                return 0
            if not self.request.is_eager:
                raise self.retry(
                    exc=exc, countdown=delivery.retry_delay(retries), max_retries=None
                ) from exc
            # Without a broker (the embedded mode) the tries follow at once.
            retries += 1


@shared_task(bind=True, name="notifications.digest_send", acks_late=True)
def digest_send_task(self, digest_id: int) -> str:
    """Send one person's digest of the day."""
    retries = self.request.retries
    while True:
        try:
            return delivery.digest_send(digest_id=digest_id)
        except DATABASE_UNAVAILABLE as exc:
            raise _database_away(self, exc, retries) from exc
        except (smtplib.SMTPException, OSError) as exc:
            final = _final(retries)
            delivery.digest_attempt_failed(digest_id=digest_id, error=repr(exc), final=final)
            if final:
                return "failed"
            if not self.request.is_eager:
                raise self.retry(
                    exc=exc, countdown=delivery.retry_delay(retries), max_retries=None
                ) from exc
            retries += 1


@shared_task(name="notifications.digests_run")
def digests_run_task(day: str | None = None) -> dict:
    """The morning's digests (Celery beat); `day` (YYYY-MM-DD) for a run by hand."""
    result = delivery.digests_run(day=datetime.date.fromisoformat(day) if day else None)
    return {
        "day": result.day.isoformat(),
        "digests": result.digests,
        "entries": result.entries,
        "requeued": result.requeued,
    }


@shared_task(name="notifications.deliveries_requeue")
def deliveries_requeue_task() -> dict:
    """Queue again the e-mails and digests the broker never took (Celery beat, every
    OUTBOX_REQUEUE_MINUTES)."""
    result = delivery.deliveries_requeue()
    return {"emails": result.emails, "digests": result.digests}
