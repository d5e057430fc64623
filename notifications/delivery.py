"""Delivering notifications outside the application: one e-mail per notification, sent at
most once (`emailed_at`, set under the row's lock in the transaction that sends it)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Notification


def notification_email(notification: Notification) -> EmailMessage:
    """The e-mail of one notification, in Vietnamese; its Message-ID is the row's."""
    link = settings.SITE_URL.rstrip("/") + notification.url if notification.url else ""
    with translation.override("vi"):
        text = render_to_string(
            "notifications/emails/notification.txt",
            {"notification": notification, "link": link},
        )
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "localhost"
    return EmailMessage(
        subject=notification.title,
        body=text,
        to=[notification.user.email],
        headers={"Message-ID": f"<notification-{notification.pk}@{domain}>"},
    )


def notifications_email(*, ids: list[int]) -> int:
    """Send the e-mail of each notification not e-mailed yet whose user has an address, each
    in its own transaction holding its row: an SMTP error stops the run (the task retries)
    with the ones before it recorded as sent. Returns how many went out."""
    sent = 0
    for pk in ids:
        with transaction.atomic():
            row = (
                Notification.objects.select_for_update(of=("self",))
                .select_related("user")
                .filter(pk=pk, emailed_at__isnull=True)
                .first()
            )
            if row is None or not row.user.email:
                continue
            notification_email(row).send()
            row.emailed_at = timezone.now()
            row.save(update_fields=["emailed_at"])
            sent += 1
    return sent
