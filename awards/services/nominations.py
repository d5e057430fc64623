"""A unit's nominations: a draft changes, then goes to the council once eligible (the
initiatives it holds locked so that two nominations cannot both take one)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from awards import rules
from awards.models import (
    AwardType,
    Nomination,
    recognised_filter,
)
from campaign.models import Campaign, Participation
from initiatives.models import Initiative
from units.models import Person, Unit
from units.permissions import Actor, as_user

from .eligibility import eligibility_reasons, used_reason


def _check_parts(*, unit: Unit, campaign: Campaign, award_type: AwardType, person, initiatives):
    if award_type.tenant_id != unit.tenant_id or campaign.tenant_id != unit.tenant_id:
        raise ValidationError(_("The award or the plan belongs to another tenant."))
    if not Participation.objects.filter(campaign=campaign, unit=unit).exists():
        raise ValidationError(_("%(unit)s does not take part in this plan.") % {"unit": unit})
    if person is not None and person.unit_id != unit.pk:
        raise ValidationError(_("The person nominated must belong to the unit."))
    # A recognised initiative supports an award whatever plan it was registered under.
    recognised = set(
        Initiative.objects.filter(pk__in=[i.pk for i in initiatives])
        .filter(recognised_filter())
        .values_list("pk", flat=True)
    )
    for item in initiatives:
        if item.unit_id != unit.pk or (
            item.campaign_id != campaign.pk and item.pk not in recognised
        ):
            raise ValidationError(
                _(
                    "Only the unit's initiatives of this plan, or its initiatives recognised at "
                    "unit level, can be linked."
                )
            )


def _check_unused(*, award_type: AwardType, initiatives, nomination: Nomination | None):
    """An initiative used by another nomination (`Nomination.objects.using_initiatives`)
    cannot support this one unless the award type allows it."""
    from awards.selectors import initiative_uses

    if award_type.initiative_reuse or not initiatives:
        return
    uses = initiative_uses(
        [i.pk for i in initiatives], exclude=nomination.pk if nomination else None
    )
    errors = [used_reason(i.name, uses[i.pk]) for i in initiatives if uses.get(i.pk)]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def nomination_save(
    *,
    actor: Actor,
    unit: Unit,
    campaign: Campaign,
    award_type: AwardType,
    year: int,
    rating: str,
    achievements: str,
    person: Person | None = None,
    initiatives=(),
    months_worked: int = 12,
    maternity_months: int = 0,
    nomination: Nomination | None = None,
) -> Nomination:
    """Create or change a draft nomination of the unit (or of one of its people)."""
    rules.require_nominate(actor, unit)
    if nomination is not None and not nomination.is_draft:
        raise ValidationError(_("A nomination sent to the council no longer changes."))
    if (
        person is not None
        and not person.is_active
        and (nomination is None or nomination.person_id != person.pk)
    ):
        raise ValidationError(
            _("%(name)s is no longer in service and cannot be nominated.")
            % {"name": person.full_name}
        )
    initiatives = list(initiatives)
    _check_parts(
        unit=unit, campaign=campaign, award_type=award_type, person=person, initiatives=initiatives
    )
    _check_unused(award_type=award_type, initiatives=initiatives, nomination=nomination)
    nomination = nomination or Nomination(
        tenant_id=unit.tenant_id, unit=unit, created_by=as_user(actor)
    )
    nomination.campaign = campaign
    nomination.award_type = award_type
    nomination.person = person
    nomination.year = year
    nomination.rating = rating
    nomination.achievements = (achievements or "").strip()
    nomination.months_worked = months_worked
    nomination.maternity_months = maternity_months
    nomination.full_clean(exclude=["created_by"])
    nomination.save()
    nomination.initiatives.set(initiatives)
    return nomination


@transaction.atomic
def nomination_submit(*, actor: Actor, nomination: Nomination) -> Nomination:
    """Send the nomination to the council: refused, with every reason, while it is not
    eligible."""
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    rules.require_nominate(actor, nomination.unit)
    if not nomination.is_draft:
        raise ValidationError(_("A nomination sent to the council no longer changes."))
    # Two nominations citing one initiative are sent one after the other.
    list(Initiative.objects.select_for_update().filter(nominations=nomination).values("pk"))
    reasons = eligibility_reasons(nomination)
    if reasons:
        raise ValidationError(reasons)
    nomination.status = Nomination.Status.SUBMITTED
    nomination.save(update_fields=["status", "updated_at"])
    return nomination
