"""Campaign plans (Kế hoạch phát động phong trào thi đua) with phases, deadlines, periodic
report schedules, KPI targets and participation.

Every field traces back to the seed plans: a plan's letterhead and number, its legal basis
("Căn cứ ..."), purpose and requirements, who competes (collectives and individuals of some
unit kinds), the content per participant type, award forms, phases ("Đợt 1", or one per year
as in seed 000) with their deadlines and receiving units, the yearly schedule of periodic
reports (seed 001: Q1, 6 months, Q3, year, due 05/3, 05/6, 05/9, 05/12) and numeric targets.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import end_of_day
from documents.models import IssuedNumber
from units.models import Tenant, Unit, UnitKind


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        LAUNCHED = "launched", _("Launched")
        CANCELLED = "cancelled", _("Cancelled")

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    issuing_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("issuing unit")
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("based on the plan of"),
        help_text=_("A plan of a unit above this one that this plan implements."),
    )
    # The plan of a body that is not on the platform (e.g. "Kế hoạch số 175/KH-UBND ngày
    # 26/4/2023 của Ủy ban nhân dân Quận 1") is recorded once as an ExternalPlan; a plan based
    # on it is checked against its deadlines as against a parent on the platform.
    based_on_external = models.ForeignKey(
        "ExternalPlan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("based on the upper-level plan outside the system"),
    )
    title = models.CharField(
        _("summary (trích yếu)"),
        max_length=500,
        help_text=_('E.g. Phát động phong trào thi đua "Cải cách hành chính" năm 2024'),
    )
    start_date = models.DateField(_("period start"))
    end_date = models.DateField(_("period end"))
    theme = models.TextField(_("theme of the year"), blank=True)
    legal_basis = models.TextField(
        _("legal basis"),
        blank=True,
        help_text=_('One line per basis: "Căn cứ ..." or "Thực hiện ...".'),
    )
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_(
            "The sentence after the legal basis, e.g. the unit builds the plan as follows."
        ),
    )
    purpose = models.TextField(_("purpose"), blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    participants_collective = models.TextField(_("collective participants"), blank=True)
    participants_individual = models.TextField(_("individual participants"), blank=True)
    participant_kinds = models.ManyToManyField(
        UnitKind,
        blank=True,
        related_name="+",
        verbose_name=_("participating unit kinds"),
        help_text=_("Units of these kinds below the issuing unit take part."),
    )
    includes_issuing_unit = models.BooleanField(
        _("the issuing unit takes part itself"),
        default=False,
        help_text=_("A school's own plan: its own staff compete."),
    )
    content_collective = models.TextField(_("content for collectives"), blank=True)
    content_individual = models.TextField(_("content for individuals"), blank=True)
    solutions = models.TextField(_("solutions"), blank=True)
    award_forms = models.TextField(_("award forms"), blank=True)
    award_criteria = models.TextField(_("award criteria"), blank=True)
    award_procedure = models.TextField(_("award procedure and dossier"), blank=True)
    implementation = models.TextField(_("implementation and responsibilities"), blank=True)
    closing = models.TextField(_("closing sentence"), blank=True)
    closes_at_deadline = models.BooleanField(
        _("refuse submissions after the deadline"),
        default=False,
        help_text=_("Otherwise a late submission is accepted and marked late."),
    )
    recipients = models.TextField(
        _("recipients (Nơi nhận)"), blank=True, help_text=_("One recipient per line.")
    )
    signer_authority = models.CharField(
        _("signing authority"), max_length=100, blank=True, help_text=_("E.g. KT. GIÁM ĐỐC")
    )
    signer_position = models.CharField(
        _("signer's position"), max_length=100, blank=True, help_text=_("E.g. PHÓ GIÁM ĐỐC")
    )
    signer_name = models.CharField(_("signer's name"), max_length=100, blank=True)

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    number = models.OneToOneField(
        IssuedNumber,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaign",
        verbose_name=_("document number"),
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    launched_at = models.DateTimeField(_("launched at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["tenant", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(based_on__isnull=True)
                | models.Q(based_on_external__isnull=True),
                name="campaign_based_on_one_upper_plan",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_launched(self) -> bool:
        return self.status == self.Status.LAUNCHED


class Phase(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="phases", verbose_name=_("campaign")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("name"), max_length=100, help_text=_('E.g. "Đợt 1" or "Năm 2024"'))
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["campaign", "order", "start_date"]

    def __str__(self):
        return self.name

    def state_on(self, day: datetime.date) -> str:
        if day < self.start_date:
            return "upcoming"
        return "current" if day <= self.end_date else "past"


class DeadlineKind(models.TextChoices):
    REGISTRATION = "registration", _("Registration of initiatives (Mẫu 1)")
    RESULT_REPORT = "result_report", _("Result report (Mẫu 2)")
    AWARD_PROPOSAL = "award_proposal", _("Award proposal")
    SUMMARY = "summary", _("Summary report to the upper level")
    PLAN_SUBMISSION = "plan_submission", _("Submission of the unit's own plan")
    PERIODIC_REPORT = "periodic_report", _("Periodic report")


class DateStyle(models.TextChoices):
    """How the date is written in the plan's text, as the source plan wrote it."""

    SHORT = "short", "16/9/2023"
    LONG = "long", "01 tháng 02 năm 2024"


