"""Celery tasks of the campaign app: thin wrappers around `campaign.reminders`."""

import smtplib

from celery import shared_task
from django.conf import settings

from . import reminders


@shared_task(name="campaign.reminders_sweep")
def reminders_sweep_task(day: str | None = None) -> dict:
    """The daily sweep (Celery beat); `day` (YYYY-MM-DD) for a run by hand."""
    import datetime

    result = reminders.reminders_sweep(day=datetime.date.fromisoformat(day) if day else None)
    return {
        "day": result.day.isoformat(),
        "emails_queued": result.emails_queued,
        "notifications": result.notifications,
        "already_sent": result.already_sent,
        "requeued": result.requeued,
    }


@shared_task(bind=True, name="campaign.reminder_deliver", acks_late=True)
def reminder_deliver_task(self, log_id: int) -> str:
    """Send one reminder e-mail. An SMTP failure is retried with a doubling delay; after
    REMINDER_MAX_TRIES tries the reminder is left failed, for the administrator to see."""
    retries = self.request.retries
    while True:
        try:
            return reminders.reminder_deliver(log_id=log_id)
        except (smtplib.SMTPException, OSError) as exc:
            final = retries + 1 >= settings.REMINDER_MAX_TRIES
            reminders.reminder_attempt_failed(log_id=log_id, error=repr(exc), final=final)
            if final:
                return "failed"
            if not self.request.is_eager:
                raise self.retry(
                    exc=exc, countdown=reminders.retry_delay(retries), max_retries=None
                ) from exc
            # Without a broker (the embedded mode) the tries follow at once: nothing could
            # run a delayed one.
            retries += 1
