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

`notify_query` is `notify` for recipients given as a queryset of user ids (a plan's 3,000
schools): the database writes the notifications and their deliveries from that query, two
`INSERT … SELECT` statements whatever their number, no row built in Python.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.queueing import publish_on_commit
from units.models import Tenant, User
from units.permissions import Actor, as_user, is_system

from . import rules
from .kinds import Channel, Kind, default_channel
from .models import ChannelChoice, ChannelDefault, Delivery, DeliveryStatus, Notification

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


def notify_query(
    users: QuerySet,
    *,
    actor: Actor,
    tenant: Tenant | int,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    email: bool = False,
) -> int:
    """`notify` for `users`, a queryset of user ids (`values_list("user_id", flat=True)`),
    leaving out the actor (nobody is told of their own act): one notification per user
    however often listed, each with its delivery by the person's channel, in two INSERT …
    SELECT statements whatever their number; the e-mails "at once" are queued on commit.
    Returns how many were told."""
    by = as_user(actor)
    tenant_id = _id(tenant)
    now = timezone.now()
    users_sql, users_params = users.order_by().query.get_compiler(connection=connection).as_sql()
    # Each column of the new rows: its SQL and its parameters.
    written = _insert_select(
        Notification,
        {
            "tenant": ("%s", [tenant_id]),
            "user": ("u.id", []),
            "reminder": ("NULL", []),
            "kind": ("%s", [kind]),
            "actor": ("%s", [by.pk if by else None]),
            "title": ("%s", [title[:TITLE_LENGTH]]),
            "body": ("%s", [body]),
            "url": ("%s", [url]),
            "created_at": ("%s", [_db_value(Notification, "created_at", now)]),
            "read_at": ("NULL", []),
            "emailed_at": ("NULL", []),
        },
    )
    not_me = " AND u.id <> %s" if by is not None else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"{written[0]} FROM {_q(User._meta.db_table)} u WHERE u.id IN ({users_sql}){not_me} "
            f"ORDER BY u.id RETURNING {_q(Notification._meta.pk.column)}",
            [*written[1], *users_params, *([by.pk] if by is not None else [])],
        )
        ids = [row[0] for row in cursor.fetchall()]
        if not email or not ids:
            return len(ids)
        # The ids this INSERT wrote. SQLite writes one statement at a time, so they are one
        # run of ids; PostgreSQL's sequence may interleave another's, so they are listed.
        if connection.vendor == "postgresql":
            mine = ("n.id = ANY(%s::bigint[])", ["{" + ",".join(map(str, ids)) + "}"])
        else:
            mine = ("n.id BETWEEN %s AND %s", [min(ids), max(ids)])
        # The person's choice, else the tenant's default, else the platform's.
        channel = (
            f"COALESCE(c.channel, (SELECT d.channel FROM {_q(ChannelDefault._meta.db_table)} d "
            f"WHERE d.tenant_id = %s AND d.kind = %s), %s)"
        )
        written = _insert_select(
            Delivery,
            {
                "tenant": ("%s", [tenant_id]),
                "notification": ("n.id", []),
                "user": ("n.user_id", []),
                "channel": ("n.channel", []),
                "status": ("%s", [DeliveryStatus.PENDING]),
                "attempts": ("0", []),
                "last_error": ("''", []),
                "digest": ("NULL", []),
                "created_at": ("%s", [_db_value(Delivery, "created_at", now)]),
                "sent_at": ("NULL", []),
            },
        )
        cursor.execute(
            f"{written[0]} FROM (SELECT n.id, n.user_id, {channel} AS channel "
            f"FROM {_q(Notification._meta.db_table)} n "
            f"LEFT JOIN {_q(ChannelChoice._meta.db_table)} c "
            f"ON c.user_id = n.user_id AND c.kind = %s WHERE {mine[0]}) n "
            f"WHERE n.channel <> %s ORDER BY n.id "
            f"RETURNING {_q(Delivery._meta.get_field('notification').column)}, channel",
            [
                *written[1],
                tenant_id,
                kind,
                default_channel(kind),
                kind,
                *mine[1],
                Channel.APP,
            ],
        )
        at_once = [pk for pk, chosen in cursor.fetchall() if chosen == Channel.EMAIL]
    if at_once:
        _email_on_commit(sorted(at_once))
    return len(ids)


def _insert_select(model, values: dict[str, tuple[str, list]]) -> tuple[str, list]:
    """ "INSERT INTO table (columns) SELECT values" for every concrete field of `model` but
    its id, and the parameters of those values. A field added to the model and missing from
    `values` fails here, not as a NOT NULL error in production."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    if mismatch := {f.name for f in fields} ^ set(values):
        raise TypeError(f"{model.__name__}: no value for, or no field of, {sorted(mismatch)}")
    sql = (
        f"INSERT INTO {_q(model._meta.db_table)} ({', '.join(_q(f.column) for f in fields)}) "
        f"SELECT {', '.join(values[f.name][0] for f in fields)}"
    )
    return sql, [param for f in fields for param in values[f.name][1]]


def _db_value(model, name: str, value):
    return model._meta.get_field(name).get_db_prep_value(value, connection)


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


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
    """Queue the e-mails of `ids` on commit; a broker that is away leaves their deliveries
    pending, for `delivery.deliveries_requeue` (core/queueing.py)."""
    from .tasks import notification_email_task

    publish_on_commit(notification_email_task, [(ids,)])


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
