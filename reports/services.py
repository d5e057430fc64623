"""Every write of periodic reports: open one for a period, save its figures, submit it, and
the reviewer's reopening. Plain functions taking the acting user or `SYSTEM`; who may act is
`reports.rules`."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaign.models import (
    Campaign,
    KpiIndicator,
    KpiTarget,
    ParticipantType,
    Participation,
    ReportSchedule,
)
from campaign.selectors import report_period_title as period_title
from campaign.selectors import schedule_occurrences
from campaign.submission import require_complete, submit
from documents.formatting import vn_date_short
from units.models import Unit
from units.permissions import Actor, as_user

from . import notices, rules, totals
from .models import PeriodicReport, ReportFigure, figure_value, period_start

Status = PeriodicReport.Status


def report_targets(schedule: ReportSchedule) -> list[KpiTarget]:
    """The campaign's targets a unit reports against (those for all participants and for
    collectives; a target for individuals is not a unit's figure): one query."""
    return list(
        KpiTarget.objects.filter(
            campaign_id=schedule.campaign_id,
            participant_type__in=(ParticipantType.ALL, ParticipantType.COLLECTIVE),
        )
        .select_related("indicator")
        .order_by("id")
    )


def occurrence_due(schedule: ReportSchedule, year: int, period: str) -> datetime.date | None:
    """The due date of the schedule's report for (year, period), or None when the schedule
    has no such report within its campaign."""
    campaign = schedule.campaign
    for found_period, found_year, due in schedule_occurrences(
        schedule, campaign.start_date, campaign.end_date
    ):
        if (found_period, found_year) == (period, year):
            return due
    return None


@transaction.atomic
def report_open(
    *,
    actor: Actor,
    schedule: ReportSchedule,
    year: int,
    period: str,
    unit: Unit,
    today: datetime.date | None = None,
) -> PeriodicReport:
    """The unit's report for (year, period), created with an empty row per target the first
    time (idempotent). Refused for a period that has not started, a period the schedule does
    not have, or a unit that does not take part."""
    rules.require_file(actor, unit)
    existing = PeriodicReport.objects.filter(
        schedule=schedule, year=year, period=period, unit=unit
    ).first()
    if existing is not None:
        return existing
    campaign = schedule.campaign
    if (
        campaign.status != Campaign.Status.LAUNCHED
        or not Participation.objects.filter(campaign=campaign, unit=unit).exists()
    ):
        raise ValidationError(_("%(unit)s does not take part in this plan.") % {"unit": unit})
    if period not in schedule.periods or occurrence_due(schedule, year, period) is None:
        raise ValidationError(_("The plan asks for no report for this period."))
    today = today or timezone.localdate()
    starts = period_start(year, period)
    if today < starts:
        raise ValidationError(
            _("The report for %(period)s can be filed from %(date)s, when the period begins.")
            % {"period": period_title(year, period), "date": vn_date_short(starts)}
        )
    report = PeriodicReport.objects.create(
        tenant_id=unit.tenant_id, schedule=schedule, year=year, period=period, unit=unit
    )
    ReportFigure.objects.bulk_create(
        ReportFigure(report=report, target=target) for target in report_targets(schedule)
    )
    return report


def _locked(report: PeriodicReport) -> PeriodicReport:
    return (
        PeriodicReport.objects.select_for_update(of=("self",))
        .select_related("schedule__campaign", "unit")
        .get(pk=report.pk)
    )


def figure_errors(target: KpiTarget, numerator, denominator) -> list[str]:
    """What is wrong with one pair of figures, in the words the form shows."""
    name = target.indicator.name
    errors = []
    for value in (numerator, denominator):
        if value is not None and (not isinstance(value, int) or value < 0):
            errors.append(_("%(name)s: figures are whole numbers, 0 or more.") % {"name": name})
            return errors
    percent = target.indicator.measure == KpiIndicator.Measure.PERCENT
    if percent and numerator is not None and denominator is not None and numerator > denominator:
        errors.append(
            _("%(name)s: %(numerator)s cannot be more than %(denominator)s.")
            % {
                "name": name,
                "numerator": target.indicator.numerator_label or _("the numerator"),
                "denominator": target.indicator.denominator_label or _("the denominator"),
            }
        )
    return errors


