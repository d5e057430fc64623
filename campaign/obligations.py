"""What each participating unit still owes for a deadline.

A deadline's kind says what is due (a registration, a result report, a periodic report, an
award proposal ...), and the app that keeps those submissions knows who has sent one. Apps
above `campaign` declare, on their AppConfig, one provider per deadline kind, and the page
(a URL name taking `deadline_id`) where the receiving unit's reviewers follow it; a unit's
reminder links to the plan's page, where the unit submits:

    obligations = {
        "registration": {
            "owed": "initiatives.selectors.registration_owed",
            "board_url": "initiatives:board",
        }
    }

A provider takes a list of deadlines (all of its kind), and optionally the ids of the only
units to look at, and returns, in a number of queries that does not grow with the number of
units, `{deadline id: Owed(expected, owing)}`: the units expected to submit and those of them
that have not. Kinds without a provider
(no app keeps their submissions yet) are never reminded: the platform could not tell who has
submitted, and a reminder to a unit that did would be noise.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.urls import reverse
from django.utils.module_loading import import_string

from .models import Campaign, Deadline, DeadlineKind, Participation, ReportSchedule


@dataclass
class Owed:
    expected: set[int] = field(default_factory=set)
    owing: set[int] = field(default_factory=set)


Provider = Callable[[list[Deadline], set[int] | None], dict[int, Owed]]


@dataclass(frozen=True)
class Obligation:
    owed: Provider
    board_url: str = ""

    def url_for_unit(self, deadline: Deadline) -> str:
        return _url("", deadline)

    def url_for_board(self, deadline: Deadline) -> str:
        return _url(self.board_url, deadline)


def _url(name: str, deadline: Deadline) -> str:
    """The page named `name` for the deadline, or else the plan's page."""
    if name:
        return reverse(name, kwargs={"deadline_id": deadline.pk})
    return reverse("campaign:detail", kwargs={"campaign_id": deadline.phase.campaign_id})


def plan_submission_owed(
    deadlines: list[Deadline], unit_ids: set[int] | None = None
) -> dict[int, Owed]:
    """A participating unit owes its own plan until it has launched one based on the
    campaign ("Căn cứ Kế hoạch số ..."); the issuing unit of a plan its own staff compete in
    (seed 001) sent its plan by launching it. Three queries."""
    campaign_ids = {d.phase.campaign_id for d in deadlines}
    participants = participants_by_campaign(campaign_ids, unit_ids)
    issuers = dict(
        Campaign.objects.filter(pk__in=campaign_ids).values_list("pk", "issuing_unit_id")
    )
    for campaign_id, units in participants.items():
        units.discard(issuers.get(campaign_id))
    issued = set(
        Campaign.objects.filter(
            based_on_id__in=campaign_ids, status=Campaign.Status.LAUNCHED
        ).values_list("based_on_id", "issuing_unit_id")
    )
    result = {}
    for deadline in deadlines:
        campaign_id = deadline.phase.campaign_id
        expected = participants.get(campaign_id, set())
        result[deadline.pk] = Owed(
            expected=set(expected),
            owing={unit for unit in expected if (campaign_id, unit) not in issued},
        )
    return result


def participants_by_campaign(
    campaign_ids: Iterable[int], unit_ids: set[int] | None = None
) -> dict[int, set[int]]:
    """{campaign id: ids of its participating units (among `unit_ids`)}: one query."""
    found: dict[int, set[int]] = {}
    rows = Participation.objects.filter(campaign_id__in=list(campaign_ids))
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    rows = rows.values_list("campaign_id", "unit_id")
    for campaign_id, unit_id in rows:
        found.setdefault(campaign_id, set()).add(unit_id)
    return found


@cache
def obligations() -> dict[str, Obligation]:
    found = {DeadlineKind.PLAN_SUBMISSION.value: Obligation(owed=plan_submission_owed)}
    for config in apps.get_app_configs():
        for kind, entry in getattr(config, "obligations", {}).items():
            found[kind] = Obligation(
                owed=import_string(entry["owed"]),
                board_url=entry.get("board_url", ""),
            )
    return found


def obligation_for(kind: str) -> Obligation | None:
    return obligations().get(kind)


def remindable_kinds() -> list[str]:
    return list(obligations())


def owed(deadlines: Iterable[Deadline], unit_ids: set[int] | None = None) -> dict[int, Owed]:
    """{deadline id: Owed} for every deadline whose kind has a provider, looking only at
    `unit_ids` when given; one call per kind. The deadlines need `phase` loaded."""
    by_kind: dict[str, list[Deadline]] = {}
    for deadline in deadlines:
        by_kind.setdefault(deadline.kind, []).append(deadline)
    result: dict[int, Owed] = {}
    for kind, group in by_kind.items():
        obligation = obligation_for(kind)
        if obligation is not None:
            result.update(obligation.owed(group, unit_ids))
    return result


def still_owes(deadline: Deadline, unit_id: int) -> bool:
    found = owed([deadline], {unit_id}).get(deadline.pk)
    return found is not None and unit_id in found.owing


# --- Recurring reports ---


@dataclass(frozen=True)
class Occurrence:
    """One report of a recurring schedule: seed 001's "quý I năm 2024, due 05/3/2024"."""

    schedule: ReportSchedule
    year: int
    period: str
    due: datetime.date

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.schedule.pk, self.year, self.period)


@cache
def _periodic() -> dict | None:
    """The app that keeps periodic reports declares, on its AppConfig
    (`periodic_obligation`), its provider (occurrences and optionally unit ids in,
    {occurrence key: Owed} out) and the URL names of the unit's list and the reviewers'
    dashboard."""
    for config in apps.get_app_configs():
        entry = getattr(config, "periodic_obligation", None)
        if entry:
            return {**entry, "owed": import_string(entry["owed"])}
    return None


def periodic_owed(
    occurrences: list[Occurrence], unit_ids: set[int] | None = None
) -> dict[tuple, Owed]:
    entry = _periodic()
    if entry is None or not occurrences:
        return {}
    return entry["owed"](occurrences, unit_ids)


def periodic_urls() -> tuple[str, str]:
    """(the unit's page of reports, the reviewers' dashboard)."""
    entry = _periodic() or {}
    return tuple(
        reverse(entry[name]) if entry.get(name) else "" for name in ("unit_url", "board_url")
    )


def occurrences_due(dates: set[datetime.date]) -> list[Occurrence]:
    """The reports of launched campaigns' schedules due on one of `dates`: one query."""
    from .selectors import schedule_occurrences

    schedules = ReportSchedule.objects.filter(
        campaign__status=Campaign.Status.LAUNCHED
    ).select_related("campaign__issuing_unit", "campaign__number", "receiving_unit")
    found = []
    for schedule in schedules:
        campaign = schedule.campaign
        for period, year, due in schedule_occurrences(
            schedule, campaign.start_date, campaign.end_date
        ):
            if due in dates:
                found.append(Occurrence(schedule, year, period, due))
    return found
