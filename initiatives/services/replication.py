"""Replication (nhân rộng): an upper level recommends an item as a model, and a unit's Mẫu 2
records that it replicates one."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives import rules
from initiatives.models import Initiative, ResultReport
from units.permissions import Actor

from .records import Action, Status, locked, record_event
from .results import writable_report


@transaction.atomic
def initiative_recommend(*, actor: Actor, initiative: Initiative) -> Initiative:
    """An upper level marks an item it accepted as an exemplary model to replicate: the
    reviewer must review at a unit above the item's own, on an item accepted at that level."""
    initiative = locked(initiative)
    if not rules.reviews_from_above(actor, initiative):
        raise PermissionDenied(_("Only an upper level that reviews this item can recommend it."))
    receiving = initiative.review_deadline.receiving_unit
    if initiative.status != Status.ACCEPTED:
        raise ValidationError(_("Only an accepted item can be recommended for replication."))
    if initiative.recommended_by_id:
        raise ValidationError(_("This item is already recommended for replication."))
    initiative.recommended_by = receiving
    initiative.recommended_at = timezone.now()
    initiative.save(update_fields=["recommended_by", "recommended_at", "updated_at"])
    record_event(initiative, actor, Action.RECOMMEND, Status.ACCEPTED)
    return initiative


@transaction.atomic
def result_report_adopt(
    *, actor: Actor, report: ResultReport, model: Initiative | None
) -> ResultReport:
    """Record in the unit's Mẫu 2 that its initiative replicates a recommended model."""
    report = writable_report(actor, report)
    if model is not None and (
        model.tenant_id != report.initiative.tenant_id
        or not model.recommended_by_id
        or model.pk == report.initiative_id
    ):
        raise ValidationError(_("Choose a model recommended for replication."))
    report.adopted_from = model
    report.save(update_fields=["adopted_from", "updated_at"])
    return report
