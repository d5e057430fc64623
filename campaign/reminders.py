"""Reminders of what units owe, overdue notices and the reviewers' digest, by e-mail and in
the application (through `notifications.services.notify_each`).

One sweep a day (Celery beat, `REMINDER_SWEEP_HOUR` local time; `manage.py send_reminders`
by hand) finds every (deadline, unit) still owed whose due date — the unit's extension if it
has one — falls on one of the tenant's offsets (default 7, 3, 1 and 0 days ahead) or was
yesterday (overdue notice), plus one digest per deadline that closed yesterday for the
reviewers of its receiving unit. It does so in a fixed number of queries, whatever the
number of units.

Never twice: each reminder is a `ReminderLog` row, unique per (deadline, unit, kind, offset,
channel), inserted in the transaction that queues its sending; a second sweep inserts
nothing and queues nothing. The send task locks its row and sends only while it is pending,
so a task redelivered after a worker crash finds it sent. A failed SMTP delivery is retried
with a growing delay and, after `REMINDER_MAX_TRIES`, left failed where the tenant
administrator sees it and can send it again.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q, prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from documents.formatting import vn_date
from notifications.services import Message, notify_each
from units.models import Membership, Role, Tenant, Unit
from units.permissions import SYSTEM, Actor

from . import obligations, rules
from .models import (
    Campaign,
    Deadline,
    DeadlineKind,
    ReminderLog,
    ReminderSettings,
)
from .selectors import report_period_title

Kind = ReminderLog.Kind
Channel = ReminderLog.Channel
LogStatus = ReminderLog.Status

# What a unit owes for each kind of deadline, as the e-mail says it.
OWED_PHRASES = {
    DeadlineKind.REGISTRATION: "bản đăng ký mô hình, giải pháp, sáng kiến (Mẫu 1)",
    DeadlineKind.RESULT_REPORT: "báo cáo kết quả thực hiện mô hình, giải pháp (Mẫu 2)",
    DeadlineKind.AWARD_PROPOSAL: "hồ sơ đề nghị khen thưởng",
    DeadlineKind.SUMMARY: "báo cáo tổng kết",
    DeadlineKind.PLAN_SUBMISSION: "kế hoạch triển khai của đơn vị",
    DeadlineKind.PERIODIC_REPORT: "báo cáo định kỳ",
}
UNIT_ROLES = (Role.UNIT_HEAD, Role.UNIT_STAFF)
# A pending e-mail older than this whose task never ran (the process died between the
# commit and the queueing) is queued again by the next sweep.
STALE_PENDING = datetime.timedelta(minutes=30)


def reminder_settings_for(tenant_id: int) -> ReminderSettings:
    """The tenant's settings, or the defaults (unsaved) when it has none."""
    found = ReminderSettings.objects.filter(tenant_id=tenant_id).first()
    return found or ReminderSettings(tenant_id=tenant_id)


def channels_of(config: ReminderSettings) -> list[str]:
    return [
        channel
        for channel, enabled in ((Channel.EMAIL, config.by_email), (Channel.APP, config.in_app))
        if enabled
    ]


def retry_delay(retries: int) -> int:
    """Seconds before the next try of a failed send: doubling, at most an hour."""
    return min(settings.REMINDER_RETRY_SECONDS * 2**retries, 3600)


# --- Reading who is owed a reminder ---


@dataclass
class Recipients:
    emails: dict[int, list[str]] = field(default_factory=dict)
    users: dict[int, list[int]] = field(default_factory=dict)


def recipients_at(unit_ids, roles, units: dict[int, Unit] | None = None) -> Recipients:
    """The e-mail addresses and user ids of the holders of `roles` at each unit (one query),
    plus the unit's own address when `units` is given (the unit's official mailbox)."""
    found = Recipients()
    memberships = (
        Membership.objects.filter(unit_id__in=list(unit_ids), role__in=roles, user__is_active=True)
        .values_list("unit_id", "user_id", "user__email")
        .order_by("unit_id", "user_id")
    )
    for unit_id, user_id, email in memberships:
        users = found.users.setdefault(unit_id, [])
        if user_id not in users:
            users.append(user_id)
        emails = found.emails.setdefault(unit_id, [])
        if email and email not in emails:
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


