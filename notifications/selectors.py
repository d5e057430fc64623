"""Reads of the notification centre: a user sees only their own notifications."""

from __future__ import annotations

from django.db.models import QuerySet

from units.models import User

from .models import Delivery, DeliveryStatus, Notification


def notifications_of(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def unread_count(user: User) -> int:
    """One query."""
    return notifications_of(user).filter(read_at__isnull=True).count()


def recent_notifications(user: User, limit: int = 10) -> list[Notification]:
    """The newest first: one query."""
    return list(notifications_of(user).order_by("-created_at", "-id")[:limit])


def failed_deliveries(tenant_id: int, limit: int = 200) -> list[Delivery]:
    """The tenant's notification e-mails that could not be delivered (at once, or in a
    digest), newest first: one query."""
    return list(
        Delivery.objects.filter(tenant_id=tenant_id, status=DeliveryStatus.FAILED)
        .select_related("notification", "user")
        .order_by("-created_at", "-id")[:limit]
    )
