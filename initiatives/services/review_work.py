"""Each reviewer's morning reminder of their own work (issue 20): the items assigned to them
and not yet scored, the registrations (Mẫu 1) and result reports (Mẫu 2) their unit
received that have waited for a decision longer than the tenant's `review_wait_days`, and
the plans whose review deadline is near. One `REVIEW_WORK` notification per reviewer per
day, never one per item; a reviewer with nothing waiting gets nothing.

`review_work_remind` runs for every tenant at once (Celery beat, before the digest run, so
that a reviewer who takes it by digest finds it in the same morning's e-mail) in a fixed
number of queries whatever the number of items, reviewers and tenants. Each count is read
within the item's tenant: a reviewer counts only items of their own tenant.

Never twice: a `ReviewWorkReminder` row unique per (reviewer, day) is inserted before the
notifications, skipping conflicts; only the reviewers whose row this run wrote are told, so a
second run the same day, or two runs at once, write nothing more.

The review deadline of a level is when its unit must have decided and passed its list on:
the deadline of the same kind of the plan above that the list goes to (the first due on or
after this one, as `selectors.upper_deadline_for` picks it), else the end of the phase. It
is near from as many days before as the tenant's first reminder (`ReminderSettings.offsets`).

Only plans still running (their period not ended) count: a closed plan's leftovers would
otherwise be recalled every morning for ever.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from campaign.models import (
    DEFAULT_REMINDER_OFFSETS,
    DEFAULT_REVIEW_WAIT_DAYS,
    Deadline,
    DeadlineKind,
    EvaluationCriterion,
    ReminderSettings,
)
from core.dates import local_datetime
from initiatives.models import (
    Initiative,
    InitiativeEvent,
    ResultReport,
    ReviewAssignment,
    ReviewWorkReminder,
    Score,
)
from notifications.kinds import Kind
from notifications.services import Message, notify_each
from units.models import Membership
from units.permissions import SYSTEM
from units.selectors import unit_reviewers_users

from .notices import plan_reference, thousands

Status = Initiative.Status
Action = InitiativeEvent.Action


@dataclass
class DeadlineWork:
    """One reviewer's work under one review deadline."""

    unscored: int = 0
    registrations_late: int = 0
    results_late: int = 0
    # Anything at all waiting there (a decision, however recent, or a score).
    open: bool = False

    @property
    def late(self) -> int:
        return self.registrations_late + self.results_late


@dataclass
class ReviewWorkRun:
    """What a run told: the reviewers, and the sums of their counts (an item waiting at a
    unit with three reviewers counts three times)."""

    day: datetime.date
    reviewers: int = 0
    unscored: int = 0
    waiting: int = 0
    approaching: int = 0
    skipped: int = 0  # reminded already that day


@dataclass
class _Tenant:
    wait_days: int = DEFAULT_REVIEW_WAIT_DAYS
    lead_days: int = max(DEFAULT_REMINDER_OFFSETS)


@dataclass
class _Reviewer:
    tenant_id: int
    deadlines: dict[int, DeadlineWork] = field(default_factory=lambda: defaultdict(DeadlineWork))


@dataclass
class _Plan:
    """What one reviewer will be told: a line per review deadline, and the totals."""

    wait_days: int
    rows: list[str] = field(default_factory=list)
    deadline_ids: list[int] = field(default_factory=list)
    totals: tuple[int, int, int] = (0, 0, 0)


def _due(deadline: Deadline) -> tuple[datetime.date, int]:
    return deadline.review_due, deadline.pk  # type: ignore[attr-defined]


def _tenant_settings() -> dict[int, _Tenant]:
    return {
        tenant_id: _Tenant(wait_days, max(offsets or DEFAULT_REMINDER_OFFSETS))
        for tenant_id, wait_days, offsets in ReminderSettings.objects.values_list(
            "tenant_id", "review_wait_days", "offsets"
        )
    }


