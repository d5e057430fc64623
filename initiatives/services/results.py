"""Mẫu 2: the result report on an item accepted at its own level, its review, and its
evidence files."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaign.submission import require_complete
from documents.formatting import vn_date
from initiatives import rules
from initiatives.models import RESULT_FIELDS, Evidence, Initiative, ResultReport
from initiatives.selectors import result_deadline_for
from units.permissions import Actor, as_user

from .notices import tell_result_decided
from .records import Action, Status, locked_report, record_event, submit_by_deadline


@transaction.atomic
def result_report_start(
    *, actor: Actor, initiative: Initiative, today: datetime.date | None = None
) -> ResultReport:
    """Open Mẫu 2 on an accepted initiative once the result phase has begun (idempotent)."""
    if not rules.can_register_for(actor, initiative.unit):
        raise PermissionDenied(_("Only the unit's staff can report its results."))
    existing = ResultReport.objects.filter(initiative=initiative).first()
    if existing is not None:
        return existing
    if not initiative.is_accepted_at_level:
        raise ValidationError(_("Results are reported on an initiative once it is accepted."))
    deadline = result_deadline_for(initiative)
    if deadline is None:
        raise ValidationError(_("The plan sets no result-report deadline."))
    today = today or timezone.localdate()
    if today < deadline.phase.start_date:
        raise ValidationError(
            _("Results are reported from %(date)s, when %(phase)s begins.")
            % {"date": vn_date(deadline.phase.start_date), "phase": deadline.phase.name}
        )
    return ResultReport.objects.create(initiative=initiative, deadline=deadline)


def writable_report(actor: Actor, report: ResultReport) -> ResultReport:
    """The report locked for a change by the unit (`rules.can_write_result`, each half
    refused with its own error)."""
    report = locked_report(report)
    if not rules.can_register_for(actor, report.initiative.unit):
        raise PermissionDenied(_("Only the unit's staff can report its results."))
    if not report.is_editable_by_unit:
        raise ValidationError(
            _("A submitted report can only be changed after the reviewer returns it.")
        )
    return report


@transaction.atomic
def result_report_update(*, actor: Actor, report: ResultReport, **fields) -> ResultReport:
    report = writable_report(actor, report)
    for name, value in fields.items():
        if name not in RESULT_FIELDS:
            raise ValueError(f"not an editable field: {name}")
        setattr(report, name, value)
    if report.completion is not None and not 0 <= report.completion <= 100:
        raise ValidationError(_("The completion is a percentage between 0 and 100."))
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def result_report_submit(
    *, actor: Actor, report: ResultReport, now: datetime.datetime | None = None
) -> ResultReport:
    report = locked_report(report)
    initiative = report.initiative
    if not rules.can_register_for(actor, initiative.unit):
        raise PermissionDenied(_("Only the unit's staff can report its results."))
    if not report.is_editable_by_unit:
        raise ValidationError(_("This report has already been submitted."))
    labels = {f.name: f.verbose_name for f in ResultReport._meta.fields}
    missing = [str(labels[n]) for n in ("work_done", "effect_after") if not getattr(report, n)]
    if report.completion is None:
        missing.append(str(labels["completion"]))
    require_complete(missing)
    done = submit_by_deadline(report, report.deadline, now or timezone.now())
    record_event(initiative, actor, Action.RESULT_SUBMIT, done.previous, to_status=report.status)
    return report


@transaction.atomic
def result_report_decide(
    *, actor: Actor, report: ResultReport, accept: bool, comment: str = ""
) -> ResultReport:
    """Accept the result report, or return it with a comment for the unit to complete."""
    report = locked_report(report)
    if not rules.decides_on_result(actor, report):
        raise PermissionDenied(_("Only a reviewer of the receiving unit can decide on this item."))
    if not rules.open_for_decision(report.status):
        raise ValidationError(_("Only a submitted report can be decided."))
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ValidationError(_("Write a comment so the unit knows what to change."))
    previous = report.status
    report.status = Status.ACCEPTED if accept else Status.RETURNED
    report.save(update_fields=["status", "updated_at"])
    action = Action.RESULT_ACCEPT if accept else Action.RESULT_RETURN
    record_event(report.initiative, actor, action, previous, comment, to_status=report.status)
    tell_result_decided(actor, report, comment)
    return report


@transaction.atomic
def evidence_add(*, actor: Actor, initiative: Initiative, kind: str, upload) -> Evidence:
    """Store one evidence file after checking its size and what its bytes say it is."""
    from core.files import store_checked

    if not rules.can_register_for(actor, initiative.unit):
        raise PermissionDenied(_("Only the unit's staff can add evidence."))
    if not rules.evidence_open(initiative):
        raise ValidationError(_("Evidence can be added while the report is a draft or returned."))
    evidence = Evidence(tenant_id=initiative.tenant_id, initiative=initiative, kind=kind)
    store_checked(evidence, upload, actor=as_user(actor), fallback_stem="minh-chung")
    return evidence


@transaction.atomic
def evidence_delete(*, actor: Actor, evidence: Evidence) -> None:
    if not rules.can_register_for(actor, evidence.initiative.unit):
        raise PermissionDenied(_("Only the unit's staff can remove evidence."))
    if not rules.evidence_open(evidence.initiative):
        raise ValidationError(_("Evidence of a submitted report cannot be removed."))
    stored = evidence.file.name
    evidence.delete()
    # The file goes once the row is gone for good.
    transaction.on_commit(lambda: Evidence.file.field.storage.delete(stored))
