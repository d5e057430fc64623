"""Reads of nominations: who sees one follows the unit scope (`units.selectors`), and the
person nominated sees their own (their notifications link to it)."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from campaign.models import Campaign
from initiatives.models import Initiative
from units.models import Person, Unit, User
from units.selectors import choosable_people, under_paths, user_scope

from .models import (
    AwardRecord,
    AwardType,
    ConductRecord,
    CouncilBallot,
    CouncilSession,
    CouncilVote,
    Nomination,
    RecognisedInitiative,
    Recognition,
)


def visible_nominations(user: User) -> QuerySet[Nomination]:
    scope = user_scope(user)
    return (
        Nomination.objects.filter(tenant_id=scope.tenant_id)  # type: ignore[misc]  # None: no tenant, no rows
        .filter(scope.unit_filter("unit__") | Q(person__user_id=user.pk))
        .select_related("unit", "person", "award_type", "campaign")
    )


def award_types(tenant_id: int) -> QuerySet[AwardType]:
    return AwardType.objects.filter(tenant_id=tenant_id, is_active=True)


def nominating_campaigns(unit: Unit) -> QuerySet[Campaign]:
    return Campaign.objects.filter(
        status=Campaign.Status.LAUNCHED, participations__unit=unit
    ).order_by("-start_date")


def unit_people(unit: Unit, *, keep: int | None = None) -> QuerySet[Person]:
    """The unit's people in service, plus `keep` (the nominee of an existing nomination)."""
    return choosable_people(unit, keep=[keep] if keep else None)


def conduct_records(person: Person) -> QuerySet[ConductRecord]:
    return person.conduct_records.order_by("-year", "-decided_on", "-pk")


def unit_initiatives(unit: Unit) -> QuerySet[Initiative]:
    """The unit's submitted initiatives, which a nomination can cite with their results; an
    initiative recognised at unit level (`recognition_entry`) is offered whatever its plan."""
    return (
        Initiative.objects.filter(unit=unit)
        .exclude(status=Initiative.Status.DRAFT)
        .select_related("campaign", "recognition_entry__recognition__number")
        .order_by("-created_at")
    )


@dataclass(frozen=True)
class InitiativeUse:
    """A nomination that uses an initiative (`Nomination.objects.using_initiatives`)."""

    nomination_id: int
    label: str  # "Trần Văn An — Chiến sĩ thi đua cơ sở (2025)"


def initiative_uses(
    initiative_ids, *, exclude: int | None = None
) -> dict[int, list[InitiativeUse]]:
    """{initiative id: the nominations that use it}, for `initiative_ids`, leaving out the
    nomination `exclude` (the one being edited): one query."""
    links = Nomination.initiatives.through.objects.filter(
        initiative_id__in=initiative_ids,
        nomination__in=Nomination.objects.using_initiatives(),
    )
    if exclude is not None:
        links = links.exclude(nomination_id=exclude)
    rows = links.values_list(
        "initiative_id",
        "nomination_id",
        "nomination__person__full_name",
        "nomination__unit__name",
        "nomination__award_type__name",
        "nomination__year",
    ).order_by("nomination_id")
    uses: dict[int, list[InitiativeUse]] = defaultdict(list)
    for initiative_id, nomination_id, person, unit, award, year in rows:
        uses[initiative_id].append(
            InitiativeUse(nomination_id, f"{person or unit} — {award} ({year})")
        )
    return uses


def council_candidates(unit: Unit, campaign: Campaign, year: int) -> QuerySet[Nomination]:
    """Nominations of the unit's subtree sent to the council and not yet on a session."""
    return (
        Nomination.objects.filter(unit.subtree_filter("unit__"))
        .filter(campaign=campaign, year=year, status=Nomination.Status.SUBMITTED)
        .exclude(votes__isnull=False)
        .select_related("unit", "person", "award_type")
        .order_by("award_type__subject", "unit__path", "person__full_name", "id")
    )


def visible_sessions(user: User) -> QuerySet[CouncilSession]:
    """A council's sessions are seen by those whose scope covers its unit."""
    scope = user_scope(user)
    return (
        CouncilSession.objects.filter(tenant_id=scope.tenant_id)  # type: ignore[misc]  # None: no tenant, no rows
        .filter(scope.unit_filter("unit__"))
        .select_related("unit", "campaign")
    )


def session_votes(session: CouncilSession) -> QuerySet[CouncilVote]:
    return session.votes.select_related(
        "nomination__unit", "nomination__person", "nomination__award_type"
    ).order_by("nomination__award_type__subject", "nomination__unit__path", "id")


def session_ballots(session: CouncilSession) -> QuerySet[CouncilBallot]:
    """The session's vote on each award, with the rule it follows, in the agenda's order."""
    return session.ballots.select_related("award_type").order_by(
        "award_type__subject", "award_type__name", "id"
    )


def award_history(*, unit: Unit | None = None, person: Person | None = None):
    """The awards of a unit (itself and its people) or of one person, newest first."""
    records = AwardRecord.objects.select_related("unit", "person")
    if person is not None:
        return records.filter(person=person)
    return records.filter(unit=unit)


