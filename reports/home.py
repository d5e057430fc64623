"""The periodic reports' part of the home page (campaign.home): the reports the unit has
still to send, late ones first. One query (the schedules come with the page's plans),
whatever the number of plans and periods."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from campaign.home import AHEAD_WINDOW, OVERDUE_WINDOW, Task
from units.models import Membership, Role

from .models import PeriodicReport
from .selectors import reports_for_unit

UNIT_ROLES = (Role.UNIT_STAFF, Role.UNIT_HEAD)


def tasks_for(membership: Membership, today: datetime.date, *, campaigns=None) -> list[Task]:
    """Staff and heads write their unit's reports; a report started but not sent links to
    itself, one not started to the unit's list of reports, where it is opened. `campaigns`:
    the plans reaching the unit with their schedules, when the home page has them."""
    if membership.role not in UNIT_ROLES:
        return []
    tasks = []
    for item in reports_for_unit(membership.unit, today, campaigns=campaigns):
        if item.report is not None and item.report.status == PeriodicReport.Status.SUBMITTED:
            continue
        if not today - OVERDUE_WINDOW <= item.due <= today + AHEAD_WINDOW:
            continue
        if item.report is not None:
            url = reverse("reports:detail", kwargs={"periodicreport_id": item.report.pk})
            action = _("Continue the report")
        else:
            url = reverse("reports:list")
            action = _("Write the report")
        detail = item.campaign.title
        if item.schedule.receiving_unit is not None:
            detail = _("%(plan)s · to %(unit)s") % {
                "plan": item.campaign.title,
                "unit": item.schedule.receiving_unit.name,
            }
        tasks.append(
            Task(
                group="due",
                title=_("Report for %(period)s") % {"period": item.title},
                detail=detail,
                url=url,
                action=action,
                due_date=item.due,
                days_left=(item.due - today).days,
            )
        )
    return tasks
