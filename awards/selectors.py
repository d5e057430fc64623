"""Reads of nominations: who sees one follows the unit scope (`units.selectors`)."""

from django.db.models import QuerySet

from campaign.models import Campaign
from initiatives.models import Initiative
from units.models import Person, Unit, User
from units.selectors import user_scope

from .models import AwardType, Nomination


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
