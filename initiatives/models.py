"""Initiatives (mô hình, giải pháp, sáng kiến, cách làm hay) registered with Mẫu 1, their
review at the receiving unit, and the trace of every step.

An initiative belongs to the unit that registers it and answers one registration deadline of
a campaign. Its status moves only through `services` (submit, return, resubmit, accept,
reject); each move writes an `InitiativeEvent`, and each submission freezes the text it sent
as an `InitiativeVersion`, so nothing is overwritten without a trace.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaign.models import Campaign, Deadline
from core.models import CheckedFile
from units.models import Person, Tenant, Unit


class InitiativeKind(models.TextChoices):
    MODEL = "model", _("Model")
    SOLUTION = "solution", _("Solution")
    INITIATIVE = "initiative", _("Initiative")
    GOOD_PRACTICE = "good_practice", _("Good practice")
    WORK = "work", _("Work")


class CchcArea(models.TextChoices):
    """The eight task areas of administrative reform (seed 001)."""

    DIRECTION = "direction", _("Direction, management and communication")
    INSTITUTIONS = "institutions", _("Institutional reform")
    PROCEDURES = "procedures", _("Administrative procedures")
    ORGANISATION = "organisation", _("Organisational structure")
    CIVIL_SERVICE = "civil_service", _("Civil service")
    PUBLIC_FINANCE = "public_finance", _("Public finance")
    DIGITAL = "digital", _("E-government and digital government")
    SATISFACTION = "satisfaction", _("Satisfaction of citizens and organisations")


class InitiativeQuerySet(models.QuerySet):
    @staticmethod
    def accepted_at_level_filter(prefix: str = "") -> Q:
        """`accepted_at_level` for rows reaching an initiative through `prefix` (e.g.
        "initiative__"), kept in the caller's query rather than a subquery."""
        return Q(**{f"{prefix}status": Initiative.Status.ACCEPTED}) | ~Q(
            **{f"{prefix}review_deadline_id": F(f"{prefix}deadline_id")}
        )

    def accepted_at_level(self) -> "InitiativeQuerySet":
        """Accepted at its own level: accepted by the unit that received its registration,
        or forwarded above (which only an accepted item is), whatever happened there since.
        `Initiative.is_accepted_at_level` answers the same for one item."""
        return self.filter(self.accepted_at_level_filter())

    def applied_with_effect(self) -> "InitiativeQuerySet":
        """Applied, with an effect the reviewer accepted: accepted at its level (Mẫu 1) and
        its result report (Mẫu 2) accepted. What a unit may recognise as a sáng kiến by a
        decision (awards.Recognition): the law recognises an initiative once it has been
        applied with effect, and an accepted registration is only the plan of one; the
        accepted result report is where a reviewer has read the figures of its effect."""
        return self.accepted_at_level().filter(result__status=Initiative.Status.ACCEPTED)


