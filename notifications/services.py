"""Writing notifications: `notify` (one message to several people) and `notify_each` (many
messages in one insert), and marking them read.

Both write in the caller's transaction, so a notification exists exactly when the change it
tells of was committed, and queue what leaves the database (the e-mail of a message sent with
`email=True`) with `transaction.on_commit`: a rollback sends nothing. One INSERT whatever the
number of recipients (a plan launched to 3,000 schools costs the same as to 3).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from units.models import Tenant, User
from units.permissions import Actor, as_user

from .models import Notification

TITLE_LENGTH = Notification._meta.get_field("title").max_length


@dataclass(frozen=True)
class Message:
    """One thing to tell `users` (users or user ids) of one tenant."""

    users: Iterable[User | int]
    tenant: Tenant | int
    kind: str
    title: str
    body: str = ""
    url: str = ""
    # The reminder that sends it (campaign.ReminderLog's id), when it is one.
    reminder_id: int | None = None


def _id(value) -> int:
    return value if isinstance(value, int) else value.pk


def notify(
    users: Iterable[User | int],
    *,
    actor: Actor,
    tenant: Tenant | int,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    email: bool = False,
) -> list[Notification]:
    """Tell `users` that something happened: one in-app notification each (a user listed
    twice gets one), written in the caller's transaction. `kind` names the event
    ("reminder", "initiative_returned"...). `actor` is who did it (a user, or SYSTEM).
    With `email`, each recipient with an address also gets it by e-mail, queued on commit."""
    message = Message(users=users, tenant=tenant, kind=kind, title=title, body=body, url=url)
    return notify_each([message], actor=actor, email=email)


def notify_each(
    messages: Iterable[Message], *, actor: Actor, email: bool = False
) -> list[Notification]:
    """`notify` for several messages at once (a sweep's reminders, a launch's per-unit
    messages): one INSERT for all of them."""
    by = as_user(actor)
    rows = []
    for message in messages:
        tenant_id = _id(message.tenant)
        for user_id in dict.fromkeys(_id(user) for user in message.users):
            rows.append(
                Notification(
                    tenant_id=tenant_id,
                    user_id=user_id,
                    reminder_id=message.reminder_id,
                    kind=message.kind,
                    actor=by,
                    title=message.title[:TITLE_LENGTH],
                    body=message.body,
                    url=message.url,
                )
            )
    created = Notification.objects.bulk_create(rows)
    if email and created:
        _email_on_commit([row.pk for row in created])
    return created


def _email_on_commit(ids: list[int]) -> None:
    from .tasks import notification_email_task

    transaction.on_commit(lambda: notification_email_task.delay(ids))


def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all unread ones when `ids` is None)."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
