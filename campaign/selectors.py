"""Reads of campaigns shared by views and exports, each in a bounded number of queries.

Who sees a campaign: users whose scope covers its issuing unit (the issuers and the levels
above them) and users whose scope covers a unit that takes part in it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from units.models import Unit, User
from units.selectors import user_scope

from .models import (
    REPORT_PERIOD_LAST_MONTH,
    REPORT_PERIOD_TITLES,
    Campaign,
    Deadline,
    DeadlineKind,
    ExternalPlan,
    Participation,
    Phase,
    ReminderLog,
    ReportSchedule,
)


def plans_to_build_on(unit: Unit) -> QuerySet[Campaign]:
    """Launched plans of the units above `unit`, which a plan of its own may implement."""
    steplen = unit.steplen
    ancestor_paths = [unit.path[:i] for i in range(steplen, len(unit.path), steplen)]
    return Campaign.objects.filter(
        tenant_id=unit.tenant_id,
        status=Campaign.Status.LAUNCHED,
        issuing_unit__path__in=ancestor_paths,
    ).select_related("issuing_unit", "number")


def receiving_units(campaign: Campaign, *, keep: int | None = None) -> QuerySet[Unit]:
    """The units that can receive what a plan's deadlines ask for: the issuing unit and the
    offices below it (not the schools: UnitKind.is_school), active; `keep` (the unit already
    chosen on a row being edited) stays in the list."""
    unit = campaign.issuing_unit
    can_receive = (
        unit.subtree_filter()
        & Q(status=Unit.Status.ACTIVE)
        & (Q(pk=unit.pk) | Q(kind__is_school=False))
    )
    if keep is not None:
        can_receive |= Q(pk=keep)
    return Unit.objects.filter(can_receive, tenant_id=campaign.tenant_id).order_by("path")


def external_plans(tenant_id: int) -> QuerySet[ExternalPlan]:
    """The tenant's upper-level plans recorded from outside, each with its deadlines."""
    return ExternalPlan.objects.filter(tenant_id=tenant_id).prefetch_related("deadlines")


def visible_campaigns(user: User) -> QuerySet[Campaign]:
    scope = user_scope(user)
    participates = Participation.objects.filter(campaign=OuterRef("pk")).filter(
        scope.unit_filter("unit__")
    )
    # A unit that receives a deadline's submissions (a Sở's division receiving the schools'
    # Mẫu 1) sees the plan even when it does not take part itself.
    receives = Deadline.objects.filter(phase__campaign=OuterRef("pk")).filter(
        scope.unit_filter("receiving_unit__")
    )
    issued_in_scope = scope.unit_filter("issuing_unit__")
    # The unit whose plan it implements reads it too (told so when it is launched).
    launched_to_scope = Q(status=Campaign.Status.LAUNCHED) & (
        Q(Exists(participates))
        | Q(Exists(receives))
        | scope.unit_filter("based_on__issuing_unit__")
    )
    return (
        Campaign.objects.filter(tenant_id=scope.tenant_id)  # type: ignore[misc]  # None: no tenant, no rows
        .filter(issued_in_scope | launched_to_scope)
        .select_related("issuing_unit", "number", "based_on")
    )


def _schedule_prefetches():
    """Phases with their deadlines and the report schedules, each with its receiving unit."""
    deadlines = Deadline.objects.select_related("receiving_unit")
    return (
        Prefetch(
            "phases", queryset=Phase.objects.prefetch_related(Prefetch("deadlines", deadlines))
        ),
        Prefetch(
            "report_schedules", queryset=ReportSchedule.objects.select_related("receiving_unit")
        ),
    )


def campaign_detail(campaign_id: int, user: User) -> Campaign:
    """The campaign with everything its page shows, or DoesNotExist outside the scope."""
    return (
        visible_campaigns(user)
        .prefetch_related(
            *_schedule_prefetches(),
            "targets__indicator",
            "participant_kinds",
        )
        .select_related("based_on_external")
        .get(pk=campaign_id)
    )


@dataclass(frozen=True)
class DueItem:
    """One thing a unit owes by a date: a deadline or an occurrence of a report schedule."""

    campaign: Campaign
    kind: str
    label: str
    due_date: datetime.date
    receiving_unit: Unit | None
    deadline: Deadline | None = None
    # True once the unit has sent what is due (known for the kinds an app keeps).
    submitted: bool = False

    def days_left(self, today: datetime.date) -> int:
        return (self.due_date - today).days


