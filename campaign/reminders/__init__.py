"""Reminders of what units owe, overdue notices and the reviewers' digest, by e-mail and in
the application (through `notifications.services.notify_each`).

One sweep a day (Celery beat, `REMINDER_SWEEP_HOUR` local time; `manage.py send_reminders`
by hand) plans what falls due (`planning`: which units owe what, when each is reminded, who
receives it) and delivers it (`delivery`: the log, the e-mails queued on commit and sent by
a Celery task with retries). `messages` words them, `topics` says what each is about,
`manual` is a reviewer's reminder now and `config` the tenant's settings.

This package re-exports the names the rest of the project uses (`reminders.reminders_sweep`).
"""

from .config import channels_of, parse_offsets, reminder_settings_for, reminder_settings_save
from .delivery import (
    SweepResult,
    reminder_attempt_failed,
    reminder_deliver,
    reminder_deliver_task,
    reminder_resend,
    reminders_requeue,
    reminders_sweep,
    retry_delay,
)
from .manual import ManualResult, manual_preview, reminders_send_now, units_to_remind
from .messages import message_context, reminder_email, subject_after_ve
from .planning import Planned, Recipients, plan_reminders, recipients_at
from .topics import Topic

__all__ = [
    "ManualResult",
    "Planned",
    "Recipients",
    "SweepResult",
    "Topic",
    "channels_of",
    "manual_preview",
    "message_context",
    "parse_offsets",
    "plan_reminders",
    "recipients_at",
    "reminder_attempt_failed",
    "reminder_deliver",
    "reminder_deliver_task",
    "reminder_email",
    "reminder_resend",
    "reminder_settings_for",
    "reminder_settings_save",
    "reminders_send_now",
    "reminders_requeue",
    "reminders_sweep",
    "retry_delay",
    "subject_after_ve",
    "units_to_remind",
]
