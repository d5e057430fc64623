"""A level's list: the items accepted under a deadline gathered by its receiving unit, and
forwarded to the review of the plan above, numbered from the unit's register."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaign.models import Deadline
from documents.models import DocumentType
from documents.services import number_allocate
from initiatives import rules
from initiatives.models import Consolidation, Initiative, InitiativeEvent
from initiatives.selectors import consolidation_candidates, upper_deadline_for
from units.permissions import Actor, as_user

from . import counts
from .notices import tell_forwarded
from .records import Action, Status


@transaction.atomic
def consolidation_create(*, actor: Actor, deadline: Deadline, items=None) -> Consolidation:
    """Gather the items accepted at this level (all of them, or the chosen ones: initiatives
    or their ids) into one list of the receiving unit."""
    unit = deadline.receiving_unit
    if unit is None:
        raise ValidationError(_("This deadline has no receiving unit to consolidate."))
    if not rules.can_consolidate(actor, deadline):
        raise PermissionDenied(_("Only a reviewer of the receiving unit consolidates."))
    # Ids only: a Sở's list holds thousands of items, and building each one took seconds.
    candidates = list(consolidation_candidates(deadline).values_list("pk", flat=True))
    if items is not None:
        chosen = {getattr(item, "pk", item) for item in items}
        if chosen - set(candidates):
            raise ValidationError(_("Only items accepted at this level can be consolidated."))
        candidates = [pk for pk in candidates if pk in chosen]
    if not candidates:
        raise ValidationError(_("No accepted item to consolidate yet."))
    consolidation = Consolidation.objects.create(
        tenant_id=unit.tenant_id, deadline=deadline, unit=unit, created_by=as_user(actor)
    )
    through = Consolidation.items.through
    through.objects.bulk_create(
        (through(consolidation_id=consolidation.pk, initiative_id=pk) for pk in candidates),
        batch_size=2000,
    )
    return consolidation


@transaction.atomic
def consolidation_forward(
    *, actor: Actor, consolidation: Consolidation, issued_on: datetime.date | None = None
) -> Consolidation:
    """Send the list up: it takes the next "DS" number of the unit's register, and each item
    goes to the upper level's review, keeping its identity and history."""
    consolidation = Consolidation.objects.select_for_update().get(pk=consolidation.pk)
    if not rules.can_review_at(actor, consolidation.unit):
        raise PermissionDenied(_("Only a reviewer of the consolidating unit forwards its list."))
    if consolidation.status != Consolidation.Status.DRAFT:
        raise ValidationError(_("This list has already been forwarded."))
    target = upper_deadline_for(consolidation.deadline)
    if target is None:
        raise ValidationError(
            _(
                "This plan does not implement a plan of an upper level on the platform: "
                "download the list and send it as an official letter."
            )
        )
    items = list(
        consolidation.items.select_for_update(of=("self",))
        .select_related("unit")
        .order_by("unit__path", "id")
    )
    here = (consolidation.deadline_id, Status.ACCEPTED)
    stale = [i for i in items if (i.review_deadline_id, i.status) != here]
    if stale:
        raise ValidationError(
            _("%(count)d items are no longer accepted at this level; prepare the list again.")
            % {"count": len(stale)}
        )
    issued_on = issued_on or timezone.localdate()
    summary = consolidation.deadline.phase.campaign.title
    consolidation.letter_number = number_allocate(
        actor=actor,
        unit=consolidation.unit,
        doc_type=DocumentType.LETTER,
        issued_on=issued_on,
        summary=f"V/v gửi danh sách mô hình, giải pháp, sáng kiến: {summary}",
    )
    consolidation.number = number_allocate(
        actor=actor,
        unit=consolidation.unit,
        doc_type=DocumentType.LIST,
        issued_on=issued_on,
        summary=summary,
    )
    receiver = target.receiving_unit.name if target.receiving_unit else ""
    now = timezone.now()
    for item in items:
        item.review_deadline = target
        item.status = Status.SUBMITTED
        item.updated_at = now
    # In bulk, history and events included: a list of 3,000 items is a few queries, not 9,000.
    # One UPDATE for all (they all take the same values): bulk_update's per-row CASE took
    # 1.5 s of forwarding 1,000 items to build.
    # The counters move once the list names its target: the items count there now.
    with counts.following([item.pk for item in items]):
        Initiative.objects.filter(pk__in=[item.pk for item in items]).update(
            review_deadline=target, status=Status.SUBMITTED, updated_at=now
        )
        Initiative.history.bulk_history_create(
            items, batch_size=1000, update=True, default_user=as_user(actor), default_date=now
        )
        InitiativeEvent.objects.bulk_create(
            (
                InitiativeEvent(
                    tenant_id=item.tenant_id,
                    initiative=item,
                    actor=as_user(actor),
                    action=Action.FORWARD,
                    from_status=Status.ACCEPTED,
                    to_status=item.status,
                    comment=receiver,
                )
                for item in items
            ),
            batch_size=1000,
        )
        consolidation.status = Consolidation.Status.FORWARDED
        consolidation.forwarded_to = target
        consolidation.forwarded_at = timezone.now()
        consolidation.save(
            update_fields=["status", "forwarded_to", "forwarded_at", "number", "letter_number"]
        )
    tell_forwarded(actor, consolidation, len(items))
    return consolidation