def nominee_awards(nomination: Nomination, before_year: int) -> QuerySet[AwardRecord]:
    """What the nominee already received, for the achievement report's table."""
    records = AwardRecord.objects.filter(year__lt=before_year)
    if nomination.person_id:
        records = records.filter(person_id=nomination.person_id)
    else:
        records = records.filter(unit_id=nomination.unit_id, person__isnull=True)
    return records.order_by("year", "id")


def council_campaigns(unit: Unit) -> QuerySet[Campaign]:
    """Plans with nominations of the unit's subtree waiting for its council."""
    waiting = Nomination.objects.filter(unit.subtree_filter("unit__")).filter(
        status=Nomination.Status.SUBMITTED
    )
    return Campaign.objects.filter(pk__in=waiting.values("campaign_id")).order_by("-start_date")


def council_default(unit: Unit) -> dict:
    """The plan and year a new session of the unit's council most likely sits for: those of
    the latest nominations of its subtree sent to the council and not yet on a session
    (`campaign` and `year`), or {} when none waits."""
    waiting = (
        Nomination.objects.filter(unit.subtree_filter("unit__"))
        .filter(status=Nomination.Status.SUBMITTED)
        .exclude(votes__isnull=False)
        .order_by("-year", "-campaign__start_date", "campaign_id")
    )
    first = waiting.values("campaign_id", "year").first()
    return {"campaign": first["campaign_id"], "year": first["year"]} if first else {}


def award_proposal_owed(deadlines, unit_ids: set[int] | None = None) -> dict:
    """Participants (among `unit_ids`, when given) that have sent no award proposal for each
    deadline: a unit has sent one when a nomination of its subtree for the plan and the
    deadline's year has gone to the council. Three queries whatever the number of units."""
    from campaign.obligations import Owed, participants_by_campaign

    campaign_ids = {d.phase.campaign_id for d in deadlines}
    participants = participants_by_campaign(campaign_ids, unit_ids)
    paths = dict(
        Unit.objects.filter(pk__in=set().union(*participants.values())).values_list("pk", "path")
    )
    sent = Nomination.objects.filter(campaign_id__in=campaign_ids).exclude(
        status__in=(Nomination.Status.DRAFT, Nomination.Status.WITHDRAWN)
    )
    if unit_ids is not None:
        sent = sent.filter(under_paths(paths.values(), "unit__path"))
    sent_paths: set[tuple[int, int, str]] = set()
    for campaign_id, year, path in (
        sent.order_by().values_list("campaign_id", "year", "unit__path").distinct()
    ):
        # A nomination from below counts for every unit above it.
        sent_paths.update(
            (campaign_id, year, path[:n]) for n in range(Unit.steplen, len(path) + 1, Unit.steplen)
        )
    result = {}
    for deadline in deadlines:
        campaign_id = deadline.phase.campaign_id
        expected = participants.get(campaign_id, set())
        year = deadline.due_date.year
        result[deadline.pk] = Owed(
            expected=set(expected),
            owing={u for u in expected if (campaign_id, year, paths[u]) not in sent_paths},
        )
    return result


# --- Recognition of initiatives ---


def visible_recognitions(user: User) -> QuerySet[Recognition]:
    """A recognition is seen by those whose scope covers the unit that decides it; once
    issued, also by those who see a unit whose initiative it recognises (the decision is
    sent to them: "Nơi nhận: Như Điều 3"). With the number of its initiatives."""
    scope = user_scope(user)
    named = RecognisedInitiative.objects.filter(scope.unit_filter("initiative__unit__")).values(
        "recognition_id"
    )
    return (
        Recognition.objects.filter(tenant_id=scope.tenant_id)  # type: ignore[misc]  # None: no tenant, no rows
        .filter(scope.unit_filter("unit__") | Q(number__isnull=False, pk__in=named))
        .select_related("unit__kind", "number")
        .annotate(initiative_count=Count("entries"))
        .order_by("-decided_on", "-id")
    )


def recognisable_initiatives(
    unit: Unit, recognition: Recognition | None = None
) -> QuerySet[Initiative]:
    """What `unit` may recognise: the initiatives of its subtree applied with effect
    (`InitiativeQuerySet.applied_with_effect`) and on no decision yet, plus those already on
    `recognition` (the draft being changed); by unit, then by name, with their authors."""
    free = Q(recognition_entry__isnull=True)
    if recognition is not None and recognition.pk:
        free |= Q(recognition_entry__recognition=recognition)
    return (
        Initiative.objects.applied_with_effect()
        .filter(unit.subtree_filter("unit__"))
        .filter(free)
        .select_related("unit", "person_in_charge")
        .prefetch_related("authors")
        .order_by("unit__path", "name", "pk")
    )


def recognition_entries(recognition: Recognition) -> QuerySet[RecognisedInitiative]:
    """The annex's lines, by unit then by name, with the authors."""
    return (
        recognition.entries.select_related("initiative__unit", "initiative__person_in_charge")
        .prefetch_related("initiative__authors")
        .order_by("initiative__unit__path", "initiative__name", "id")
    )


def authors_of(initiative: Initiative) -> str:
    """The authors' names (prefetched), or the person in charge when none is listed."""
    names = [person.full_name for person in initiative.authors.all()]
    if not names and initiative.person_in_charge is not None:
        names = [initiative.person_in_charge.full_name]
    return ", ".join(names)