class Deadline(models.Model):
    phase = models.ForeignKey(
        Phase, on_delete=models.CASCADE, related_name="deadlines", verbose_name=_("phase")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=DeadlineKind.choices)
    due_date = models.DateField(
        _("due date"), help_text=_("Submissions are due before the end of this day.")
    )
    receiving_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receiving unit"),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    description = models.TextField(
        _("what is due"), blank=True, help_text=_("The sentence printed before the date.")
    )
    date_style = models.CharField(
        _("date written as"), max_length=8, choices=DateStyle.choices, default=DateStyle.SHORT
    )
    # A deadline after its phase's end is usually a typo (award proposals due 10/11 in a
    # phase ending 31/10), but some plans mean it (seed 1362: the award dossier is due 05/12,
    # after "Đợt 2" ends on 25/11): the clerk says so, and the check lets it pass.
    after_phase_end = models.BooleanField(
        _("due after the phase ends, as the plan says"),
        default=False,
        help_text=_("Tick only if the plan itself sets this date after the phase's end."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_date", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.due_date:%d/%m/%Y}"

    @property
    def closes_at(self) -> datetime.datetime:
        """Local midnight at the end of the due date (ARCHITECTURE: a deadline is a date)."""
        return end_of_day(self.due_date)

    def due_date_for(self, unit: Unit | int) -> datetime.date:
        """The date `unit` (or a unit id) must submit by: the date of its extension
        (DeadlineExtension, granted by the receiving unit) when later, else the deadline's
        own. Reads the `extensions` a caller prefetched for its rows (no query), else one
        query."""
        unit_id = unit if isinstance(unit, int) else unit.pk
        if "extensions" in getattr(self, "_prefetched_objects_cache", {}):
            extended = next(
                (e.due_date for e in self.extensions.all() if e.unit_id == unit_id), None
            )
        else:
            extended = (
                self.extensions.filter(unit_id=unit_id).values_list("due_date", flat=True).first()
            )
        return max(extended, self.due_date) if extended else self.due_date

    def closes_at_for(self, unit: Unit | int) -> datetime.datetime:
        """When `unit`'s submissions turn late: local midnight at the end of its due date,
        by the same rule as `closes_at`. A plan that `closes_at_deadline` refuses them from
        this moment instead."""
        return end_of_day(self.due_date_for(unit))

    def is_open_on(self, day: datetime.date) -> bool:
        return self.phase.start_date <= day <= self.due_date


class ExternalPlan(models.Model):
    """The plan of an upper level that is not on the platform (a Sở's, a province's), recorded
    once per tenant with its deadlines so that the plans implementing it can be checked
    against them as against a plan on the platform ("Căn cứ Kế hoạch số 244/KH-SGDĐT ngày 29
    tháng 12 năm 2025 của Sở Giáo dục và Đào tạo ...")."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    number = models.CharField(_("document number"), max_length=64, help_text=_("E.g. 244/KH-SGDĐT"))
    issued_on = models.DateField(_("issued on"))
    issuing_body = models.CharField(
        _("issuing body"),
        max_length=255,
        help_text=_("E.g. Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh"),
    )
    title = models.CharField(
        _("summary (trích yếu)"),
        max_length=500,
        help_text=_('E.g. Phát động phong trào thi đua "Cải cách hành chính" năm 2026'),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("upper-level plan outside the system")
        verbose_name_plural = _("upper-level plans outside the system")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "number", "issued_on"], name="external_plan_unique_in_tenant"
            )
        ]

    def __str__(self):
        return f"{self.number} — {self.title}"


class ExternalDeadline(models.Model):
    """A deadline of an upper-level plan outside the system: its kind and date are what a
    plan based on it must come before."""

    plan = models.ForeignKey(
        ExternalPlan,
        on_delete=models.CASCADE,
        related_name="deadlines",
        verbose_name=_("upper-level plan"),
    )
    kind = models.CharField(_("deadline kind"), max_length=32, choices=DeadlineKind.choices)
    due_date = models.DateField(
        _("due date"), help_text=_("Submissions are due before the end of this day.")
    )
    description = models.CharField(_("what is due"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deadline of an upper-level plan")
        verbose_name_plural = _("deadlines of an upper-level plan")
        ordering = ["due_date", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.due_date:%d/%m/%Y}"


class ReportPeriod(models.TextChoices):
    Q1 = "q1", _("First quarter")
    H1 = "h1", _("Six months")
    Q3 = "q3", _("Third quarter")
    YEAR = "year", _("Whole year")


# The month each period ends (its report falls in that month in seed 001).
REPORT_PERIOD_LAST_MONTH = {
    ReportPeriod.Q1: 3,
    ReportPeriod.H1: 6,
    ReportPeriod.Q3: 9,
    ReportPeriod.YEAR: 12,
}
REPORT_PERIOD_TITLES: dict[str, str] = {
    ReportPeriod.Q1: "quý I",
    ReportPeriod.H1: "06 tháng",
    ReportPeriod.Q3: "quý III",
    ReportPeriod.YEAR: "năm",
}


class ReportSchedule(models.Model):
    """A recurring deadline rule: every year of the campaign, one report per chosen period,
    due on `due_day` of the period's last month (seed 001: 05/3, 05/6, 05/9, 05/12) or of the
    month after it."""

    class DueMonth(models.TextChoices):
        LAST_MONTH = "last", _("in the period's last month")
        NEXT_MONTH = "next", _("in the month after the period")

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="report_schedules",
        verbose_name=_("campaign"),
    )
    name = models.CharField(
        _("name"), max_length=255, default="Báo cáo định kỳ kết quả thực hiện công tác CCHC"
    )
    periods = models.JSONField(_("periods"), default=list)
    due_day = models.PositiveSmallIntegerField(_("due day of the month"), default=5)
    due_month = models.CharField(
        _("due month"), max_length=8, choices=DueMonth.choices, default=DueMonth.LAST_MONTH
    )
    receiving_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receiving unit"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report schedule")
        verbose_name_plural = _("report schedules")

    def __str__(self):
        return self.name


class KpiIndicator(models.Model):
    """The tenant's catalogue of measurable targets (chỉ tiêu)."""

    class Measure(models.TextChoices):
        PERCENT = "percent", _("Percentage")
        COUNT = "count", _("Count")

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    code = models.SlugField(_("code"), max_length=64)
    name = models.CharField(_("name"), max_length=255)
    measure = models.CharField(
        _("measure"), max_length=16, choices=Measure.choices, default=Measure.PERCENT
    )
    numerator_label = models.CharField(_("numerator"), max_length=255, blank=True)
    denominator_label = models.CharField(_("denominator"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("KPI indicator")
        verbose_name_plural = _("KPI indicators")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="kpi_code_unique_in_tenant")
        ]

    def __str__(self):
        return self.name


class Comparator(models.TextChoices):
    AT_LEAST = "gte", "≥"
    EXACTLY = "eq", "="
    AT_MOST = "lte", "≤"


class ParticipantType(models.TextChoices):
    ALL = "all", _("All participants")
    COLLECTIVE = "collective", _("Collectives")
    INDIVIDUAL = "individual", _("Individuals")


class KpiTarget(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="targets", verbose_name=_("campaign")
    )
    indicator = models.ForeignKey(
        KpiIndicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("indicator")
    )
    comparator = models.CharField(
        _("comparator"), max_length=8, choices=Comparator.choices, default=Comparator.AT_LEAST
    )
    value = models.DecimalField(_("target"), max_digits=9, decimal_places=2)
    participant_type = models.CharField(
        _("applies to"), max_length=16, choices=ParticipantType.choices, default=ParticipantType.ALL
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("KPI target")
        verbose_name_plural = _("KPI targets")
        ordering = ["id"]

    def __str__(self):
        return f"{self.indicator.name} {self.get_comparator_display()} {self.display_value}"

    @property
    def display_value(self) -> str:
        integral = self.value == self.value.to_integral_value()
        text = str(int(self.value)) if integral else str(self.value.normalize()).replace(".", ",")
        return f"{text}%" if self.indicator.measure == KpiIndicator.Measure.PERCENT else text

    @property
    def phrase(self) -> str:
        """The target as plans write it (always Vietnamese: it is printed on the document):
        "từ 95% trở lên", "đạt 100%", "không quá 5"."""
        value = self.display_value
        full = self.indicator.measure == KpiIndicator.Measure.PERCENT and self.value == 100
        if self.comparator == Comparator.AT_MOST:
            return f"không quá {value}"
        if self.comparator == Comparator.EXACTLY or full:
            return f"đạt {value}"
        return f"từ {value} trở lên"

    def is_met_by(self, figure: Decimal) -> bool:
        if self.comparator == Comparator.AT_LEAST:
            return figure >= self.value
        if self.comparator == Comparator.AT_MOST:
            return figure <= self.value
        return figure == self.value


class Participation(models.Model):
    """A unit that takes part, fixed when the campaign is launched: units moved or dissolved
    later (the 2025 reform) stay in the campaigns they were part of."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("campaign"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="participations", verbose_name=_("unit")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="participation_unique")
        ]

    def __str__(self):
        return f"{self.unit} — {self.campaign}"


class EvaluationCriterion(models.Model):
    """A criterion the reviewers score accepted items against, with its weight (seed 002:
    legality, problem solved, social impact, novelty and advantage, future development)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("campaign")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("criterion"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)
    max_points = models.PositiveSmallIntegerField(_("maximum points"), default=10)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        ordering = ["campaign", "order", "id"]

    def __str__(self):
        return self.name


class DeadlineExtension(models.Model):
    """A later due date granted to one unit for one deadline, with the reason, on record."""

    deadline = models.ForeignKey(
        Deadline, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("deadline")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    due_date = models.DateField(_("new due date"))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    created_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        constraints = [
            models.UniqueConstraint(fields=["deadline", "unit"], name="deadline_extension_unique")
        ]

    def __str__(self):
        return f"{self.unit} — {self.deadline} → {self.due_date:%d/%m/%Y}"


# --- Reminders (their in-app notifications: notifications.models) ---

DEFAULT_REMINDER_OFFSETS = [7, 3, 1, 0]


DEFAULT_REVIEW_WAIT_DAYS = 5


def default_reminder_offsets() -> list[int]:
    return list(DEFAULT_REMINDER_OFFSETS)


class ReminderSettings(models.Model):
    """How a tenant's units are reminded of what they owe: the days before a due date on
    which a reminder goes out, and through which channels. A tenant without a row uses the
    defaults (7, 3 and 1 days before and on the day; e-mail and in-app; overdue notice and
    reviewers' digest the day after; reviewers reminded of an item undecided for 5 days)."""

    tenant = models.OneToOneField(
        Tenant, on_delete=models.CASCADE, related_name="reminder_settings", verbose_name=_("tenant")
    )
    offsets = models.JSONField(_("days before the due date"), default=default_reminder_offsets)
    by_email = models.BooleanField(_("by e-mail"), default=True)
    in_app = models.BooleanField(_("in the application"), default=True)
    overdue_notice = models.BooleanField(_("overdue notice the day after"), default=True)
    reviewer_digest = models.BooleanField(_("digest to the reviewers the day after"), default=True)
    # Reviewers are reminded of a submitted item still undecided after this many days.
    review_wait_days = models.PositiveSmallIntegerField(
        _("days a submitted item waits before its reviewers are reminded"),
        default=DEFAULT_REVIEW_WAIT_DAYS,
        validators=[MinValueValidator(1)],
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")

    def __str__(self):
        return str(self.tenant)


class ReminderLog(models.Model):
    """One reminder to one unit (or one digest to a receiving unit's reviewers) for one
    deadline, on one channel. The row is written in the transaction that queues its sending,
    and its uniqueness is what makes a repeated sweep or a redelivered task send nothing
    twice; its status tells the tenant administrator what became of it."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Reminder before the due date")
        OVERDUE = "overdue", _("Overdue notice")
        DIGEST = "digest", _("Digest to the reviewers")
        MANUAL = "manual", _("Reminder sent by a reviewer")

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        APP = "app", _("In the application")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        # With the mail server: claimed by a task, not yet recorded sent (core/queueing.py).
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Not sent: submitted in the meantime")
        FAILED = "failed", _("Failed")

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    # What is owed: a deadline, or one report of a recurring schedule (seed 001's quarterly
    # reports are not deadline rows): exactly one of the two.
    deadline = models.ForeignKey(
        Deadline,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("deadline"),
    )
    schedule = models.ForeignKey(
        ReportSchedule,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("report schedule"),
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    period = models.CharField(_("period"), max_length=8, choices=ReportPeriod.choices, blank=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
        help_text=_("The unit reminded; for a digest, the receiving unit."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # Days from the sweep's day to the unit's due date: 7, 3, 1, 0 before; -1 the day after.
    offset = models.SmallIntegerField(_("days before the due date"))
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    day = models.DateField(_("day"))
    due_date = models.DateField(_("due date"))
    # E-mail addresses for an e-mail, user ids for an in-app notification.
    recipients = models.JSONField(_("recipients"), default=list)
    # A digest's snapshot: the late units' ids and how many units were expected.
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # The sweep (or click) that wrote the row: it tells which rows of a bulk insert that
    # skipped conflicts are its own.
    batch = models.UUIDField(editable=False, db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "-id"]
        constraints = [
            # A reviewer's manual reminder may repeat (rate-limited); a scheduled one never.
            models.UniqueConstraint(
                fields=["deadline", "unit", "kind", "offset", "channel"],
                condition=~models.Q(kind="manual") & models.Q(deadline__isnull=False),
                name="reminder_once_per_deadline_unit_offset_channel",
            ),
            models.UniqueConstraint(
                fields=["schedule", "year", "period", "unit", "kind", "offset", "channel"],
                condition=~models.Q(kind="manual") & models.Q(schedule__isnull=False),
                name="reminder_once_per_report_unit_offset_channel",
            ),
            models.CheckConstraint(
                condition=models.Q(deadline__isnull=True) ^ models.Q(schedule__isnull=True),
                name="reminder_owes_a_deadline_or_a_report",
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "status"]),
            models.Index(fields=["deadline", "unit", "kind"]),
        ]

    def __str__(self):
        owed = self.deadline or f"{self.schedule} {self.get_period_display()} {self.year}"
        return f"{self.get_kind_display()} — {self.unit} — {owed}"
