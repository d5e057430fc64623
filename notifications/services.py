"""Writing notifications: `notify` (one message to several people) and `notify_each` (many
messages in one insert), and marking them read.

Both write in the caller's transaction, so a notification exists exactly when the change it
tells of was committed, and queue what leaves the database (the e-mail of a message sent with
`email=True`) with `transaction.on_commit`: a rollback sends nothing. One INSERT whatever the
number of recipients (a plan launched to 3,000 schools costs the same as to 3).

`email=True` means "by the recipient's channel for that kind": the person's `ChannelChoice`,
else the tenant's `ChannelDefault`, else the platform's (`kinds.DEFAULT_CHANNELS`). "At once"
writes an e-mail `Delivery` and queues it on commit; "digest" writes a digest `Delivery` that
the next morning's digest run takes; "in the app only" writes none. Two reads and one more
INSERT, whatever the number of recipients.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from units.models import Tenant, User
from units.permissions import Actor, as_user, is_system

from . import rules
from .kinds import Channel, Kind, default_channel
from .models import ChannelChoice, ChannelDefault, Delivery, Notification

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
        deliveries = _deliveries_of(created)
        at_once = [d.notification_id for d in deliveries if d.channel == Channel.EMAIL]
        if at_once:
            _email_on_commit(at_once)
    return created


def channels_for(rows: list[Notification]) -> dict[tuple[int, str], str]:
    """The channel of each (user id, kind) of `rows`: the person's choice, else the
    tenant's default, else the platform's. Two queries."""
    user_ids = {row.user_id for row in rows}
    kinds = {row.kind for row in rows}
    tenant_ids = {row.tenant_id for row in rows}
    chosen = {
        (user_id, kind): channel
        for user_id, kind, channel in ChannelChoice.objects.filter(
            user_id__in=user_ids, kind__in=kinds
        ).values_list("user_id", "kind", "channel")
    }
    defaults = {
        (tenant_id, kind): channel
        for tenant_id, kind, channel in ChannelDefault.objects.filter(
            tenant_id__in=tenant_ids, kind__in=kinds
        ).values_list("tenant_id", "kind", "channel")
    }
    return {
        (row.user_id, row.kind): chosen.get(
            (row.user_id, row.kind),
            defaults.get((row.tenant_id, row.kind), default_channel(row.kind)),
        )
        for row in rows
    }


def to_digest(created: list[Notification]) -> list[Delivery]:
    """For a sender that e-mails on its own (the reminders, to a unit's addresses): the
    digest deliveries of those of `created` whose recipient chose the digest for its kind.
    Two queries and one INSERT."""
    if not created:
        return []
    return _deliveries_of(created, only=Channel.DIGEST)


def _deliveries_of(created: list[Notification], only: str | None = None) -> list[Delivery]:
    """The e-mail and digest deliveries of `created`, each by its recipient's channel."""
    channels = channels_for(created)
    if only is not None:
        channels = {key: c if c == only else Channel.APP for key, c in channels.items()}
    deliveries = [
        Delivery(
            tenant_id=row.tenant_id,
            notification_id=row.pk,
            user_id=row.user_id,
            channel=channels[(row.user_id, row.kind)],
        )
        for row in created
        if channels[(row.user_id, row.kind)] != Channel.APP
    ]
    return Delivery.objects.bulk_create(deliveries)


def _email_on_commit(ids: list[int]) -> None:
    from .tasks import notification_email_task

    transaction.on_commit(lambda: notification_email_task.delay(ids))


# --- Channels ---


def not_by_email(users: dict[int, int], kind: str) -> set[int]:
    """Of `users` (user id → tenant id), those whose channel for `kind` is not "e-mail at
    once" (in the app only, or the digest): for a sender that e-mails a group (the
    reminders), whom to leave out. Two queries."""
    if not users:
        return set()
    rows = [Notification(user_id=user_id, tenant_id=t, kind=kind) for user_id, t in users.items()]
    channels = channels_for(rows)
    return {user_id for user_id in users if channels[(user_id, kind)] != Channel.EMAIL}


def channel_defaults_for(tenant_id: int) -> dict[str, str]:
    """The tenant's channel for every kind (its own default, else the platform's)."""
    saved = dict(ChannelDefault.objects.filter(tenant_id=tenant_id).values_list("kind", "channel"))
    return {kind: saved.get(kind, default_channel(kind)) for kind in Kind.values}


def channel_choices_for(user: User) -> dict[str, str]:
    """The person's channel for every kind: their choice, else the tenant's default."""
    channels = channel_defaults_for(user.tenant_id) if user.tenant_id else {}
    channels = {kind: channels.get(kind, default_channel(kind)) for kind in Kind.values}
    channels.update(
        ChannelChoice.objects.filter(user=user, kind__in=Kind.values).values_list("kind", "channel")
    )
    return channels


def _valid(channels: dict[str, str]) -> dict[str, str]:
    return {
        kind: channel
        for kind, channel in channels.items()
        if kind in Kind.values and channel in Channel.values
    }


@transaction.atomic
def channel_choices_save(*, actor: Actor, user: User, channels: dict[str, str]) -> None:
    """A person's choice of channel per kind (`channels`: kind → channel). Only the person
    sets their own."""
    if is_system(actor) or actor.pk != user.pk or user.tenant_id is None:
        raise PermissionDenied(_("Only the person chooses how they are notified."))
    channels = _valid(channels)
    existing = {c.kind: c for c in ChannelChoice.objects.filter(user=user)}
    changed, new = [], []
    for kind, channel in channels.items():
        if kind in existing:
            if existing[kind].channel != channel:
                existing[kind].channel = channel
                changed.append(existing[kind])
        else:
            new.append(
                ChannelChoice(tenant_id=user.tenant_id, user=user, kind=kind, channel=channel)
            )
    for choice in changed:
        choice.save(update_fields=["channel"])
    for choice in new:
        choice.save()


@transaction.atomic
def channel_defaults_save(*, actor: Actor, tenant: Tenant, channels: dict[str, str]) -> None:
    """The tenant administrator sets the tenant's default channel per kind."""
    if not rules.can_manage_notifications(actor, tenant.pk):
        raise PermissionDenied(_("Only the tenant administrator sets the default channels."))
    for kind, channel in _valid(channels).items():
        ChannelDefault.objects.update_or_create(
            tenant=tenant, kind=kind, defaults={"channel": channel}
        )


def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all unread ones when `ids` is None)."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
