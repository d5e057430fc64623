"""The awards' part of the home page (campaign.home), for the award officer who holds the
unit's council: the nominations sent to the council and not yet on a session, per plan and
year, and the sessions not yet decided. Two queries, whatever the number of nominations."""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campaign.home import Task
from units.models import Membership, Role

from .models import CouncilSession, Nomination

COUNCIL_ROLES = (Role.AWARD_OFFICER,)


def tasks_for(membership: Membership, today: datetime.date, *, campaigns=None) -> list[Task]:
    if membership.role not in COUNCIL_ROLES:
        return []
    unit = membership.unit
    tasks = []
    waiting = (
        Nomination.objects.filter(tenant_id=unit.tenant_id)
        .filter(unit.subtree_filter("unit__"))
        .filter(status=Nomination.Status.SUBMITTED, votes__isnull=True)
        .values_list("campaign__title", "year")
        .annotate(n=Count("id"))
        .order_by("-year", "campaign__title")
    )
    for plan, year, n in waiting:
        tasks.append(
            Task(
                group="review",
                title=ngettext(
                    "%(n)d nomination waits for the council",
                    "%(n)d nominations wait for the council",
                    n,
                )
                % {"n": n},
                detail=_("%(plan)s · year %(year)s") % {"plan": plan, "year": year},
                url=reverse("awards:council_create"),
                action=_("Hold a council session"),
                count=n,
            )
        )
    sessions = (
        CouncilSession.objects.filter(tenant_id=unit.tenant_id, unit=unit)
        .exclude(status=CouncilSession.Status.DECIDED)
        .select_related("campaign")
        .order_by("held_on", "id")
    )
    for session in sessions:
        open_ = session.status == CouncilSession.Status.OPEN
        tasks.append(
            Task(
                group="review",
                title=_("Council session of %(date)s: %(status)s")
                % {
                    "date": session.held_on.strftime("%d/%m/%Y"),
                    "status": session.get_status_display(),
                },
                detail=session.campaign.title,
                url=reverse("awards:council", kwargs={"councilsession_id": session.pk}),
                action=_("Record the votes") if open_ else _("Prepare the dossier and decision"),
            )
        )
    return tasks