class Initiative(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for revision")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("campaign")
    )
    deadline = models.ForeignKey(
        Deadline,
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("registration deadline"),
    )
    # The level that reviews the item now: the registration deadline at first; after a
    # consolidation is forwarded, the upper plan's deadline, whose receiving unit decides.
    review_deadline = models.ForeignKey(
        Deadline,
        on_delete=models.PROTECT,
        related_name="reviewed_initiatives",
        verbose_name=_("reviewed under"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("unit")
    )
    # A draft may be incomplete (it saves as the user types); submission checks these.
    name = models.CharField(_("name"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=InitiativeKind.choices, blank=True)
    area = models.CharField(_("CCHC area"), max_length=32, choices=CchcArea.choices, blank=True)
    person_in_charge = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person in charge"),
    )
    authors = models.ManyToManyField(
        Person, blank=True, related_name="initiatives", verbose_name=_("authors")
    )
    situation = models.TextField(_("current situation and why it is needed"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    steps = models.TextField(_("steps and timeline"), blank=True)
    expected_results = models.TextField(_("expected results"), blank=True)
    scope = models.TextField(_("scope and replicability"), blank=True)

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    is_late = models.BooleanField(_("late"), default=False)
    version = models.PositiveIntegerField(_("version"), default=0)
    # Marked by an upper level as an exemplary model to replicate (nhân rộng): then every unit
    # of the tenant can read it and adopt it.
    recommended_by = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recommended for replication by"),
    )
    recommended_at = models.DateTimeField(_("recommended at"), null=True, blank=True)
    # Name, unit and people without diacritics, for accent-insensitive search; kept by services.
    search_text = models.TextField(blank=True, editable=False)
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

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-updated_at"]
        indexes = [
            # The review board counts items from this index alone (PostgreSQL).
            models.Index(
                fields=["deadline", "unit"],
                include=["review_deadline", "status", "is_late", "tenant"],
                name="initiative_board_idx",
            ),
            # The dashboard's count per CCHC area, from this index alone (PostgreSQL).
            models.Index(
                fields=["campaign", "area", "status"],
                include=["unit", "tenant"],
                name="initiative_area_idx",
            ),
            models.Index(fields=["review_deadline", "status"]),
            models.Index(fields=["tenant", "status"]),
        ]

    def __str__(self):
        return self.name

    @property
    def is_editable_by_unit(self) -> bool:
        """A draft, or returned by the reviewer: the unit may change and submit it."""
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def is_accepted_at_level(self) -> bool:
        """`InitiativeQuerySet.accepted_at_level` for this item."""
        return self.status == self.Status.ACCEPTED or self.review_deadline_id != self.deadline_id


# The fields of Mẫu 1 that a version freezes and the form edits.
REGISTRATION_FIELDS = (
    "name",
    "kind",
    "area",
    "situation",
    "objectives",
    "steps",
    "expected_results",
    "scope",
)

# The fields of Mẫu 2 that the unit writes.
RESULT_FIELDS = (
    "work_done",
    "effect_before",
    "effect_after",
    "impact",
    "replication",
    "difficulties",
    "completion",
)


class InitiativeVersion(models.Model):
    """The text of one submission, as it was sent."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="versions", verbose_name=_("initiative")
    )
    number = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("content"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("submitted version")
        verbose_name_plural = _("submitted versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "number"], name="initiative_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.initiative} v{self.number}"


class InitiativeEvent(models.Model):
    """The audit row of one step: who did what, from which status to which, and why."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        SUBMIT = "submit", _("Submitted")
        RESUBMIT = "resubmit", _("Resubmitted")
        RETURN = "return", _("Returned for revision")
        ACCEPT = "accept", _("Accepted")
        REJECT = "reject", _("Rejected")
        FORWARD = "forward", _("Forwarded to the upper level")
        RESULT_SUBMIT = "result_submit", _("Result report submitted")
        RESULT_RETURN = "result_return", _("Result report returned for revision")
        RESULT_ACCEPT = "result_accept", _("Result report accepted")
        RECOMMEND = "recommend", _("Recommended for replication")

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="events", verbose_name=_("initiative")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=24, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=16, blank=True)
    to_status = models.CharField(_("to"), max_length=16)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("initiative event")
        verbose_name_plural = _("initiative events")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()} — {self.initiative}"


class Consolidation(models.Model):
    """The accepted items of a reviewer's subtree for one deadline, gathered into one list
    (Excel in the clerk's layout and an ND30 "DS" PDF) and forwarded to the upper level."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        FORWARDED = "forwarded", _("Forwarded")

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    deadline = models.ForeignKey(
        Deadline,
        on_delete=models.PROTECT,
        related_name="consolidations",
        verbose_name=_("deadline"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="consolidations",
        verbose_name=_("consolidating unit"),
    )
    items = models.ManyToManyField(
        Initiative, related_name="consolidations", verbose_name=_("initiatives")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    forwarded_to = models.ForeignKey(
        Deadline,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("forwarded to"),
    )
    number = models.OneToOneField(
        "documents.IssuedNumber",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consolidation",
        verbose_name=_("list number"),
    )
    # The cover letter (công văn) that sends the list; the list is its annex.
    letter_number = models.OneToOneField(
        "documents.IssuedNumber",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consolidation_letter",
        verbose_name=_("cover letter number"),
    )
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consolidation")
        verbose_name_plural = _("consolidations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.unit} — {self.deadline}"


class Score(models.Model):
    """One reviewer's points for one accepted item on one criterion."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="scores", verbose_name=_("initiative")
    )
    criterion = models.ForeignKey(
        "campaign.EvaluationCriterion",
        on_delete=models.PROTECT,
        related_name="scores",
        verbose_name=_("criterion"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "criterion", "reviewer"], name="score_unique"
            )
        ]

    def __str__(self):
        return f"{self.initiative} — {self.criterion}: {self.points}"


