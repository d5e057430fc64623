"""Award types, the conduct record that decides eligibility, and nominations.

A unit head nominates the unit (a collective) or one of its people (an individual) for an
award type of the tenant under a campaign; the eligibility rules (`awards.services`) say
whether the nomination may go to the council and why not: Nghị định 152/2025/NĐ-CP (no award
while discipline or an investigation is pending), the year's rating, the seeds' veto of a
collective with a member who broke the code of conduct or harassed citizens (seeds 000, 002),
and the award type's own conditions.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaign.models import Campaign
from documents.models import IssuedNumber
from initiatives.models import Initiative
from units.models import Person, Tenant, Unit


class Subject(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


class Rating(models.TextChoices):
    """The year's performance rating of a civil servant or a collective."""

    EXCELLENT = "excellent", _("Excellently completed duties")
    GOOD = "good", _("Well completed duties")
    COMPLETED = "completed", _("Completed duties")
    NOT_COMPLETED = "not_completed", _("Did not complete duties")


RATING_RANK = {
    Rating.NOT_COMPLETED: 0,
    Rating.COMPLETED: 1,
    Rating.GOOD: 2,
    Rating.EXCELLENT: 3,
}


class AwardType(models.Model):
    """An award form or title the tenant proposes ("Giấy khen của Chủ tịch UBND huyện",
    "Chiến sĩ thi đua cơ sở" ...): tenant data, since the list differs by level and year."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    name = models.CharField(_("name"), max_length=255)
    subject = models.CharField(_("awarded to"), max_length=16, choices=Subject.choices)
    conferring_authority = models.CharField(
        _("conferring authority"),
        max_length=255,
        blank=True,
        help_text=_("E.g. Chủ tịch Ủy ban nhân dân huyện Nhà Bè"),
    )
    criteria = models.TextField(_("criteria"), blank=True)
    dossier_parts = models.JSONField(
        _("dossier parts"),
        default=list,
        blank=True,
        help_text=_("The documents the dossier must hold, one per entry."),
    )
    min_rating = models.CharField(
        _("lowest rating accepted"), max_length=16, choices=Rating.choices, default=Rating.GOOD
    )
    requires_accepted_initiative = models.BooleanField(
        _("needs an accepted initiative"),
        default=False,
        help_text=_("The nominee led at least one initiative accepted in the campaign."),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award type")
        verbose_name_plural = _("award types")
        ordering = ["subject", "name"]

    def __str__(self):
        return self.name


class ConductRecord(models.Model):
    """A disciplinary measure, an investigation, or a breach of the code of conduct on a
    person's record: what the eligibility rules read."""

    class Kind(models.TextChoices):
        DISCIPLINE = "discipline", _("Disciplinary measure")
        INVESTIGATION = "investigation", _("Investigation")
        CODE_OF_CONDUCT = "code_of_conduct", _("Breach of the code of conduct")
        HARASSMENT = "harassment", _("Harassment of citizens or parents")

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="conduct_records", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    description = models.TextField(_("description"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    closed_on = models.DateField(
        _("closed on"),
        null=True,
        blank=True,
        help_text=_("A discipline or investigation without this date is still pending."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("conduct record")
        verbose_name_plural = _("conduct records")
        ordering = ["-year", "person"]

    def __str__(self):
        return f"{self.person} — {self.get_kind_display()} ({self.year})"


class Nomination(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the council")
        APPROVED = "approved", _("Approved by the council")
        NOT_APPROVED = "not_approved", _("Not approved by the council")
        AWARDED = "awarded", _("Awarded")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("campaign")
    )
    award_type = models.ForeignKey(
        AwardType, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("award")
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="nominations",
        verbose_name=_("unit"),
        help_text=_("The collective nominated, or the unit of the person nominated."),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("person"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    rating = models.CharField(_("rating of the year"), max_length=16, choices=Rating.choices)
    achievements = models.TextField(_("achievements"))
    initiatives = models.ManyToManyField(
        Initiative, blank=True, related_name="nominations", verbose_name=_("initiatives led")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-year", "unit__path", "id"]

    def __str__(self):
        return f"{self.person or self.unit} — {self.award_type}"

    @property
    def nominee(self) -> str:
        return self.person.full_name if self.person_id else self.unit.name

    @property
    def is_draft(self) -> bool:
        """Still the unit's: once sent to the council a nomination no longer changes."""
        return self.status == self.Status.DRAFT


class AwardSettings(models.Model):
    """A tenant's rules for its council; a tenant without a row uses the defaults."""

    DEFAULT_THRESHOLD = 70

    tenant = models.OneToOneField(
        Tenant, on_delete=models.CASCADE, related_name="award_settings", verbose_name=_("tenant")
    )
    approval_threshold = models.PositiveSmallIntegerField(
        _("approval threshold (%)"),
        default=DEFAULT_THRESHOLD,
        validators=[MinValueValidator(50), MaxValueValidator(100)],
        help_text=_("The share of the members present who must vote for a nomination."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award settings")
        verbose_name_plural = _("award settings")

    def __str__(self):
        return str(self.tenant)


class CouncilSession(models.Model):
    """A meeting of the emulation and reward council (Hội đồng Thi đua – Khen thưởng) of a
    unit: who attended, a vote on each nomination, the result; then the dossier and, once the
    award is decided, the decision."""

    class Status(models.TextChoices):
        OPEN = "open", _("Voting")
        CLOSED = "closed", _("Result recorded")
        DECIDED = "decided", _("Award decided")

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="council_sessions",
        verbose_name=_("council of"),
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        related_name="council_sessions",
        verbose_name=_("campaign"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    held_on = models.DateField(_("meeting date"))
    starts_at = models.TimeField(_("start time"))
    ends_at = models.TimeField(_("end time"), null=True, blank=True)
    place = models.CharField(_("meeting place"), max_length=255)
    approval_threshold = models.PositiveSmallIntegerField(
        _("approval threshold (%)"),
        help_text=_("Copied from the tenant's settings when the session opens."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    minutes_number = models.OneToOneField(
        IssuedNumber,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minutes number"),
    )
    submission_number = models.OneToOneField(
        IssuedNumber,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submission number"),
    )
    list_number = models.OneToOneField(
        IssuedNumber,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("list number"),
    )
    decision_number = models.OneToOneField(
        IssuedNumber,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision number"),
    )
    # A decision issued above (by the authority that confers the award) is recorded as read.
    external_decision = models.CharField(_("decision number"), max_length=100, blank=True)
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    decided_by = models.CharField(_("deciding authority"), max_length=255, blank=True)
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
        verbose_name = _("council session")
        verbose_name_plural = _("council sessions")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.unit} — {self.held_on:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        """The council is voting: members, attendance and ballots still change."""
        return self.status == self.Status.OPEN

    @property
    def awaits_decision(self) -> bool:
        """The result is recorded and the award decision is not yet."""
        return self.status == self.Status.CLOSED

    @property
    def decision_display(self) -> str:
        return self.decision_number.display if self.decision_number_id else self.external_decision


class CouncilMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice chair")
        SECRETARY = "secretary", _("Secretary")
        MEMBER = "member", _("Member")

    session = models.ForeignKey(
        CouncilSession, on_delete=models.CASCADE, related_name="members", verbose_name=_("session")
    )
    full_name = models.CharField(_("full name"), max_length=255)
    position = models.CharField(_("position"), max_length=255, blank=True)
    role = models.CharField(
        _("role in the council"), max_length=16, choices=Role.choices, default=Role.MEMBER
    )
    present = models.BooleanField(_("present"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["session", "id"]

    def __str__(self):
        return self.full_name


class CouncilVote(models.Model):
    """The council's vote on one nomination: ballots for and against, and the result."""

    session = models.ForeignKey(
        CouncilSession, on_delete=models.CASCADE, related_name="votes", verbose_name=_("session")
    )
    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="votes", verbose_name=_("nomination")
    )
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    approved = models.BooleanField(_("approved"), null=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("council vote")
        verbose_name_plural = _("council votes")
        ordering = ["session", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "nomination"], name="council_vote_unique"),
        ]

    def __str__(self):
        return f"{self.nomination}: {self.votes_for}/{self.votes_against}"


class AwardRecord(models.Model):
    """An award a unit or a person received: the history their pages show and the table of
    awards already received in an achievement report. A decision records its awards here;
    earlier ones are entered by the tenant administrator."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="award_records", verbose_name=_("unit")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="award_records",
        verbose_name=_("person"),
        help_text=_("Empty for an award to the unit itself."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("award or title"), max_length=255)
    decision = models.CharField(
        _("decision"), max_length=255, help_text=_("E.g. 1234/QĐ-UBND ngày 15/10/2024")
    )
    issued_by = models.CharField(_("issued by"), max_length=255, blank=True)
    nomination = models.OneToOneField(
        Nomination,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="award_record",
        verbose_name=_("nomination"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award received")
        verbose_name_plural = _("awards received")
        ordering = ["-year", "id"]

    def __str__(self):
        return f"{self.year}: {self.title}"


class Recognition(models.Model):
    """A unit's decision recognising initiatives at unit level (Quyết định công nhận sáng
    kiến, with its annex list): what "Chiến sĩ thi đua cơ sở" asks of an initiative (Luật Thi
    đua, khen thưởng 2022). Signed by the unit's head; numbered from the unit's register when
    issued."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="recognitions",
        verbose_name=_("recognised by"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    decided_on = models.DateField(_("decision date"))
    number = models.OneToOneField(
        IssuedNumber,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision number"),
    )
    signer_position = models.CharField(_("signer's position"), max_length=255, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=255, blank=True)
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
        verbose_name = _("initiative recognition")
        verbose_name_plural = _("initiative recognitions")
        ordering = ["-decided_on", "-id"]

    def __str__(self):
        number = self.number.display if self.number_id else _("draft")
        return f"{number} — {self.unit}"

    @property
    def is_draft(self) -> bool:
        """Not yet numbered: its date, signer and initiatives still change. Issued (numbered
        from the unit's register), it no longer changes."""
        return self.number_id is None

    @property
    def is_issued(self) -> bool:
        return not self.is_draft


class RecognisedInitiative(models.Model):
    """One line of a recognition's annex: an initiative is recognised once."""

    recognition = models.ForeignKey(
        Recognition, on_delete=models.CASCADE, related_name="entries", verbose_name=_("decision")
    )
    initiative = models.OneToOneField(
        Initiative,
        on_delete=models.PROTECT,
        related_name="recognition_entry",
        verbose_name=_("initiative"),
    )
    effect = models.TextField(
        _("effect and scope"),
        blank=True,
        help_text=_("What the annex says of the initiative's effect and where it applies."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recognised initiative")
        verbose_name_plural = _("recognised initiatives")
        ordering = ["recognition", "id"]

    def __str__(self):
        return str(self.initiative)