class Topic:
    """What a reminder is about: a deadline, or one report of a recurring schedule (seed
    001's quarterly reports, which are not deadline rows). Texts are read in the language
    active when they are used."""

    def __init__(self, *, deadline: Deadline | None = None, occurrence=None):
        self.deadline, self.occurrence = deadline, occurrence
        if deadline is not None:
            self.campaign = deadline.phase.campaign
            self.receiver = deadline.receiving_unit or self.campaign.issuing_unit
            self.due = deadline.due_date
            self.key = ("deadline", deadline.pk)
        else:
            self.campaign = occurrence.schedule.campaign
            self.receiver = occurrence.schedule.receiving_unit or self.campaign.issuing_unit
            self.due = occurrence.due
            self.key = ("report", *occurrence.key)

    @classmethod
    def of(cls, log: ReminderLog) -> Topic:
        if log.deadline_id:
            return cls(deadline=log.deadline)
        return cls(
            occurrence=obligations.Occurrence(log.schedule, log.year, log.period, log.due_date)
        )

    @property
    def what(self) -> str:
        if self.deadline is not None:
            return f"{self.deadline.get_kind_display()} — {self.deadline.phase.name}"
        return f"Báo cáo {report_period_title(self.occurrence.year, self.occurrence.period)}"

    @property
    def phase_name(self) -> str:
        return self.deadline.phase.name if self.deadline is not None else ""

    @property
    def owed_phrase(self) -> str:
        if self.deadline is not None:
            kind = self.deadline.kind
            return OWED_PHRASES.get(kind, self.deadline.get_kind_display())
        title = report_period_title(self.occurrence.year, self.occurrence.period)
        return f"báo cáo kết quả thực hiện công tác cải cách hành chính {title}"

    def unit_url(self) -> str:
        if self.deadline is not None:
            obligation = obligations.obligation_for(self.deadline.kind)
            return obligation.url_for_unit(self.deadline) if obligation else ""
        return obligations.periodic_urls()[0]

    def board_url(self) -> str:
        if self.deadline is not None:
            obligation = obligations.obligation_for(self.deadline.kind)
            return obligation.url_for_board(self.deadline) if obligation else ""
        occurrence = self.occurrence
        query = f"?schedule={occurrence.schedule.pk}&year={occurrence.year}"
        return obligations.periodic_urls()[1] + f"{query}&period={occurrence.period}"

    def due_for(self, unit_id: int) -> datetime.date:
        """The unit's due date: its extension counts for a deadline; a report has none."""
        return self.deadline.due_date_for(unit_id) if self.deadline is not None else self.due

    def still_owes(self, unit_id: int) -> bool:
        if self.deadline is not None:
            return obligations.still_owes(self.deadline, unit_id)
        found = obligations.periodic_owed([self.occurrence], {unit_id}).get(self.occurrence.key)
        return found is not None and unit_id in found.owing

    def log(self, unit_id, kind, offset, channel, day, due) -> ReminderLog:
        occurrence = self.occurrence
        return ReminderLog(
            tenant_id=self.campaign.tenant_id,
            deadline=self.deadline,
            schedule=occurrence.schedule if occurrence else None,
            year=occurrence.year if occurrence else None,
            period=occurrence.period if occurrence else "",
            unit_id=unit_id,
            kind=kind,
            offset=offset,
            channel=channel,
            day=day,
            due_date=due,
        )


def _log_key(log: ReminderLog) -> tuple:
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
        return _log_key(self.log)


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


# --- Writing: the sweep ---


@dataclass
class SweepResult:
    day: datetime.date
    emails_queued: int = 0
    notifications: int = 0
    already_sent: int = 0
    requeued: int = 0


@transaction.atomic
def reminders_sweep(*, day: datetime.date | None = None) -> SweepResult:
    """Write today's reminders and queue their e-mails; what an earlier sweep of the day
    wrote is skipped. A fixed number of queries (PostgreSQL inserts each table in one
    statement; SQLite in batches of its parameter limit)."""
    day = day or timezone.localdate()
    now = timezone.now()
    planned = plan_reminders(day)
    batch = uuid.uuid4()
    for plan in planned:
        plan.log.batch = batch
        if plan.log.channel == Channel.APP:
            plan.log.status, plan.log.sent_at = LogStatus.SENT, now
        elif not plan.log.recipients:
            plan.log.status = LogStatus.FAILED
            plan.log.last_error = _no_address_error()
    ReminderLog.objects.bulk_create([p.log for p in planned], ignore_conflicts=True)
    written = {_log_key(log): log for log in ReminderLog.objects.filter(batch=batch)}
    mine = [p for p in planned if p.key in written]
    for plan in mine:
        plan.log = written[plan.key]
    notifications = notify_each(
        (_notification(plan) for plan in mine if plan.log.channel == Channel.APP), actor=SYSTEM
    )
    to_send = [p.log.pk for p in mine if p.log.status == LogStatus.PENDING]
    stale = list(
        ReminderLog.objects.filter(
            channel=Channel.EMAIL,
            status=LogStatus.PENDING,
            attempts=0,
            created_at__lt=now - STALE_PENDING,
        ).values_list("pk", flat=True)
    )
    _queue_on_commit(to_send + stale)
    return SweepResult(
        day=day,
        emails_queued=len(to_send),
        notifications=len(notifications),
        already_sent=len(planned) - len(mine),
        requeued=len(stale),
    )


