"""Celery tasks of the campaign app: thin wrappers around `campaign.reminders`.

The task that sends one reminder e-mail lives in `campaign.reminders.delivery`, beside what
queues it (so that module never imports this one); importing it here registers it with the
workers, which find the app's tasks in this module."""

import datetime

from celery import shared_task

from . import reminders
from .reminders.delivery import reminder_deliver_task

__all__ = ["reminder_deliver_task", "reminders_requeue_task", "reminders_sweep_task"]


@shared_task(name="campaign.reminders_sweep")
def reminders_sweep_task(day: str | None = None) -> dict:
    """The daily sweep (Celery beat); `day` (YYYY-MM-DD) for a run by hand."""
    result = reminders.reminders_sweep(day=datetime.date.fromisoformat(day) if day else None)
    return {
        "day": result.day.isoformat(),
        "emails_queued": result.emails_queued,
        "notifications": result.notifications,
        "already_sent": result.already_sent,
        "requeued": result.requeued,
    }


@shared_task(name="campaign.reminders_requeue")
def reminders_requeue_task() -> int:
    """Queue again the reminder e-mails the broker never took (Celery beat, every
    OUTBOX_REQUEUE_MINUTES)."""
    return reminders.reminders_requeue()
