"""The initiatives' part of the home page (campaign.home): items returned to the unit with
the reviewer's comment, and the items waiting for a reviewer's decision. Four queries at
most, whatever the number of items."""

from __future__ import annotations

import datetime

from django.db.models import Count, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campaign.home import Task
from units.models import Membership, Role

from .models import Initiative, InitiativeEvent, ResultReport

Status = Initiative.Status
Action = InitiativeEvent.Action
UNIT_ROLES = (Role.UNIT_STAFF, Role.UNIT_HEAD)
REVIEW_ROLES = (Role.REVIEWER, Role.TENANT_ADMIN)


def _last_comment(action: str, initiative_ref: str) -> Subquery:
    return Subquery(
        InitiativeEvent.objects.filter(initiative_id=OuterRef(initiative_ref), action=action)
        .order_by("-created_at", "-id")
        .values("comment")[:1]
    )


def returned_tasks(membership: Membership) -> list[Task]:
    """Registrations (Mẫu 1) and result reports (Mẫu 2) of the unit sent back for revision,
    each with the last return's comment: two queries."""
    unit = membership.unit
    tasks = []
    items = (
        Initiative.objects.filter(tenant_id=unit.tenant_id, unit=unit, status=Status.RETURNED)
        .annotate(comment=_last_comment(Action.RETURN, "pk"))
        .only("id", "name")
        .order_by("-updated_at", "-id")
    )
    for item in items:
        tasks.append(
            Task(
                group="returned",
                title=item.name or _("(untitled)"),
                detail=_("Registration (Mẫu 1) returned for revision"),
                comment=item.comment or "",
                url=reverse("initiatives:edit", kwargs={"initiative_id": item.pk}),
                action=_("Revise and resubmit"),
            )
        )
    reports = (
        ResultReport.objects.filter(
            initiative__tenant_id=unit.tenant_id, initiative__unit=unit, status=Status.RETURNED
        )
        .annotate(comment=_last_comment(Action.RESULT_RETURN, "initiative_id"))
        .values_list("initiative_id", "initiative__name", "comment")
        .order_by("-updated_at", "-id")
    )
    for initiative_id, name, comment in reports:
        tasks.append(
            Task(
                group="returned",
                title=name or _("(untitled)"),
                detail=_("Result report (Mẫu 2) returned for revision"),
                comment=comment or "",
                url=reverse("initiatives:result", kwargs={"initiative_id": initiative_id}),
                action=_("Revise and resubmit"),
            )
        )
    return tasks


def review_tasks(membership: Membership, today: datetime.date) -> list[Task]:
    """Per deadline received by the acting unit, how many registrations and result reports
    wait for a decision, with a link to the deadline's board: two queries."""
    unit = membership.unit
    fields = ("due_date", "kind", "phase__name", "phase__campaign__title")
    waiting = {}
    registrations = (
        Initiative.objects.filter(
            tenant_id=unit.tenant_id,
            status=Status.SUBMITTED,
            review_deadline__receiving_unit=unit,
        )
        .values_list("review_deadline_id", *(f"review_deadline__{f}" for f in fields))
        .annotate(n=Count("id"))
        .order_by()
    )
    results = (
        ResultReport.objects.filter(
            initiative__tenant_id=unit.tenant_id,
            status=Status.SUBMITTED,
            deadline__receiving_unit=unit,
        )
        .values_list("deadline_id", *(f"deadline__{f}" for f in fields))
        .annotate(n=Count("id"))
        .order_by()
    )
    for deadline_id, due, kind, phase, plan, n in [*registrations, *results]:
        entry = waiting.setdefault(deadline_id, [due, kind, phase, plan, 0])
        entry[4] += n
    from campaign.models import DeadlineKind

    tasks = []
    for deadline_id, (due, kind, phase, plan, n) in waiting.items():
        tasks.append(
            Task(
                group="review",
                title=ngettext(
                    "%(n)d item waits for your decision",
                    "%(n)d items wait for your decision",
                    n,
                )
                % {"n": n},
                detail=f"{DeadlineKind(kind).label} — {phase} · {plan}",
                url=reverse("initiatives:board", kwargs={"deadline_id": deadline_id}),
                action=_("Open the review board"),
                due_date=due,
                days_left=(due - today).days,
                count=n,
            )
        )
    return tasks


def tasks_for(membership: Membership, today: datetime.date, *, campaigns=None) -> list[Task]:
    tasks = []
    if membership.role in UNIT_ROLES:
        tasks += returned_tasks(membership)
    if membership.role in REVIEW_ROLES:
        tasks += review_tasks(membership, today)
    return tasks
