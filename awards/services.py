"""Nominations and their eligibility. Every rule says why, in the words the page shows; a
nomination with any reason cannot go to the council."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from campaign.models import Campaign, Participation
from initiatives.models import Initiative
from units.models import Person, Role, Unit, User
from units.selectors import user_memberships

from .models import (
    RATING_RANK,
    AwardType,
    ConductRecord,
    Nomination,
    Rating,
    Subject,
)

Kind = ConductRecord.Kind
# A person with one of these in the year cannot be awarded; a collective with a member who
# has one cannot either (seeds 000 and 002).
CONDUCT_BREACHES = (Kind.CODE_OF_CONDUCT, Kind.HARASSMENT)


def can_nominate(user: User | None, unit: Unit) -> bool:
    """The unit's head proposes its awards (seed 000: the principal signs the Tờ trình)."""
    if user is None:
        return True
    return any(m.unit_id == unit.pk and m.role == Role.UNIT_HEAD for m in user_memberships(user))


def _rating_label(value: str) -> str:
    return str(Rating(value).label)


def eligibility_reasons(nomination: Nomination) -> list[str]:
    """Why the nomination may not go to the council; empty when it may. A few queries."""
    reasons = []
    award = nomination.award_type
    person = nomination.person
    year = nomination.year
    if award.subject == Subject.INDIVIDUAL and person is None:
        reasons.append(
            _("%(award)s is awarded to individuals: choose the person.") % {"award": award}
        )
    if award.subject == Subject.COLLECTIVE and person is not None:
        reasons.append(
            _("%(award)s is awarded to collectives, not to a person.") % {"award": award}
        )
    floor = max(RATING_RANK[Rating.GOOD], RATING_RANK[award.min_rating])
    if RATING_RANK[nomination.rating] < floor:
        lowest = Rating.GOOD if floor == RATING_RANK[Rating.GOOD] else award.min_rating
        reasons.append(
            _("The rating “%(rating)s” is below the lowest accepted, “%(lowest)s”.")
            % {"rating": _rating_label(nomination.rating), "lowest": _rating_label(lowest)}
        )
    if person is not None:
        records = ConductRecord.objects.filter(person=person)
        pending = records.filter(
            kind__in=(Kind.DISCIPLINE, Kind.INVESTIGATION), closed_on__isnull=True
        )
        if pending.exists():
            reasons.append(
                _(
                    "%(name)s has a discipline or an investigation pending: no award until it "
                    "ends (Nghị định 152/2025/NĐ-CP)."
                )
                % {"name": person.full_name}
            )
        if records.filter(kind=Kind.DISCIPLINE, year=year).exists():
            reasons.append(
                _("%(name)s was disciplined in %(year)s.")
                % {"name": person.full_name, "year": year}
            )
        if records.filter(kind__in=CONDUCT_BREACHES, year=year).exists():
            reasons.append(
                _("%(name)s broke the code of conduct or harassed citizens in %(year)s.")
                % {"name": person.full_name, "year": year}
            )
    else:
        offenders = list(
            Person.objects.filter(
                unit=nomination.unit,
                conduct_records__kind__in=CONDUCT_BREACHES,
                conduct_records__year=year,
            )
            .distinct()
            .order_by("full_name")
            .values_list("full_name", flat=True)
        )
        if offenders:
            reasons.append(
                _(
                    "A collective with a member who broke the code of conduct or harassed "
                    "citizens in %(year)s is not awarded: %(names)s."
                )
                % {"year": year, "names": ", ".join(offenders)}
            )
    if award.requires_accepted_initiative:
        accepted = nomination.initiatives.filter(
            # Accepted at its level, or passed above (which only an accepted item is).
            Q(status=Initiative.Status.ACCEPTED) | ~Q(review_deadline_id=F("deadline_id"))
        )
        if not accepted.exists():
            reasons.append(
                _("%(award)s needs at least one initiative accepted in the campaign.")
                % {"award": award}
            )
    return reasons


def _check_parts(*, unit: Unit, campaign: Campaign, award_type: AwardType, person, initiatives):
    if award_type.tenant_id != unit.tenant_id or campaign.tenant_id != unit.tenant_id:
        raise ValidationError(_("The award or the plan belongs to another tenant."))
    if not Participation.objects.filter(campaign=campaign, unit=unit).exists():
        raise ValidationError(_("%(unit)s does not take part in this plan.") % {"unit": unit})
    if person is not None and person.unit_id != unit.pk:
        raise ValidationError(_("The person nominated must belong to the unit."))
    for item in initiatives:
        if item.unit_id != unit.pk or item.campaign_id != campaign.pk:
            raise ValidationError(_("Only the unit's initiatives of this plan can be linked."))


@transaction.atomic
def nomination_save(
    *,
    actor: User | None,
    unit: Unit,
    campaign: Campaign,
    award_type: AwardType,
    year: int,
    rating: str,
    achievements: str,
    person: Person | None = None,
    initiatives=(),
    nomination: Nomination | None = None,
) -> Nomination:
    """Create or change a draft nomination of the unit (or of one of its people)."""
    if not can_nominate(actor, unit):
        raise PermissionDenied(_("Only the unit's head proposes its awards."))
    if nomination is not None and nomination.status != Nomination.Status.DRAFT:
        raise ValidationError(_("A nomination sent to the council no longer changes."))
    initiatives = list(initiatives)
    _check_parts(
        unit=unit, campaign=campaign, award_type=award_type, person=person, initiatives=initiatives
    )
    nomination = nomination or Nomination(tenant_id=unit.tenant_id, unit=unit, created_by=actor)
    nomination.campaign = campaign
    nomination.award_type = award_type
    nomination.person = person
    nomination.year = year
    nomination.rating = rating
    nomination.achievements = (achievements or "").strip()
    nomination.full_clean(exclude=["created_by"])
    nomination.save()
    nomination.initiatives.set(initiatives)
    return nomination


@transaction.atomic
def nomination_submit(*, actor: User | None, nomination: Nomination) -> Nomination:
    """Send the nomination to the council: refused, with every reason, while it is not
    eligible."""
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if not can_nominate(actor, nomination.unit):
        raise PermissionDenied(_("Only the unit's head proposes its awards."))
    if nomination.status != Nomination.Status.DRAFT:
        raise ValidationError(_("A nomination sent to the council no longer changes."))
    reasons = eligibility_reasons(nomination)
    if reasons:
        raise ValidationError(reasons)
    nomination.status = Nomination.Status.SUBMITTED
    nomination.save(update_fields=["status", "updated_at"])
    return nomination
