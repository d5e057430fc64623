"""Reads of nominations: who sees one follows the unit scope (`units.selectors`)."""

from django.db.models import QuerySet

from campaign.models import Campaign
from initiatives.models import Initiative
from units.models import Person, Unit, User
from units.selectors import user_scope

from .models import AwardRecord, AwardType, CouncilSession, CouncilVote, Nomination


def visible_nominations(user: User) -> QuerySet[Nomination]:
    scope = user_scope(user)
    return (
        Nomination.objects.filter(tenant_id=scope.tenant_id)
        .filter(scope.unit_filter("unit__"))
        .select_related("unit", "person", "award_type", "campaign")
    )


def award_types(tenant_id: int) -> QuerySet[AwardType]:
    return AwardType.objects.filter(tenant_id=tenant_id, is_active=True)


def nominating_campaigns(unit: Unit) -> QuerySet[Campaign]:
    return Campaign.objects.filter(
        status=Campaign.Status.LAUNCHED, participations__unit=unit
    ).order_by("-start_date")


def unit_people(unit: Unit) -> QuerySet[Person]:
    return Person.objects.filter(unit=unit).order_by("full_name")


def unit_initiatives(unit: Unit) -> QuerySet[Initiative]:
    """The unit's submitted initiatives, which a nomination can cite with their results."""
    return (
        Initiative.objects.filter(unit=unit)
        .exclude(status=Initiative.Status.DRAFT)
        .select_related("campaign")
        .order_by("-created_at")
    )


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
        CouncilSession.objects.filter(tenant_id=scope.tenant_id)
        .filter(scope.unit_filter("unit__"))
        .select_related("unit", "campaign")
    )


def session_votes(session: CouncilSession) -> QuerySet[CouncilVote]:
    return session.votes.select_related(
        "nomination__unit", "nomination__person", "nomination__award_type"
    ).order_by("nomination__award_type__subject", "nomination__unit__path", "id")


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