def report_period_title(year: int, period: str) -> str:
    """ "quý I năm 2024", "06 tháng năm 2024", "năm 2024" (not "năm năm 2024")."""
    title = REPORT_PERIOD_TITLES[period]
    return f"năm {year}" if title == "năm" else f"{title} năm {year}"


def schedule_occurrences(schedule: ReportSchedule, start: datetime.date, end: datetime.date):
    """Each (period, due date) of a recurring report rule between `start` and `end`."""
    for year in range(start.year, end.year + 1):
        for period in schedule.periods:
            month = REPORT_PERIOD_LAST_MONTH[period]
            if schedule.due_month == ReportSchedule.DueMonth.NEXT_MONTH:
                year_of_due, month = (year + 1, 1) if month == 12 else (year, month + 1)
            else:
                year_of_due = year
            due = datetime.date(year_of_due, month, schedule.due_day)
            if start <= due <= end + datetime.timedelta(days=40):
                yield period, year, due


def campaigns_reaching_unit(unit: Unit) -> list[Campaign]:
    """Launched campaigns the unit takes part in, with their schedules: four queries."""
    return list(
        Campaign.objects.filter(status=Campaign.Status.LAUNCHED, participations__unit=unit)
        .select_related("issuing_unit", "number")
        .prefetch_related(
            *_schedule_prefetches(),
        )
        .order_by("-start_date")
    )


def due_items(campaigns: list[Campaign], *, since: datetime.date) -> list[DueItem]:
    """Everything due on or after `since` in these (prefetched) campaigns, soonest first."""
    items = []
    for campaign in campaigns:
        for phase in campaign.phases.all():
            for deadline in phase.deadlines.all():
                if deadline.due_date >= since:
                    items.append(
                        DueItem(
                            campaign,
                            deadline.kind,
                            f"{deadline.get_kind_display()} — {phase.name}",
                            deadline.due_date,
                            deadline.receiving_unit,
                            deadline,
                        )
                    )
        for schedule in campaign.report_schedules.all():
            for period, year, due in schedule_occurrences(
                schedule, campaign.start_date, campaign.end_date
            ):
                if due >= since:
                    items.append(
                        DueItem(
                            campaign,
                            DeadlineKind.PERIODIC_REPORT,
                            f"Báo cáo {report_period_title(year, period)}",
                            due,
                            schedule.receiving_unit,
                        )
                    )
    return sorted(items, key=lambda item: item.due_date)


def due_items_for_unit(
    campaigns: list[Campaign], unit: Unit, *, since: datetime.date
) -> list[DueItem]:
    """`due_items`, each marked `submitted` when the unit has already sent it: a few
    queries per deadline kind, whatever the number of deadlines."""
    from dataclasses import replace

    from .obligations import owed

    items = due_items(campaigns, since=since)
    found = owed([item.deadline for item in items if item.deadline], {unit.pk})
    return [
        replace(item, submitted=unit.pk not in found[item.deadline.pk].owing)
        if item.deadline and item.deadline.pk in found
        else item
        for item in items
    ]


def current_phase(campaign: Campaign, today: datetime.date) -> Phase | None:
    for phase in campaign.phases.all():
        if phase.start_date <= today <= phase.end_date:
            return phase
    return None


def due_date_for(deadline: Deadline, unit: Unit) -> datetime.date:
    """`Deadline.due_date_for`, as a function of both."""
    return deadline.due_date_for(unit)


def closes_at_for(deadline: Deadline, unit: Unit) -> datetime.datetime:
    """`Deadline.closes_at_for`, as a function of both."""
    return deadline.closes_at_for(unit)


# --- Reminders ---


def failed_reminders(tenant_id: int, limit: int = 200) -> list[ReminderLog]:
    """The tenant's e-mails that could not be delivered, newest first: two queries."""
    return list(
        ReminderLog.objects.filter(
            tenant_id=tenant_id, status=ReminderLog.Status.FAILED, channel=ReminderLog.Channel.EMAIL
        )
        .select_related("unit", "deadline__phase__campaign", "schedule__campaign")
        .order_by("-created_at", "-id")[:limit]
    )


def reminder_counts(tenant_id: int, since: datetime.date) -> dict[str, int]:
    """How many reminders of the tenant are in each status since `since`: one query."""
    rows = (
        ReminderLog.objects.filter(tenant_id=tenant_id, day__gte=since)
        .values_list("status")
        .annotate(n=Count("id"))
    )
    return dict(rows)
