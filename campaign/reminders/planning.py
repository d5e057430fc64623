"""Planning the reminders: which units owe what, and which reminder, overdue notice or
digest falls due on a day, with who receives it. Reads only; the sweep
(`reminders.delivery`) writes what is planned here.

A unit's due date is its extension's when it has one (`Deadline.due_date_for`); the
reminders fall on the tenant's offsets (default 7, 3, 1 and 0 days ahead), the overdue
notice the day after, and the digest for the reviewers of the receiving unit the day after a
deadline closed with units still owing. A fixed number of queries, whatever the number of
units.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, prefetch_related_objects

from campaign import obligations
from campaign.models import Campaign, Deadline, ReminderLog, ReminderSettings
from notifications.kinds import Kind as NotificationKind
from notifications.services import not_by_email
from units.models import Membership, Role, Unit

from .config import channels_of
from .topics import Topic

Kind = ReminderLog.Kind
Channel = ReminderLog.Channel

UNIT_ROLES = (Role.UNIT_HEAD, Role.UNIT_STAFF)


@dataclass
class Recipients:
    emails: dict[int, list[str]] = field(default_factory=dict)
    users: dict[int, list[int]] = field(default_factory=dict)


def recipients_at(unit_ids, roles, units: dict[int, Unit] | None = None) -> Recipients:
    """The e-mail addresses and user ids of the holders of `roles` at each unit (one query),
    plus the unit's own address when `units` is given (the unit's official mailbox)."""
    found = Recipients()
    memberships = list(
        Membership.objects.filter(unit_id__in=list(unit_ids), role__in=roles, user__is_active=True)
        .values_list("unit_id", "user_id", "user__email", "user__tenant_id")
        .order_by("unit_id", "user_id")
    )
    # A person who chose to get reminders in the app only (or in the digest) is left out of
    # the e-mail; the default is "at once" (notifications.kinds.DEFAULT_CHANNELS).
    quiet = not_by_email(
        {user_id: tenant_id for _u, user_id, _e, tenant_id in memberships if tenant_id},
        NotificationKind.REMINDER,
    )
    for unit_id, user_id, email, _tenant_id in memberships:
        users = found.users.setdefault(unit_id, [])
        if user_id not in users:
            users.append(user_id)
        emails = found.emails.setdefault(unit_id, [])
        if email and email not in emails and user_id not in quiet:
            emails.append(email)
    for unit_id, unit in (units or {}).items():
        emails = found.emails.setdefault(unit_id, [])
        if unit.email and unit.email not in emails:
            emails.append(unit.email)
    return found


def _deadlines_touching(dates: set[datetime.date]) -> list[Deadline]:
    """Launched deadlines of a remindable kind due on one of `dates`, or with an extension
    due on one of them: one query."""
    return list(
        Deadline.objects.filter(
            kind__in=obligations.remindable_kinds(),
            phase__campaign__status=Campaign.Status.LAUNCHED,
        )
        .filter(Q(due_date__in=dates) | Q(extensions__due_date__in=dates))
        .distinct()
        .select_related(
            "phase__campaign__issuing_unit", "phase__campaign__number", "receiving_unit"
        )
        .order_by("due_date", "id")
    )


def log_key(log: ReminderLog) -> tuple:
    owed = (
        ("deadline", log.deadline_id)
        if log.deadline_id
        else (
            "report",
            log.schedule_id,
            log.year,
            log.period,
        )
    )
    return (*owed, log.unit_id, log.kind, log.offset, log.channel)


@dataclass
class Planned:
    """A reminder the sweep will write, with what its message needs."""

    log: ReminderLog
    topic: Topic
    unit_name: str
    late_units: list[int] = field(default_factory=list)
    expected: int = 0

    @property
    def key(self):
        return log_key(self.log)


def plan_reminders(day: datetime.date) -> list[Planned]:
    """Every scheduled reminder, overdue notice and digest due on `day`, whether or not it
    was already sent (the log's uniqueness filters those). A bounded number of queries."""
    tenant_settings = {s.tenant_id: s for s in ReminderSettings.objects.all()}
    offsets = set(ReminderSettings().offsets)
    for config in tenant_settings.values():
        offsets.update(config.offsets)
    dates = {day + datetime.timedelta(days=n) for n in offsets} | {day - datetime.timedelta(days=1)}
    deadlines = _deadlines_touching(dates)
    occurrences = obligations.occurrences_due(dates)
    owed = {("deadline", pk): found for pk, found in obligations.owed(deadlines).items()}
    owed.update(
        {("report", *key): found for key, found in obligations.periodic_owed(occurrences).items()}
    )
    topics = [Topic(deadline=d) for d in deadlines] + [Topic(occurrence=o) for o in occurrences]
    topics = [t for t in topics if t.key in owed]
    if not topics:
        return []
    # Each unit's due date reads its deadline's extensions, all fetched in one query.
    prefetch_related_objects(deadlines, "extensions")
    owing_ids = set().union(*(found.owing for found in owed.values()))
    units = Unit.objects.only("id", "name", "email").in_bulk(owing_ids)
    to_units = recipients_at(owing_ids, UNIT_ROLES, units)
    to_reviewers = recipients_at({t.receiver.pk for t in topics}, (Role.REVIEWER,))

    planned: list[Planned] = []
    yesterday = day - datetime.timedelta(days=1)
    for topic in topics:
        config = tenant_settings.get(topic.campaign.tenant_id) or ReminderSettings()
        found = owed[topic.key]
        late = []
        for unit_id in sorted(found.owing, key=lambda pk: units[pk].name):
            due = topic.due_for(unit_id)
            offset = (due - day).days
            if offset < 0:
                late.append(unit_id)
            if offset in config.offsets:
                kind = Kind.BEFORE
            elif offset == -1 and config.overdue_notice:
                kind = Kind.OVERDUE
            else:
                continue
            planned.extend(
                Planned(
                    topic.log(unit_id, kind, offset, channel, day, due), topic, units[unit_id].name
                )
                for channel in channels_of(config)
            )
        if late and topic.due == yesterday and config.reviewer_digest:
            receiver = topic.receiver
            planned.extend(
                Planned(
                    topic.log(receiver.pk, Kind.DIGEST, -1, channel, day, yesterday),
                    topic,
                    receiver.name,
                    late_units=late,
                    expected=len(found.expected),
                )
                for channel in channels_of(config)
            )
    for plan in planned:
        log = plan.log
        book = to_reviewers if log.kind == Kind.DIGEST else to_units
        if log.channel == Channel.EMAIL:
            log.recipients = book.emails.get(log.unit_id, [])
        else:
            log.recipients = book.users.get(log.unit_id, [])
        if log.kind == Kind.DIGEST:
            log.detail = {"late": plan.late_units, "expected": plan.expected}
    # Nobody to tell in the application, or no reviewer for a digest: no row. A unit with
    # no address for its e-mail: a failed row, so the administrator sees who has no contact.
    return [
        p
        for p in planned
        if p.log.recipients or (p.log.channel == Channel.EMAIL and p.log.kind != Kind.DIGEST)
    ]