def _no_address_error() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _(
            "No e-mail address: the unit has no head or staff with an e-mail, nor one of its own."
        )


def _queue_on_commit(log_ids: list[int]) -> None:
    from .tasks import reminder_deliver_task

    def queue():
        for log_id in log_ids:
            reminder_deliver_task.delay(log_id)

    if log_ids:
        transaction.on_commit(queue)


# --- Writing: one delivery ---


def reminder_deliver(*, log_id: int) -> str:
    """Send one pending e-mail and mark it sent, holding its row: a second task for the same
    row (redelivered, or queued again) waits, then finds it sent. A unit that submitted in
    the meantime is not reminded. SMTP errors propagate (the task retries); the row stays
    pending, its attempt counted by `reminder_attempt_failed`."""
    with transaction.atomic():
        log = (
            ReminderLog.objects.select_for_update(of=("self",))
            .select_related(
                "deadline__phase__campaign__issuing_unit",
                "deadline__phase__campaign__number",
                "deadline__receiving_unit",
                "schedule__campaign__issuing_unit",
                "schedule__campaign__number",
                "schedule__receiving_unit",
                "unit",
            )
            .filter(pk=log_id)
            .first()
        )
        if log is None or log.status != LogStatus.PENDING or log.channel != Channel.EMAIL:
            return log.status if log else "missing"
        if log.kind != Kind.DIGEST and not Topic.of(log).still_owes(log.unit_id):
            log.status = LogStatus.SKIPPED
            log.save(update_fields=["status"])
            return log.status
        reminder_email(log).send()
        log.status = LogStatus.SENT
        log.sent_at = timezone.now()
        log.attempts += 1
        log.save(update_fields=["status", "sent_at", "attempts"])
        return log.status


def reminder_attempt_failed(*, log_id: int, error: str, final: bool) -> None:
    """Count a failed try; after the last one the row is failed, for the administrator."""
    with transaction.atomic():
        log = ReminderLog.objects.select_for_update().filter(pk=log_id).first()
        if log is None or log.status != LogStatus.PENDING:
            return
        log.attempts += 1
        log.last_error = error[:2000]
        if final:
            log.status = LogStatus.FAILED
        log.save(update_fields=["attempts", "last_error", "status"])


@transaction.atomic
def reminder_resend(*, actor: Actor, log: ReminderLog) -> ReminderLog:
    """The tenant administrator sends a failed e-mail again (with fresh tries)."""
    if not rules.can_manage_reminders(actor, log.tenant_id):
        raise PermissionDenied(_("Only the tenant administrator can send a reminder again."))
    log = ReminderLog.objects.select_for_update().get(pk=log.pk)
    if log.status != LogStatus.FAILED or log.channel != Channel.EMAIL:
        raise ValidationError(_("Only a failed e-mail can be sent again."))
    if not log.recipients:
        raise ValidationError(
            _("The unit still has no e-mail address: add one to its head, staff or the unit.")
        )
    log.status = LogStatus.PENDING
    log.attempts = 0
    log.save(update_fields=["status", "attempts"])
    _queue_on_commit([log.pk])
    return log


# --- Messages ---


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def message_context(log: ReminderLog) -> dict:
    topic = Topic.of(log)
    campaign = topic.campaign
    context = {
        "log": log,
        "campaign": campaign,
        "what": topic.what,
        "phase_name": topic.phase_name,
        "unit": log.unit,
        "receiver": topic.receiver,
        "owed": topic.owed_phrase,
        "due": vn_date(log.due_date),
        "days_left": log.offset,
        "days_late": max(-log.offset, 0),
        "plan_number": campaign.number.display if campaign.number else "",
        "plan_subject": subject_after_ve(campaign.title),
        "plan_issued": vn_date(campaign.issued_on) if campaign.issued_on else "",
    }
    if log.kind == Kind.DIGEST:
        late_ids = log.detail.get("late", [])
        names = Unit.objects.in_bulk(late_ids)
        context["late_units"] = [names[pk] for pk in late_ids if pk in names]
        context["expected"] = log.detail.get("expected", 0)
        context["link"] = _site(topic.board_url())
    else:
        context["link"] = _site(topic.unit_url())
    return context


def subject_after_ve(title: str) -> str:
    """A plan's summary as it reads after "về ...": "Phát động phong trào" becomes "phát
    động phong trào"; an acronym ("CCHC ...") keeps its capitals."""
    if len(title) > 1 and title[0].isupper() and title[1].islower():
        return title[0].lower() + title[1:]
    return title


def _subject(context: dict) -> str:
    log, what = context["log"], context["what"]
    if log.kind == Kind.DIGEST:
        return (
            f"{len(context['late_units'])}/{context['expected']} đơn vị chưa nộp: {what}, "
            f"hạn {context['due']}"
        )
    if log.kind == Kind.OVERDUE:
        return f"Quá hạn: {what}, hạn {context['due']}"
    return f"Nhắc hạn: {what}, hạn {context['due']}"


