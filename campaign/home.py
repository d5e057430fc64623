"""What the person must do next, for the home page: one list of tasks for the acting
membership, in a number of queries that does not grow with the tree or the rows.

Each app keeps its own part of the work, so each app answers for it: an AppConfig above
`campaign` declares `home_tasks = "<app>.home.tasks_for"`, a function taking the acting
membership, today's date and (keyword `campaigns`) the launched plans reaching the unit, with
their phases, deadlines and report schedules prefetched, and returning a list of `Task`.
This module adds the plan deadlines the unit still owes (the kinds an app can tell apart as
sent or not) and sorts the whole by urgency:

1. items returned to the unit, with the reviewer's comment (they block everything else);
2. what is due, soonest first (plan deadlines, periodic reports), with the days left;
3. what waits for this person's decision (items to review, nominations for the council).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from units.models import Membership

# How far back an unsent obligation is still shown (late, but still owed).
OVERDUE_WINDOW = datetime.timedelta(days=60)
# How far ahead a deadline is worth showing on the home page.
AHEAD_WINDOW = datetime.timedelta(days=120)


@dataclass
class Task:
    """One thing to do. `group` orders the list: "returned", "due" or "review"."""

    group: str
    title: str
    url: str
    action: str
    detail: str = ""
    comment: str = ""
    due_date: datetime.date | None = None
    days_left: int | None = None
    count: int | None = None

    @property
    def is_late(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def days_late(self) -> int:
        return -self.days_left if self.is_late else 0


GROUPS = ("returned", "due", "review")


@cache
def _providers():
    return [
        import_string(config.home_tasks)
        for config in apps.get_app_configs()
        if getattr(config, "home_tasks", "")
    ]


def deadline_tasks(membership: Membership, today: datetime.date, campaigns=None) -> list[Task]:
    """The plan deadlines the acting unit has not yet met (periodic reports are the reports
    app's), in `campaigns` (those reaching the unit when not given): a few queries per
    deadline kind, whatever the number of deadlines."""
    from django.urls import reverse

    from .selectors import campaigns_reaching_unit, due_items_for_unit

    unit = membership.unit
    if campaigns is None:
        campaigns = campaigns_reaching_unit(unit)
    tasks = []
    for item in due_items_for_unit(campaigns, unit, since=today - OVERDUE_WINDOW):
        if item.deadline is None or item.submitted or item.due_date > today + AHEAD_WINDOW:
            continue
        late = item.due_date < today
        if late and not _still_tracked(item):
            continue
        detail = item.campaign.title
        if item.receiving_unit is not None:
            detail = _("%(plan)s · to %(unit)s") % {
                "plan": item.campaign.title,
                "unit": item.receiving_unit.name,
            }
        tasks.append(
            Task(
                group="due",
                title=item.label,
                detail=detail,
                url=reverse("campaign:detail", kwargs={"campaign_id": item.campaign.pk}),
                action=_("Open the plan"),
                due_date=item.due_date,
                days_left=item.days_left(today),
            )
        )
    return tasks


def _still_tracked(item) -> bool:
    """A late deadline stays on the list only when an app can tell whether it was sent
    (else nothing says the unit still owes it)."""
    from .obligations import obligation_for

    return obligation_for(item.kind) is not None


def tasks_for(
    membership: Membership | None, today: datetime.date, *, campaigns=None
) -> dict[str, list[Task]]:
    """{group: tasks} for the acting membership, every group present, each sorted;
    `campaigns`: the launched plans reaching the unit, when the caller has them already."""
    found: dict[str, list[Task]] = {group: [] for group in GROUPS}
    if membership is None:
        return found
    if campaigns is None:
        from .selectors import campaigns_reaching_unit

        campaigns = campaigns_reaching_unit(membership.unit)
    tasks = deadline_tasks(membership, today, campaigns)
    for provider in _providers():
        tasks += provider(membership, today, campaigns=campaigns)
    for task in tasks:
        found[task.group].append(task)
    far = datetime.date.max
    found["due"].sort(key=lambda task: (task.due_date or far, task.title))
    found["review"].sort(key=lambda task: (task.due_date or far, task.title))
    return found
