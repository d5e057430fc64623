"""Registrations collected offline: the receiving unit imports the sheet "Đăng ký" of Mẫu 1
forms sent on paper or by e-mail."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaign.models import Deadline, DeadlineKind
from campaign.submission import is_late
from initiatives import rules
from initiatives.models import Initiative, InitiativeVersion
from units.models import Unit
from units.permissions import Actor, as_user

from . import counts
from .records import Action, Status, record_event, refresh_search_text, snapshot


def registration_import_row(
    *, actor: Actor, deadline: Deadline, unit: Unit, now, **fields
) -> Initiative:
    """One registration a unit sent on paper or by e-mail, recorded as submitted when the
    receiving unit imports it (the caller has checked the importer's right)."""
    initiative = Initiative(
        tenant_id=unit.tenant_id,
        campaign=deadline.phase.campaign,
        deadline=deadline,
        review_deadline=deadline,
        unit=unit,
        created_by=as_user(actor),
        status=Status.SUBMITTED,
        submitted_at=now,
        is_late=is_late(now, deadline.due_date_for(unit)),
        version=1,
        **fields,
    )
    with counts.following() as followed:
        initiative.save()
        followed.add(initiative.pk)
    refresh_search_text(initiative)
    InitiativeVersion.objects.create(
        initiative=initiative,
        number=1,
        data=snapshot(initiative),
        submitted_by=as_user(actor),
        submitted_at=now,
    )
    record_event(initiative, actor, Action.CREATE, "")
    record_event(initiative, actor, Action.SUBMIT, Status.DRAFT, _("Imported from Excel."))
    return initiative


def registrations_import(*, actor: Actor, deadline: Deadline, file, dry_run: bool = True):
    """Import the sheet "Đăng ký": all rows or none, every bad row reported with its Excel
    row number. Only a reviewer of the receiving unit imports."""
    from core.imports import ImportReport, import_report_rows, read_workbook
    from initiatives.resources import COLUMNS, REQUIRED, SHEET, RegistrationResource

    if deadline.kind != DeadlineKind.REGISTRATION or deadline.receiving_unit is None:
        raise ValidationError(_("Registrations are imported under a registration deadline."))
    if not rules.can_review_at(actor, deadline.receiving_unit):
        raise PermissionDenied(_("Only a reviewer of the receiving unit imports registrations."))
    report = ImportReport(dry_run=dry_run)
    sheets = read_workbook(file, report, {SHEET: (COLUMNS, REQUIRED)}, required_sheet=SHEET)
    if sheets is None:
        return report
    dataset = sheets[SHEET]
    with transaction.atomic():
        resource = RegistrationResource(deadline=deadline, write=registration_import_row)
        resource.actor, resource.now = actor, timezone.now()
        result = resource.import_data(dataset, use_transactions=True)
        report.rows += import_report_rows(SHEET, dataset, result, COLUMNS, "name")
        if not report.rows:
            report.file_errors.append(_("The workbook has no rows to import."))
        if dry_run or report.has_errors:
            transaction.set_rollback(True)
    return report
