"""Periodic CCHC reports (báo cáo định kỳ) against a campaign's KPI targets.

A report answers one occurrence of a campaign's report schedule — seed 001: "quý I, 06
tháng, quý III, cả năm ... gửi trước ngày 05/3, 05/6, 05/9, 05/12" — for one participating
unit. It holds the figures each target is computed from (procedures handled on time /
procedures handled ...), never a percentage, and a short narrative per CCHC task area; the
percentages, roll-ups and comparisons with the targets are computed (`reports.selectors`).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaign.models import KpiIndicator, KpiTarget, ReportPeriod, ReportSchedule
from core.models import CheckedFile
from units.models import Tenant, Unit

# The first month of each reporting period: Q1 and the six months and the year run from
# January, Q3 from July.
PERIOD_FIRST_MONTH = {
    ReportPeriod.Q1: 1,
    ReportPeriod.H1: 1,
    ReportPeriod.Q3: 7,
    ReportPeriod.YEAR: 1,
}
PERIOD_ORDER: dict[str, int] = {
    ReportPeriod.Q1: 1,
    ReportPeriod.H1: 2,
    ReportPeriod.Q3: 3,
    ReportPeriod.YEAR: 4,
}


def period_start(year: int, period: str) -> datetime.date:
    return datetime.date(year, PERIOD_FIRST_MONTH[period], 1)


def receiving_unit_of(schedule: ReportSchedule) -> Unit:
    """The unit the schedule's reports go to: the one named, else the plan's issuer."""
    return schedule.receiving_unit or schedule.campaign.issuing_unit


class PeriodicReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    schedule = models.ForeignKey(
        ReportSchedule,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("report schedule"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=8, choices=ReportPeriod.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="periodic_reports", verbose_name=_("unit")
    )
    # One short text per CCHC task area (initiatives.models.CchcArea values as keys).
    narratives = models.JSONField(_("results per task area"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    is_late = models.BooleanField(_("late"), default=False)
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reopened by"),
    )
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("periodic report")
        verbose_name_plural = _("periodic reports")
        ordering = ["-year", "schedule", "period", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "year", "period", "unit"], name="periodic_report_unique"
            )
        ]
        indexes = [models.Index(fields=["schedule", "year", "period", "status"])]

    def __str__(self):
        return f"{self.unit} — {self.get_period_display()} {self.year}"

    @property
    def is_editable(self) -> bool:
        """A draft: the unit still changes it (a submitted report changes only once reopened)."""
        return self.status == self.Status.DRAFT

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class ReportFigure(models.Model):
    """The two figures of one target in one report: e.g. 196 procedures handled on time out
    of 200. A denominator of 0 means "not applicable" (no procedure this quarter). A count
    indicator (number of models registered) has only the numerator."""

    report = models.ForeignKey(
        PeriodicReport, on_delete=models.CASCADE, related_name="figures", verbose_name=_("report")
    )
    target = models.ForeignKey(
        KpiTarget, on_delete=models.PROTECT, related_name="+", verbose_name=_("target")
    )
    numerator = models.PositiveIntegerField(_("numerator"), null=True, blank=True)
    denominator = models.PositiveIntegerField(_("denominator"), null=True, blank=True)
    # Whether this unit's figure meets the target, as the form showed it (the percentage to
    # two decimals): None while not applicable or incomplete. Kept by `report_save` (a
    # launched plan's targets no longer change), so roll-ups count without recomputing.
    meets = models.BooleanField(_("meets the target"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        constraints = [
            models.UniqueConstraint(fields=["report", "target"], name="report_figure_unique")
        ]

    def __str__(self):
        return f"{self.target}: {self.numerator}/{self.denominator}"


def figure_value(measure: str, numerator, denominator) -> Decimal | None:
    """The figure a target is compared with: the percentage (two decimals) for a percent
    indicator, None when not applicable (denominator 0) or incomplete; the count itself for
    a count indicator."""
    if numerator is None:
        return None
    if measure == KpiIndicator.Measure.COUNT:
        return Decimal(numerator)
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"))


def attachment_path(instance, filename):
    # Never the user's file name in the path: it is kept in `original_name` for downloads.
    return f"reports/{instance.report.tenant_id}/{instance.report_id}/{instance.sha256[:16]}"


class ReportAttachment(CheckedFile):
    """A file sent with a periodic report (seed 001: "đính kèm 04 phụ lục trong mỗi loại báo
    cáo"). Checked by its bytes like evidence, served only through a permission check."""

    report = models.ForeignKey(
        PeriodicReport,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("report"),
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]


class ApiToken(models.Model):
    """A key the upper level's reporting system uses to read one unit's subtree through the
    API (seed 001 §7.4: reports connected to and shared with the department's system). Only
    the key's SHA-256 is kept; the key itself is shown once, when it is made."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="api_tokens", verbose_name=_("unit")
    )
    name = models.CharField(_("used by"), max_length=255)
    prefix = models.CharField(_("key begins with"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["key_hash"])

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.unit})"


class FigureTotal(models.Model):
    """The submitted figures of one report occurrence (schedule, year, period) summed over a
    unit's whole subtree (the unit's own report included), per target: what the dashboard
    and the exports read instead of summing the figures below. Kept by `reports.totals` in
    the transaction of every change that moves a sum (a report sent or reopened, a unit moved
    in the tree), so it never drifts; `reports.totals.rebuild` after a bulk load."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    # No index of its own: the unique key starts with it.
    schedule = models.ForeignKey(
        ReportSchedule,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        verbose_name=_("report schedule"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=8, choices=ReportPeriod.choices)
    target = models.ForeignKey(
        KpiTarget, on_delete=models.CASCADE, related_name="+", verbose_name=_("target")
    )
    # Over the figures that apply (their `meets` is set): as `selectors.ROLLUP` sums them.
    sum_numerator = models.BigIntegerField(_("sum of numerators"), default=0)
    sum_denominator = models.BigIntegerField(_("sum of denominators"), default=0)
    applicable = models.IntegerField(_("figures that apply"), default=0)
    meeting = models.IntegerField(_("figures meeting the target"), default=0)

    class Meta:
        verbose_name = _("figure total")
        verbose_name_plural = _("figure totals")
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "unit", "year", "period", "target"], name="figure_total_key"
            )
        ]

    def __str__(self):
        return f"{self.schedule_id}/{self.unit_id}/{self.year}/{self.period}/{self.target_id}"


class ReportTotal(models.Model):
    """How many reports of one occurrence a unit's subtree has sent, and how many of them
    late: kept with `FigureTotal`, by `reports.totals`."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    schedule = models.ForeignKey(
        ReportSchedule,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        verbose_name=_("report schedule"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=8, choices=ReportPeriod.choices)
    submitted = models.IntegerField(_("sent"), default=0)
    late = models.IntegerField(_("sent late"), default=0)

    class Meta:
        verbose_name = _("report total")
        verbose_name_plural = _("report totals")
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "unit", "year", "period"], name="report_total_key"
            )
        ]

    def __str__(self):
        return f"{self.schedule_id}/{self.unit_id}/{self.year}/{self.period}: {self.submitted}"