def _cutoff(day: datetime.date, wait_days: int) -> datetime.datetime:
    """Submitted before this instant, an item has waited more than `wait_days` whole days on
    the morning of `day` (sent on the 1st, it is counted from the morning of the 7th with 5)."""
    return local_datetime(day - datetime.timedelta(days=wait_days))


def _cutoff_of(tenant_ref: str, day: datetime.date, tenants: dict[int, _Tenant]) -> Case:
    return Case(
        *(
            When(**{tenant_ref: tenant_id}, then=Value(_cutoff(day, t.wait_days)))
            for tenant_id, t in tenants.items()
        ),
        default=Value(_cutoff(day, DEFAULT_REVIEW_WAIT_DAYS)),
    )


def _unscored(day: datetime.date):
    """(reviewer, tenant, review deadline, items) of the items accepted at their level,
    assigned to the reviewer, who has not scored every criterion of that level's plan."""
    plan = "initiative__review_deadline__phase__campaign_id"
    criteria = (
        EvaluationCriterion.objects.filter(campaign_id=OuterRef(plan))
        .order_by()
        .values("campaign_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    scored = (
        Score.objects.filter(
            initiative_id=OuterRef("initiative_id"),
            reviewer_id=OuterRef("reviewer_id"),
            criterion__campaign_id=OuterRef(plan),
        )
        .order_by()
        .values("initiative_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        ReviewAssignment.objects.filter(
            initiative__status=Status.ACCEPTED,
            initiative__review_deadline__phase__campaign__end_date__gte=day,
            reviewer__is_active=True,
            reviewer__tenant_id=F("initiative__tenant_id"),
        )
        .annotate(criteria=Coalesce(Subquery(criteria), 0), scored=Coalesce(Subquery(scored), 0))
        .filter(criteria__gt=F("scored"))
        .values_list("reviewer_id", "initiative__tenant_id", "initiative__review_deadline_id")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _waiting(day: datetime.date, tenants: dict[int, _Tenant]):
    """(tenant, review deadline, receiving unit, item's unit, submitted, of them waiting too
    long) of the registrations waiting for a decision, since their last submission (or
    forward)."""
    since = Subquery(
        InitiativeEvent.objects.filter(initiative_id=OuterRef("pk"), to_status=Status.SUBMITTED)
        .order_by("-created_at", "-id")
        .values("created_at")[:1]
    )
    return (
        Initiative.objects.filter(
            status=Status.SUBMITTED,
            review_deadline__receiving_unit__isnull=False,
            review_deadline__phase__campaign__end_date__gte=day,
        )
        .annotate(since=Coalesce(since, F("submitted_at")))
        .values_list(
            "tenant_id", "review_deadline_id", "review_deadline__receiving_unit_id", "unit_id"
        )
        .annotate(
            total=Count("pk"),
            late=Count("pk", filter=Q(since__lt=_cutoff_of("tenant_id", day, tenants))),
        )
        .order_by()
    )


def _results_waiting(day: datetime.date, tenants: dict[int, _Tenant]):
    """The same for the result reports (Mẫu 2), since their last submission."""
    since = Subquery(
        InitiativeEvent.objects.filter(
            initiative_id=OuterRef("initiative_id"), action=Action.RESULT_SUBMIT
        )
        .order_by("-created_at", "-id")
        .values("created_at")[:1]
    )
    return (
        ResultReport.objects.filter(
            status=Status.SUBMITTED,
            deadline__receiving_unit__isnull=False,
            deadline__phase__campaign__end_date__gte=day,
        )
        .annotate(since=Coalesce(since, F("submitted_at")))
        .values_list(
            "initiative__tenant_id",
            "deadline_id",
            "deadline__receiving_unit_id",
            "initiative__unit_id",
        )
        .annotate(
            total=Count("pk"),
            late=Count("pk", filter=Q(since__lt=_cutoff_of("initiative__tenant_id", day, tenants))),
        )
        .order_by()
    )


def _deadlines(ids) -> dict[int, Deadline]:
    """The review deadlines, each with `review_due`: the upper plan's deadline of the same
    kind due on or after it, else its phase's end."""
    upper = (
        Deadline.objects.filter(
            phase__campaign_id=OuterRef("phase__campaign__based_on_id"),
            kind=OuterRef("kind"),
            due_date__gte=OuterRef("due_date"),
        )
        .order_by("due_date", "id")
        .values("due_date")[:1]
    )
    return {
        deadline.pk: deadline
        for deadline in Deadline.objects.filter(pk__in=ids)
        .select_related("phase__campaign__number")
        .annotate(review_due=Coalesce(Subquery(upper), F("phase__end_date")))
    }


def _memberships(user_ids: set[int], unit_ids: set[int]) -> set[tuple[int, int]]:
    """(user, unit) of the memberships of `user_ids` at `unit_ids`: one query, or none."""
    if not user_ids or not unit_ids:
        return set()
    return set(
        Membership.objects.filter(user_id__in=user_ids, unit_id__in=unit_ids).values_list(
            "user_id", "unit_id"
        )
    )


def _gather(day: datetime.date, tenants: dict[int, _Tenant]) -> dict[int, _Reviewer]:
    """Each reviewer's work, by review deadline."""
    reviewers: dict[int, _Reviewer] = {}

    def work(user_id: int, tenant_id: int, deadline_id: int) -> DeadlineWork:
        reviewer = reviewers.setdefault(user_id, _Reviewer(tenant_id))
        return reviewer.deadlines[deadline_id]

    for user_id, tenant_id, deadline_id, n in _unscored(day):
        entry = work(user_id, tenant_id, deadline_id)
        entry.unscored += n
        entry.open = True
    registrations = list(_waiting(day, tenants))
    results = list(_results_waiting(day, tenants))
    units = {row[2] for row in registrations} | {row[2] for row in results}
    people = unit_reviewers_users(sorted(units)) if units else {}
    # No one decides on the items of their own unit (rules.decides_on).
    own = _memberships(
        {pk for ids in people.values() for pk in ids},
        {row[3] for row in registrations} | {row[3] for row in results},
    )
    for rows, attribute in ((registrations, "registrations_late"), (results, "results_late")):
        for tenant_id, deadline_id, unit_id, item_unit_id, total, late in rows:
            for user_id in people.get(unit_id, ()):
                if (user_id, item_unit_id) in own:
                    continue
                entry = work(user_id, tenant_id, deadline_id)
                setattr(entry, attribute, getattr(entry, attribute) + late)
                entry.open = entry.open or total > 0
    return reviewers


# --- The words ---


def _days(n: int) -> str:
    return "hôm nay" if n == 0 else f"còn {n} ngày"


def _line(deadline: Deadline, work: DeadlineWork, wait_days: int, left: int | None) -> str:
    """One review deadline's part of the message; `left`: days to its review deadline, when near."""
    parts = []
    if work.unscored:
        parts.append(f"{thousands(work.unscored)} mô hình anh/chị được phân công chưa chấm điểm")
    if work.registrations_late:
        parts.append(
            f"{thousands(work.registrations_late)} bản đăng ký (Mẫu 1) chờ quyết định "
            f"quá {wait_days} ngày"
        )
    if work.results_late:
        parts.append(
            f"{thousands(work.results_late)} báo cáo kết quả (Mẫu 2) chờ quyết định "
            f"quá {wait_days} ngày"
        )
    if left is not None:
        due = deadline.review_due  # type: ignore[attr-defined]
        parts.append(f"hạn xét duyệt ngày {due:%d/%m/%Y} ({_days(left)})")
    what = DeadlineKind(deadline.kind).label
    link = settings.SITE_URL.rstrip("/") + reverse(
        "initiatives:board", kwargs={"deadline_id": deadline.pk}
    )
    plan = plan_reference(deadline.phase.campaign)
    return f"• {plan} — {deadline.phase.name}, {what}: " + "; ".join(parts) + f".\n  Xem: {link}"


def _message(user_id: int, tenant_id: int, plan: _Plan) -> Message:
    rows, (unscored, waiting, near), wait_days = plan.rows, plan.totals, plan.wait_days
    counts = []
    if unscored:
        counts.append(f"{thousands(unscored)} mô hình chưa chấm điểm")
    if waiting:
        counts.append(f"{thousands(waiting)} hồ sơ chờ quyết định quá {wait_days} ngày")
    if near:
        counts.append(f"{near} hạn xét duyệt sắp đến")
    title = "Việc chờ anh/chị xem xét: " + ", ".join(counts)
    body = (
        "Chào anh/chị, đây là những việc xem xét đang chờ anh/chị:\n"
        + "\n".join(rows)
        + "\nAnh/chị nhận tin này mỗi sáng khi còn việc chờ; "
        "khi đã chấm điểm và quyết định xong sẽ không nhận nữa."
    )
    # One plan: its review board; several: the home page, which lists each board.
    if len(plan.deadline_ids) == 1:
        url = reverse("initiatives:board", kwargs={"deadline_id": plan.deadline_ids[0]})
    else:
        url = reverse("home")
    return Message(
        users=[user_id], tenant=tenant_id, kind=Kind.REVIEW_WORK, title=title, body=body, url=url
    )


@transaction.atomic
def review_work_remind(*, day: datetime.date | None = None) -> ReviewWorkRun:
    """Tell every reviewer with work waiting, once for `day` (today by default): one
    REVIEW_WORK notification each, delivered by their channel for that kind. A fixed number
    of queries whatever the number of items and reviewers."""
    day = day or timezone.localdate()
    result = ReviewWorkRun(day=day)
    tenants = _tenant_settings()
    reviewers = _gather(day, tenants)
    if not reviewers:
        return result
    deadlines = _deadlines({pk for r in reviewers.values() for pk in r.deadlines})
    planned: dict[int, _Plan] = {}
    for user_id, reviewer in reviewers.items():
        config = tenants.get(reviewer.tenant_id, _Tenant())
        plan = _Plan(wait_days=config.wait_days)
        unscored = waiting = near = 0
        for deadline_id in sorted(reviewer.deadlines, key=lambda pk: _due(deadlines[pk])):
            work, deadline = reviewer.deadlines[deadline_id], deadlines[deadline_id]
            left = (_due(deadline)[0] - day).days
            is_near = work.open and 0 <= left <= config.lead_days
            if not (work.unscored or work.late or is_near):
                continue
            plan.rows.append(_line(deadline, work, config.wait_days, left if is_near else None))
            plan.deadline_ids.append(deadline_id)
            unscored += work.unscored
            waiting += work.late
            near += is_near
        if plan.rows:
            plan.totals = (unscored, waiting, near)
            planned[user_id] = plan
    if not planned:
        return result
    batch = uuid.uuid4()
    ReviewWorkReminder.objects.bulk_create(
        [
            ReviewWorkReminder(
                tenant_id=reviewers[user_id].tenant_id,
                user_id=user_id,
                day=day,
                unscored=plan.totals[0],
                waiting=plan.totals[1],
                approaching=plan.totals[2],
                batch=batch,
            )
            for user_id, plan in planned.items()
        ],
        ignore_conflicts=True,
    )
    mine = set(ReviewWorkReminder.objects.filter(batch=batch).values_list("user_id", flat=True))
    result.skipped = len(planned) - len(mine)
    messages = []
    for user_id in sorted(mine):
        plan = planned[user_id]
        messages.append(_message(user_id, reviewers[user_id].tenant_id, plan))
        result.reviewers += 1
        result.unscored += plan.totals[0]
        result.waiting += plan.totals[1]
        result.approaching += plan.totals[2]
    notify_each(messages, actor=SYSTEM, email=True)
    return result
