"""Scores and the reviewers assigned to give them.

Scoring happens at a level: the item's `review_deadline`, once accepted there, against the
criteria of that deadline's plan (an item forwarded to the Sở is scored on the Sở's plan).
A Score row per (item, criterion, reviewer) is the trace (created_at / updated_at); the
audit events stay for status moves. Deadline extensions are a campaign service
(`campaign.services.deadline_extend`); `initiative_submit` honours them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from initiatives import rules
from initiatives.models import Initiative
from initiatives.selectors import level_criteria, level_reviewers
from units.permissions import Actor, as_user, is_system

from .notices import tell_assigned
from .records import locked

# Points are kept with two decimal places (Score.points).
SCORE_PLACES = "0.01"


def _as_id(key) -> int | None:
    try:
        return int(key)
    except (TypeError, ValueError):
        return None


@transaction.atomic
def score_save(*, actor: Actor, initiative: Initiative, points: dict, comments=None):
    """Record one reviewer's points on an item accepted at its current level: one Score per
    (item, criterion, reviewer), created or updated; a blank (None) clears that criterion.
    Points run from 0 to the criterion's maximum. Every problem is reported at once, and
    nothing is saved unless everything is right."""
    from decimal import Decimal, InvalidOperation

    from initiatives.models import Score

    initiative = locked(initiative)
    if is_system(actor) or not rules.decides_on(actor, initiative):
        raise PermissionDenied(_("Only a reviewer of the receiving unit can score this item."))
    if not rules.open_for_scoring(initiative.status):
        raise ValidationError(
            _("Only an item accepted at this level can be scored; this one is %(status)s.")
            % {"status": initiative.get_status_display().lower()}
        )
    criteria = {criterion.pk: criterion for criterion in level_criteria(initiative)}
    if not criteria:
        raise ValidationError(_("The plan of this level has no scoring criteria yet."))
    comments = {_as_id(key): value for key, value in (comments or {}).items()}
    errors, given, cleared = [], {}, set()
    for key, value in points.items():
        criterion = criteria.get(_as_id(key))
        if criterion is None:
            errors.append(_("Only the criteria of this level's plan can be scored."))
            continue
        if value is None or value == "":
            cleared.add(criterion.pk)
            continue
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite():
            errors.append(_("%(criterion)s: enter a number.") % {"criterion": criterion.name})
        elif not 0 <= amount <= criterion.max_points:
            errors.append(
                _("%(criterion)s: the points must be between 0 and %(max)d.")
                % {"criterion": criterion.name, "max": criterion.max_points}
            )
        elif amount != amount.quantize(Decimal(SCORE_PLACES)):
            errors.append(
                _("%(criterion)s: give the points with at most two decimals.")
                % {"criterion": criterion.name}
            )
        else:
            given[criterion.pk] = amount
    if errors:
        raise ValidationError(errors)
    existing = {
        score.criterion_id: score
        for score in Score.objects.filter(
            initiative=initiative, reviewer=as_user(actor), criterion_id__in=list(criteria)
        )
    }
    Score.objects.filter(pk__in=[existing[pk].pk for pk in cleared if pk in existing]).delete()
    saved = []
    for criterion_id, amount in given.items():
        comment = (comments.get(criterion_id) or "").strip()
        score = existing.get(criterion_id) or Score(
            initiative=initiative, criterion_id=criterion_id, reviewer=as_user(actor)
        )
        if score.pk is None or (score.points, score.comment) != (amount, comment):
            score.points, score.comment = amount, comment
            score.save()
        saved.append(score)
    return saved


@transaction.atomic
def assignment_set(*, actor: Actor, initiative: Initiative, reviewers) -> list:
    """Name the reviewers of the receiving unit who score the item at its current level.
    The list replaces that level's previous one; assignments of the levels below stay."""
    from initiatives.models import ReviewAssignment

    initiative = locked(initiative)
    receiving = initiative.review_deadline.receiving_unit
    if receiving is None or not rules.can_review_at(actor, receiving):
        raise PermissionDenied(_("Only a reviewer of the receiving unit assigns the scoring."))
    if not rules.open_for_assignment(initiative.status):
        raise ValidationError(
            _("Reviewers are assigned to an item submitted or accepted at this level.")
        )
    eligible = set(level_reviewers(initiative).values_list("pk", flat=True))
    chosen = {reviewer.pk: reviewer for reviewer in reviewers}
    outside = [reviewer for pk, reviewer in chosen.items() if pk not in eligible]
    if outside:
        raise ValidationError(
            _("Only reviewers of %(unit)s can be assigned to this item, not: %(names)s.")
            % {
                "unit": receiving.name,
                "names": ", ".join(reviewer.get_full_name() for reviewer in outside),
            }
        )
    chosen_ids = list(chosen)
    of_this_level = ReviewAssignment.objects.filter(
        initiative=initiative, reviewer_id__in=list(eligible)
    )
    kept = set(
        of_this_level.filter(reviewer_id__in=chosen_ids).values_list("reviewer_id", flat=True)
    )
    of_this_level.exclude(reviewer_id__in=chosen_ids).delete()
    added = [pk for pk in chosen_ids if pk not in kept]
    ReviewAssignment.objects.bulk_create(
        ReviewAssignment(initiative=initiative, reviewer_id=pk, assigned_by=as_user(actor))
        for pk in added
    )
    # Those newly assigned are told; those kept already knew.
    tell_assigned(actor, [initiative], added)
    return list(
        ReviewAssignment.objects.filter(initiative=initiative, reviewer_id__in=chosen_ids)
        .select_related("reviewer")
        .order_by("reviewer__full_name")
    )