class ReviewAssignment(models.Model):
    """A named reviewer of the receiving unit in charge of scoring one item."""

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("initiative"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_assignments",
        verbose_name=_("reviewer"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "reviewer"], name="assignment_unique")
        ]

    def __str__(self):
        return f"{self.reviewer} — {self.initiative}"


class ResultReport(models.Model):
    """Mẫu 2: what became of a registered initiative, filed after the result deadline opens."""

    initiative = models.OneToOneField(
        Initiative, on_delete=models.CASCADE, related_name="result", verbose_name=_("initiative")
    )
    deadline = models.ForeignKey(
        Deadline,
        on_delete=models.PROTECT,
        related_name="result_reports",
        verbose_name=_("result deadline"),
    )
    work_done = models.TextField(_("what was done"), blank=True)
    effect_before = models.TextField(_("situation before (figures)"), blank=True)
    effect_after = models.TextField(_("situation after (figures)"), blank=True)
    impact = models.TextField(_("impact"), blank=True)
    replication = models.TextField(_("whether and where it was replicated"), blank=True)
    difficulties = models.TextField(_("difficulties"), blank=True)
    completion = models.PositiveSmallIntegerField(
        _("self-assessed completion (%)"), null=True, blank=True
    )
    adopted_from = models.ForeignKey(
        Initiative,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adoptions",
        verbose_name=_("replicates the model"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Initiative.Status.choices,
        default=Initiative.Status.DRAFT,
    )
    submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    is_late = models.BooleanField(_("late"), default=False)
    version = models.PositiveIntegerField(_("version"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("result report")
        verbose_name_plural = _("result reports")

    def __str__(self):
        return f"{self.initiative} — Mẫu 2"

    @property
    def is_editable_by_unit(self) -> bool:
        """A draft, or returned by the reviewer: the unit may change and submit it."""
        return self.status in (Initiative.Status.DRAFT, Initiative.Status.RETURNED)


class EvidenceKind(models.TextChoices):
    """The evidence seed 002 asks for."""

    PLAN = "plan", _("Plan")
    DOCUMENTS = "documents", _("Implementing documents")
    PRODUCTS = "products", _("Products")
    FIGURES = "figures", _("Figures")
    PHOTOS = "photos", _("Photos")
    OTHER = "other", _("Other")


def evidence_path(instance, filename):
    # Never the user's file name in the path: it is kept in `original_name` for downloads.
    return f"evidence/{instance.tenant_id}/{instance.initiative_id}/{instance.sha256[:16]}"


class Evidence(CheckedFile):
    """A file proving a result. Served only through a permission-checked view."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("initiative")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EvidenceKind.choices)
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=255)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class ReviewWorkReminder(models.Model):
    """That a reviewer was reminded of their waiting review work on a day (issue 20): unique
    per (reviewer, day), so a run repeated the same day, or its task redelivered, writes no
    second notification."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    day = models.DateField(_("day"))
    unscored = models.PositiveIntegerField(_("items not scored"), default=0)
    waiting = models.PositiveIntegerField(_("items waiting for a decision"), default=0)
    approaching = models.PositiveIntegerField(_("plans with a review deadline near"), default=0)
    # The run that wrote the row: which rows of an insert that skipped conflicts are its own.
    batch = models.UUIDField(editable=False, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review work reminder")
        verbose_name_plural = _("review work reminders")
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="review_work_once_a_day")
        ]

    def __str__(self):
        return f"{self.user} {self.day}"


class ItemCount(models.Model):
    """How many items a level's review board counts for one unit, by status at that level
    and lateness: kept by `services.counts` in the transaction of every change that moves
    an item, so the board reads a row per unit and status instead of counting the items."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    # The level: the registration deadline, or a deadline the item was forwarded to. No index
    # of its own: the unique key starts with it.
    deadline = models.ForeignKey(
        Deadline,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        verbose_name=_("deadline"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("unit")
    )
    # The item's status while this level reviews it; "accepted" once passed on above.
    status = models.CharField(_("status"), max_length=16, choices=Initiative.Status.choices)
    is_late = models.BooleanField(_("late"), default=False)
    items = models.IntegerField(_("items"), default=0)

    class Meta:
        verbose_name = _("item count")
        verbose_name_plural = _("item counts")
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "unit", "status", "is_late"], name="item_count_key"
            )
        ]

    def __str__(self):
        return f"{self.deadline_id}/{self.unit_id}/{self.status}/{self.is_late}: {self.items}"
