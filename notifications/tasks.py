"""Celery tasks of the notifications app: thin wrappers around `notifications.services`."""

import smtplib

from celery import shared_task

from . import delivery


@shared_task(
    name="notifications.email",
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=60,
    max_retries=5,
)
def notification_email_task(ids: list[int]) -> int:
    """E-mail the notifications `ids` that have not been e-mailed yet; a retry or a
    redelivered task skips those already sent."""
    return delivery.notifications_email(ids=ids)