def reminder_email(log: ReminderLog) -> EmailMultiAlternatives:
    """The e-mail of one log row, always in Vietnamese, plain text and HTML. Its Message-ID
    is the row's, so a mail system can tell a copy from a second message."""
    with translation.override("vi"):
        context = message_context(log)
        context["subject"] = _subject(context)
        name = "digest" if log.kind == Kind.DIGEST else "reminder"
        text = render_to_string(f"campaign/emails/{name}.txt", context)
        html = render_to_string(f"campaign/emails/{name}.html", context)
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "localhost"
    message = EmailMultiAlternatives(
        subject=context["subject"],
        body=text,
        to=log.recipients,
        headers={"Message-ID": f"<reminder-{log.pk}-{log.batch}@{domain}>"},
    )
    message.attach_alternative(html, "text/html")
    return message


def _notification(plan: Planned) -> Message:
    """The in-app notification of an in-app reminder, to the users it lists."""
    return Message(
        users=plan.log.recipients,
        tenant=plan.log.tenant_id,
        kind="reminder",
        reminder_id=plan.log.pk,
        **_notification_text(plan),
    )


def _notification_text(plan: Planned) -> dict:
    """Title, body and link of an in-app notification, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _notification_text_now(plan)


def _notification_text_now(plan: Planned) -> dict:
    log, topic = plan.log, plan.topic
    what = topic.what
    if log.kind == Kind.DIGEST:
        title = _("%(late)d of %(expected)d units still owe: %(what)s") % {
            "late": len(plan.late_units),
            "expected": plan.expected,
            "what": what,
        }
        url = topic.board_url()
    else:
        if log.kind == Kind.OVERDUE:
            title = _("Overdue: %(what)s") % {"what": what}
        else:
            title = _("Due %(date)s: %(what)s") % {"date": vn_date(log.due_date), "what": what}
        url = topic.unit_url()
    body = f"{topic.campaign.title} · {plan.unit_name}"
    return {"title": title[:500], "body": body, "url": url}


# --- A reviewer's reminder now ---


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
        ids = found.owing
    participants = Unit.objects.filter(participations__campaign_id=deadline.phase.campaign_id)
    return list(participants.filter(pk__in=ids).order_by("path"))


def manual_preview(deadline: Deadline, units: list[Unit]) -> dict:
    """Which of `units` would be reminded now, and the message the first of them would
    receive (subject, text, recipients)."""
    chosen = {unit.pk for unit in units}
    found = obligations.owed([deadline], chosen).get(deadline.pk) or obligations.Owed()
    owing = [unit for unit in units if unit.pk in found.owing]
    preview = {"owing": owing, "not_owing": [u for u in units if u.pk not in found.owing]}
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
            log.batch, log.requested_by = batch, actor
            if channel == Channel.APP:
                log.recipients = book.users.get(unit.pk, [])
                log.status, log.sent_at = LogStatus.SENT, now
            else:
                log.recipients = book.emails.get(unit.pk, [])
                if not log.recipients:
                    log.status, log.last_error = LogStatus.FAILED, _no_address_error()
            planned.append(Planned(log, topic, unit.name))
    ReminderLog.objects.bulk_create([p.log for p in planned])
    notify_each((_notification(p) for p in planned if p.log.channel == Channel.APP), actor=actor)
    _queue_on_commit(
        [p.log.pk for p in planned if p.log.channel == Channel.EMAIL and p.log.recipients]
    )
    return result


# --- Settings ---


def parse_offsets(text: str) -> list[int]:
    """ "7, 3, 1, 0" → [7, 3, 1, 0]; a clear message for anything else."""
    values = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or int(part) > 60:
            raise ValidationError(
                _("“%(value)s” is not a number of days between 0 and 60.") % {"value": part}
            )
        values.append(int(part))
    if not values:
        raise ValidationError(_("Give at least one day, e.g. 7, 3, 1, 0."))
    if len(values) > 10:
        raise ValidationError(_("At most 10 reminders per deadline."))
    return sorted(set(values), reverse=True)


@transaction.atomic
def reminder_settings_save(
    *, actor: Actor, tenant: Tenant, offsets: list[int], **flags
) -> ReminderSettings:
    if not rules.can_manage_reminders(actor, tenant.pk):
        raise PermissionDenied(_("Only the tenant administrator changes reminder settings."))
    config, _created = ReminderSettings.objects.get_or_create(tenant=tenant)
    config.offsets = sorted(set(offsets), reverse=True)
    for name in ("by_email", "in_app", "overdue_notice", "reviewer_digest"):
        if name in flags:
            setattr(config, name, bool(flags[name]))
    config.save()
    return config
