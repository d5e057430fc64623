"""A reviewer's reminder now: the units chosen on the review board (or every one still
owing), a preview of the message, then the sending by the tenant's channels, at most once
per unit in `REMINDER_MANUAL_INTERVAL_HOURS`."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from campaign import obligations, rules
from campaign.models import Deadline, ReminderLog
from notifications.services import notify_each
from units.models import Unit
from units.permissions import Actor, as_user

from .config import channels_of, reminder_settings_for
from .delivery import queue_on_commit
from .messages import no_address_error, notification_of, reminder_email
from .planning import UNIT_ROLES, Planned, recipients_at
from .topics import Topic

Kind = ReminderLog.Kind
Channel = ReminderLog.Channel
LogStatus = ReminderLog.Status


@dataclass
class ManualResult:
    sent: list[Unit] = field(default_factory=list)
    recently_reminded: list[Unit] = field(default_factory=list)
    not_owing: list[Unit] = field(default_factory=list)


def units_to_remind(deadline: Deadline, ids: list[int], *, every_late: bool) -> list[Unit]:
    """The plan's participants chosen on the board, or every one that still owes
    (`every_late`), in tree order."""
    if every_late:
        found = obligations.owed([deadline]).get(deadline.pk) or obligations.Owed()
        ids = list(found.owing)
    participants = Unit.objects.filter(participations__campaign_id=deadline.phase.campaign_id)
    return list(participants.filter(pk__in=ids).order_by("path"))


def manual_preview(deadline: Deadline, units: list[Unit]) -> dict:
    """Which of `units` would be reminded now, and the message the first of them would
    receive (subject, text, recipients)."""
    chosen = {unit.pk for unit in units}
    found = obligations.owed([deadline], chosen).get(deadline.pk) or obligations.Owed()
    owing = [unit for unit in units if unit.pk in found.owing]
    preview: dict[str, object] = {
        "owing": owing,
        "not_owing": [u for u in units if u.pk not in found.owing],
    }
    if not owing:
        return preview
    unit, today = owing[0], timezone.localdate()
    due = deadline.due_date_for(unit)
    log = ReminderLog(
        pk=0,
        deadline=deadline,
        unit=unit,
        kind=Kind.MANUAL,
        offset=(due - today).days,
        channel=Channel.EMAIL,
        day=today,
        due_date=due,
        batch=uuid.uuid4(),
        recipients=recipients_at([unit.pk], UNIT_ROLES, {unit.pk: unit}).emails.get(unit.pk, []),
    )
    message = reminder_email(log)
    preview.update(subject=message.subject, body=message.body, recipients=log.recipients)
    return preview


@transaction.atomic
def reminders_send_now(*, actor: Actor, deadline: Deadline, units: list[Unit]) -> ManualResult:
    """Remind the chosen units now, by the tenant's channels. A unit reminded by hand within
    `REMINDER_MANUAL_INTERVAL_HOURS` is skipped (repeated clicks flood no one), and so is a
    unit that owes nothing. Clicks on one deadline are serialised by its row lock."""
    if not rules.can_remind(actor, deadline):
        raise PermissionDenied(_("Only a reviewer of the receiving unit can send reminders."))
    Deadline.objects.select_for_update().filter(pk=deadline.pk).first()
    now = timezone.now()
    today = timezone.localdate()
    result = ManualResult()
    chosen = {unit.pk for unit in units}
    found = obligations.owed([deadline], chosen).get(deadline.pk) or obligations.Owed()
    interval = datetime.timedelta(hours=settings.REMINDER_MANUAL_INTERVAL_HOURS)
    recent = set(
        ReminderLog.objects.filter(
            deadline=deadline, kind=Kind.MANUAL, created_at__gte=now - interval
        ).values_list("unit_id", flat=True)
    )
    for unit in units:
        if unit.pk not in found.owing:
            result.not_owing.append(unit)
        elif unit.pk in recent:
            result.recently_reminded.append(unit)
        else:
            result.sent.append(unit)
    if not result.sent:
        return result
    config = reminder_settings_for(deadline.phase.campaign.tenant_id)
    # A reviewer's click always reaches the unit in the application, whatever the settings.
    channels = set(channels_of(config)) | {Channel.APP}
    by_id = {unit.pk: unit for unit in result.sent}
    book = recipients_at(by_id, UNIT_ROLES, by_id)
    prefetch_related_objects([deadline], "extensions")
    batch = uuid.uuid4()
    planned = []
    topic = Topic(deadline=deadline)
    for unit in result.sent:
        due = deadline.due_date_for(unit)
        for channel in sorted(channels):
            log = topic.log(unit.pk, Kind.MANUAL, (due - today).days, channel, today, due)
            log.batch, log.requested_by = batch, as_user(actor)
            if channel == Channel.APP:
                log.recipients = book.users.get(unit.pk, [])
                log.status, log.sent_at = LogStatus.SENT, now
            else:
                log.recipients = book.emails.get(unit.pk, [])
                if not log.recipients:
                    log.status, log.last_error = LogStatus.FAILED, no_address_error()
            planned.append(Planned(log, topic, unit.name))
    ReminderLog.objects.bulk_create([p.log for p in planned])
    notify_each((notification_of(p) for p in planned if p.log.channel == Channel.APP), actor=actor)
    queue_on_commit(
        [p.log.pk for p in planned if p.log.channel == Channel.EMAIL and p.log.recipients]
    )
    return result