@transaction.atomic
def report_save(
    *,
    actor: Actor,
    report: PeriodicReport,
    figures: dict[int, tuple[int | None, int | None]],
    narratives: dict[str, str] | None = None,
) -> PeriodicReport:
    """Save a draft: figures by target id as (numerator, denominator), narratives by CCHC
    area. Every figure is checked; one wrong pair refuses the whole save (the form keeps
    what was typed)."""
    report = _locked(report)
    rules.require_file(actor, report.unit)
    if not report.is_editable:
        raise ValidationError(
            _("This report was submitted; only the receiving unit can reopen it.")
        )
    rows = {row.target_id: row for row in report.figures.select_related("target__indicator")}
    errors = []
    for target_id, (numerator, denominator) in figures.items():
        row = rows.get(target_id)
        if row is None:
            raise ValidationError(_("This target is not part of the report."))
        errors += figure_errors(row.target, numerator, denominator)
        measure = row.target.indicator.measure
        row.numerator = numerator
        if measure == KpiIndicator.Measure.PERCENT:
            row.denominator = denominator
        value = figure_value(measure, row.numerator, row.denominator)
        row.meets = None if value is None else row.target.is_met_by(value)
    if errors:
        raise ValidationError(errors)
    ReportFigure.objects.bulk_update(rows.values(), ["numerator", "denominator", "meets"])
    if narratives is not None:
        report.narratives = {area: text.strip() for area, text in narratives.items() if text}
    report.save(update_fields=["narratives", "updated_at"])
    return report


def missing_figures(report: PeriodicReport) -> list[str]:
    missing = []
    for row in report.figures.select_related("target__indicator"):
        percent = row.target.indicator.measure == KpiIndicator.Measure.PERCENT
        if row.numerator is None or (percent and row.denominator is None):
            missing.append(row.target.indicator.name)
    return missing


@transaction.atomic
def report_submit(
    *, actor: Actor, report: PeriodicReport, now: datetime.datetime | None = None
) -> PeriodicReport:
    """Send the report to the receiving unit: every figure given (0 where nothing
    happened); late after local midnight at the end of the due date."""
    report = _locked(report)
    rules.require_file(actor, report.unit)
    if not report.is_editable:
        raise ValidationError(_("This report has already been submitted."))
    require_complete(
        missing_figures(report),
        _("Give every figure before sending (0 if nothing happened): %(names)s."),
        key="names",
        joiner="; ",
    )
    # A report reopened by the receiving unit is sent as new: its time and lateness are
    # this sending's. A periodic report has no versions.
    report.submitted_by = as_user(actor)
    due = occurrence_due(report.schedule, report.year, report.period)
    # Its figures now count on the dashboards of its unit and every unit above.
    with totals.following([report.pk]):
        sent = submit(
            report,
            now=now or timezone.now(),
            due=due,
            status=Status.SUBMITTED,
            versioned=False,
            also=["submitted_by"],
        )
    if sent.late:
        notices.report_late(actor=actor, report=report, due=due)
    return report


@transaction.atomic
def report_reopen(*, actor: Actor, report: PeriodicReport, reason: str) -> PeriodicReport:
    """The receiving unit sends a submitted report back to the unit for correction."""
    report = _locked(report)
    rules.require_receives(actor, report)
    if not report.is_submitted:
        raise ValidationError(_("Only a submitted report can be reopened."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say what needs correcting."))
    report.status = Status.DRAFT
    report.reopened_at = timezone.now()
    report.reopened_by = as_user(actor)
    report.reopen_reason = reason
    with totals.following([report.pk]):
        report.save(
            update_fields=["status", "reopened_at", "reopened_by", "reopen_reason", "updated_at"]
        )
    notices.report_reopened(actor=actor, report=report)
    return report


# --- Attachments ---


@transaction.atomic
def attachment_add(*, actor: Actor, report: PeriodicReport, upload):
    """Attach a file to a draft report, after checking its size and what its bytes say."""
    from core.files import store_checked

    from .models import ReportAttachment

    rules.require_file(actor, report.unit)
    if not report.is_editable:
        raise ValidationError(
            _("This report was submitted; only the receiving unit can reopen it.")
        )
    attachment = ReportAttachment(report=report)
    store_checked(attachment, upload, actor=as_user(actor), fallback_stem="phu-luc")
    return attachment


@transaction.atomic
def attachment_delete(*, actor: Actor, attachment) -> None:
    report = attachment.report
    rules.require_file(actor, report.unit)
    if not report.is_editable:
        raise ValidationError(
            _("This report was submitted; only the receiving unit can reopen it.")
        )
    attachment.file.delete(save=False)
    attachment.delete()


# --- API keys ---


def api_key_digest(key: str) -> str:
    import hashlib

    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, actor: Actor, unit: Unit, name: str):
    """A new key for `unit`'s subtree: returns (token, key); the key is not kept."""
    import secrets

    from .models import ApiToken

    if not rules.can_manage_api_keys(actor, unit.tenant_id):
        raise PermissionDenied(_("Only the tenant administrator issues API keys."))
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Say which system will use the key."))
    key = "cchc_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        tenant_id=unit.tenant_id,
        unit=unit,
        name=name,
        prefix=key[:12],
        key_hash=api_key_digest(key),
        created_by=as_user(actor),
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: Actor, token) -> None:
    if not rules.can_manage_api_keys(actor, token.tenant_id):
        raise PermissionDenied(_("Only the tenant administrator revokes API keys."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
