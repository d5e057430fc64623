"""Award types, the conduct record that decides eligibility, and nominations.

A unit head nominates the unit (a collective) or one of its people (an individual) for an
award type of the tenant under a campaign; the eligibility rules (`awards.services.eligibility`) say
whether the nomination may go to the council and why not: Nghị định 152/2025/NĐ-CP (no award
while discipline or an investigation is pending), the year's rating, the seeds' veto of a
collective with a member who broke the code of conduct or harassed citizens (seeds 000, 002),
and the award type's own conditions.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
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


class VoteBase(models.TextChoices):
    """What a council's approval threshold is a share of."""

    ATTENDING = "attending", _("Members attending and consulted")
    ALL_MEMBERS = "all", _("All members of the council")


class DisciplineLevel(models.TextChoices):
    """The forms of discipline of cán bộ, công chức and viên chức, lightest first;
    `DISCIPLINE_RANK` keeps their order. Since Nghị định 172/2025/NĐ-CP (30/6/2025) a công
    chức is disciplined by khiển trách, cảnh cáo, cách chức (a leader) or buộc thôi việc, as a
    viên chức is; hạ bậc lương and giáng chức (ranked alike, between cảnh cáo and cách chức)
    remain for records decided before it. Bãi nhiệm (an elected cán bộ) ranks with cách
    chức."""

    REPRIMAND = "reprimand", _("Reprimand")
    WARNING = "warning", _("Warning")
    SALARY_REDUCTION = "salary_reduction", _("Salary grade reduction")
    DEMOTION = "demotion", _("Demotion")
    REMOVAL = "removal", _("Removal from post")
    RECALL = "recall", _("Recall from elected office")
    DISMISSAL = "dismissal", _("Forced dismissal")


DISCIPLINE_RANK = {
    DisciplineLevel.REPRIMAND: 1,
    DisciplineLevel.WARNING: 2,
    DisciplineLevel.SALARY_REDUCTION: 3,
    DisciplineLevel.DEMOTION: 3,
    DisciplineLevel.REMOVAL: 4,
    DisciplineLevel.RECALL: 4,
    DisciplineLevel.DISMISSAL: 5,
}


class LegalTitle(models.TextChoices):
    """The award or title of the law an award type is: its rules may be tightened by the
    tenant, never loosened below the law's (`awards.defaults.LAW`)."""

    ADVANCED_WORKER = "advanced_worker", _("Lao động tiên tiến")
    EMULATION_FIGHTER = "emulation_fighter", _("Chiến sĩ thi đua cơ sở")
    ADVANCED_COLLECTIVE = "advanced_collective", _("Tập thể lao động tiên tiến")
    EXCELLENT_COLLECTIVE = "excellent_collective", _("Tập thể lao động xuất sắc")
    CERTIFICATE = "certificate", _("Giấy khen")
    MERIT = "merit", _("Bằng khen")
    OTHER = "other", _("Other")


class InitiativeRule(models.TextChoices):
    """What the nominee's initiatives must be, weakest first."""

    NONE = "none", _("No initiative needed")
    ACCEPTED = "accepted", _("An initiative accepted in the campaign")
    RECOGNISED = "recognised", _("An initiative recognised at unit level by a decision")


INITIATIVE_RULE_RANK = {
    InitiativeRule.NONE: 0,
    InitiativeRule.ACCEPTED: 1,
    InitiativeRule.RECOGNISED: 2,
}


def _breach_kinds_default():
    return ["code_of_conduct", "harassment"]


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
    legal_title = models.CharField(
        _("title in the law"),
        max_length=24,
        choices=LegalTitle.choices,
        default=LegalTitle.OTHER,
        help_text=_("The law's rules for this title are the least this award type asks."),
    )
    # Eligibility as data: what bars the nominee (`awards.services.eligibility_by_nomination`).
    person_discipline_level = models.CharField(
        _("a discipline of the nominee from this level bars"),
        max_length=16,
        choices=DisciplineLevel.choices,
        blank=True,
        default=DisciplineLevel.REPRIMAND,
        help_text=_("In the nomination's year; empty: a discipline does not bar by itself."),
    )
    person_breach_kinds = models.JSONField(
        _("breaches that bar the nominee"),
        default=_breach_kinds_default,
        blank=True,
        help_text=_("Kinds of conduct record in the year that bar the person nominated."),
    )
    member_discipline_level = models.CharField(
        _("a member's discipline from this level bars the collective"),
        max_length=16,
        choices=DisciplineLevel.choices,
        blank=True,
        default="",
        help_text=_("In the nomination's year; empty: members' disciplines do not bar."),
    )
    member_breach_kinds = models.JSONField(
        _("a member's breaches that bar the collective"),
        default=_breach_kinds_default,
        blank=True,
        help_text=_("Seeds 000 and 002: a member who broke the code of conduct or harassed."),
    )
    pending_bars = models.BooleanField(
        _("pending verifications bar"),
        default=True,
        help_text=_(
            "A discipline, investigation, inspection, complaint or denunciation, or press "
            "report being verified bars the award until it is concluded (always, by law)."
        ),
    )
    counts_from_discipline_end = models.BooleanField(
        _("achievements count from the end of a discipline"),
        default=True,
        help_text=_("Only the months after a discipline's term ended count (always, by law)."),
    )
    min_months_worked = models.PositiveSmallIntegerField(
        _("lowest months worked in the year"),
        default=0,
        validators=[MaxValueValidator(12)],
        help_text=_("Maternity leave counts as time worked; 0: no such rule."),
    )
    initiative_rule = models.CharField(
        _("initiative needed"),
        max_length=16,
        choices=InitiativeRule.choices,
        default=InitiativeRule.NONE,
    )
    initiative_reuse = models.BooleanField(
        _("an initiative may support another award"),
        default=False,
        help_text=_(
            "Unticked: an initiative already used by a nomination sent to the council, "
            "approved or awarded cannot support this one."
        ),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    # How the council votes on it (DOMAIN "Council votes": education practice, unconfirmed
    # under the 2025 texts, so per type): base-level titles 70% of those attending and
    # consulted, by show of hands; higher titles 90% of all members, by secret ballot.
    vote_base = models.CharField(
        _("threshold counted on"),
        max_length=16,
        choices=VoteBase.choices,
        default=VoteBase.ATTENDING,
    )
    vote_threshold = models.PositiveSmallIntegerField(
        _("approval threshold (%)"),
        default=70,
        validators=[MinValueValidator(50), MaxValueValidator(100)],
        help_text=_("The share of the base above who must vote for a nomination."),
    )
    secret_ballot = models.BooleanField(_("secret ballot"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award type")
        verbose_name_plural = _("award types")
        ordering = ["subject", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        """Refuse a rule looser than the law's for the title (`awards.defaults.LAW`)."""
        from .defaults import law_violations

        errors = law_violations(self)
        if errors:
            raise ValidationError(errors)


class ConductRecord(models.Model):
    """A disciplinary measure, an investigation, or a breach of the code of conduct on a
    person's record: what the eligibility rules read."""

    class Kind(models.TextChoices):
        DISCIPLINE = "discipline", _("Disciplinary measure")
        INVESTIGATION = "investigation", _("Investigation")
        INSPECTION = "inspection", _("Inspection or audit")
        COMPLAINT = "complaint", _("Complaint or denunciation")
        PRESS_REPORT = "press_report", _("Press report")
        CODE_OF_CONDUCT = "code_of_conduct", _("Breach of the code of conduct")
        HARASSMENT = "harassment", _("Harassment of citizens or parents")

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="conduct_records", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    level = models.CharField(
        _("form of discipline"),
        max_length=16,
        choices=DisciplineLevel.choices,
        blank=True,
        help_text=_("For a discipline: khiển trách, cảnh cáo, hạ bậc lương …"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    description = models.TextField(_("description"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    closed_on = models.DateField(
        _("closed on"),
        null=True,
        blank=True,
        help_text=_(
            "The day the verification concluded or the discipline's term ended; without it, "
            "the record is still pending."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("conduct record")
        verbose_name_plural = _("conduct records")
        ordering = ["-year", "person"]

    # Being verified until closed (Nghị định 152/2025/NĐ-CP, Art. 4); a discipline is pending
    # until its term ends.
    PENDING_KINDS = frozenset(
        {Kind.DISCIPLINE, Kind.INVESTIGATION, Kind.INSPECTION, Kind.COMPLAINT, Kind.PRESS_REPORT}
    )

    def __str__(self):
        return f"{self.person} — {self.get_kind_display()} ({self.year})"

    @property
    def can_be_pending(self) -> bool:
        """A kind the law holds an award back for while it is open."""
        return self.kind in self.PENDING_KINDS

    def is_open_on(self, day) -> bool:
        """Still being verified (or the discipline still running) on `day`."""
        return self.can_be_pending and (self.closed_on is None or self.closed_on > day)

    @property
    def is_pending(self) -> bool:
        return self.can_be_pending and self.closed_on is None

    @property
    def level_rank(self) -> int:
        """The discipline's rank; a discipline without its form recorded counts as the
        heaviest, so that it bars until someone enters it."""
        return DISCIPLINE_RANK.get(self.level, max(DISCIPLINE_RANK.values()))


class NominationQuerySet(models.QuerySet):
    def using_initiatives(self) -> "NominationQuerySet":
        """Nominations whose initiatives count as used for an award: sent to the council,
        approved or awarded (not a draft, withdrawn or refused by the council).
        `Nomination.uses_initiatives` answers the same for one."""
        return self.filter(status__in=Nomination.USING_STATUSES)


class Nomination(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the council")
        APPROVED = "approved", _("Approved by the council")
        NOT_APPROVED = "not_approved", _("Not approved by the council")
        AWARDED = "awarded", _("Awarded")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    USING_STATUSES = (Status.SUBMITTED, Status.APPROVED, Status.AWARDED)

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
    months_worked = models.PositiveSmallIntegerField(
        _("months worked in the year"),
        default=12,
        validators=[MaxValueValidator(12)],
        help_text=_("Not counting maternity leave, entered below."),
    )
    maternity_months = models.PositiveSmallIntegerField(
        _("months of maternity leave in the year"),
        default=0,
        validators=[MaxValueValidator(12)],
        help_text=_("Counted as time worked."),
    )
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

    objects = NominationQuerySet.as_manager()

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

    @property
    def uses_initiatives(self) -> bool:
        return self.status in self.USING_STATUSES

    @property
    def months_counted(self) -> int:
        """Months worked with maternity leave counted as time worked, at most 12."""
        return min(12, (self.months_worked or 0) + (self.maternity_months or 0))

    def clean(self):
        if (
            self.months_worked is not None
            and self.maternity_months is not None
            and self.months_worked + self.maternity_months > 12
        ):
            raise ValidationError(
                {
                    "maternity_months": _(
                        "The months worked and of maternity leave add up to more than 12."
                    )
                }
            )


class AwardSettings(models.Model):
    """A tenant's rules for its council; a tenant without a row uses the defaults. The quorum
    is a fraction, so that exactly two thirds counts in whole numbers (6 of 9 is a quorum,
    6 of 10 is not); the threshold of each award is on its type."""

    DEFAULT_QUORUM = (2, 3)

    tenant = models.OneToOneField(
        Tenant, on_delete=models.CASCADE, related_name="award_settings", verbose_name=_("tenant")
    )
    quorum_numerator = models.PositiveSmallIntegerField(
        _("quorum: members present (numerator)"),
        default=DEFAULT_QUORUM[0],
        validators=[MinValueValidator(1)],
    )
    quorum_denominator = models.PositiveSmallIntegerField(
        _("quorum: of the members (denominator)"),
        default=DEFAULT_QUORUM[1],
        validators=[MinValueValidator(1)],
        help_text=_("2 and 3: the meeting is valid with at least two thirds of the members."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award settings")
        verbose_name_plural = _("award settings")

    def __str__(self):
        return str(self.tenant)

    def clean(self):
        numerator, denominator = self.quorum_numerator, self.quorum_denominator
        if numerator and denominator and not denominator <= 2 * numerator <= 2 * denominator:
            raise ValidationError(
                {"quorum_numerator": _("The quorum is between one half and all the members.")}
            )


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
    # Copied from the tenant's settings when the session opens: a later change of the settings
    # does not rewrite the record.
    quorum_numerator = models.PositiveSmallIntegerField(_("quorum: numerator"), default=2)
    quorum_denominator = models.PositiveSmallIntegerField(_("quorum: denominator"), default=3)
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

    def has_quorum(self, present: int, total: int) -> bool:
        """At least the quorum's fraction of the members present, in whole numbers."""
        return total > 0 and present * self.quorum_denominator >= self.quorum_numerator * total

    @property
    def quorum_display(self) -> str:
        return f"{self.quorum_numerator}/{self.quorum_denominator}"


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
    voted_in_writing = models.BooleanField(
        _("voted in writing"),
        default=False,
        help_text=_("Absent, and sent a written opinion or ballot (it counts in the vote)."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["session", "id"]

    def __str__(self):
        return self.full_name


class CouncilBallot(models.Model):
    """The council's vote on one award type in a session: the rule it follows, copied from
    the award type when the session opens (a later change of the type does not rewrite the
    record), the quota of that award in this session, and for a secret ballot the ballot
    papers issued, returned and valid. The ballots are counted, never per member."""

    session = models.ForeignKey(
        CouncilSession,
        on_delete=models.CASCADE,
        related_name="ballots",
        verbose_name=_("session"),
    )
    award_type = models.ForeignKey(
        AwardType, on_delete=models.PROTECT, related_name="+", verbose_name=_("award")
    )
    base = models.CharField(_("threshold counted on"), max_length=16, choices=VoteBase.choices)
    threshold = models.PositiveSmallIntegerField(_("approval threshold (%)"))
    secret = models.BooleanField(_("secret ballot"), default=False)
    quota = models.PositiveSmallIntegerField(
        _("quota"),
        null=True,
        blank=True,
        help_text=_("The most nominations of this award the council may approve; empty: no cap."),
    )
    ballots_issued = models.PositiveSmallIntegerField(_("ballots issued"), null=True, blank=True)
    ballots_returned = models.PositiveSmallIntegerField(
        _("ballots returned"), null=True, blank=True
    )
    ballots_valid = models.PositiveSmallIntegerField(_("valid ballots"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("council ballot")
        verbose_name_plural = _("council ballots")
        ordering = ["session", "award_type__subject", "award_type__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "award_type"], name="council_ballot_unique"),
        ]

    def __str__(self):
        return f"{self.session}: {self.award_type}"

    @property
    def counts_all_members(self) -> bool:
        return self.base == VoteBase.ALL_MEMBERS


class Preference(models.TextChoices):
    """Nghị định 152/2025/NĐ-CP Art. 4: on equal merit, women and collectives with at least
    70% women come first."""

    WOMAN = "woman", _("a woman")
    WOMEN_COLLECTIVE = "women_70", _("a collective with at least 70% women")


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
    # The ballots of absent members who voted in writing.
    written_for = models.PositiveSmallIntegerField(_("written votes for"), default=0)
    written_against = models.PositiveSmallIntegerField(_("written votes against"), default=0)
    approved = models.BooleanField(_("approved"), null=True)
    # When more nominations of an award pass than its quota: the place in the ranking, the
    # preference that decided a tie (Nghị định 152/2025/NĐ-CP Art. 4), and whether the
    # nomination passed the threshold but fell beyond the quota.
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    preference = models.CharField(
        _("preferred as"), max_length=16, choices=Preference.choices, blank=True
    )
    beyond_quota = models.BooleanField(_("beyond the quota"), default=False)

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


def recognised_filter(prefix: str = "") -> Q:
    """Initiatives (reached through `prefix`, e.g. "initiative__") recognised at unit level by
    an issued decision: a numbered `Recognition` lists them."""
    return Q(**{f"{prefix}recognition_entry__recognition__number__isnull": False})


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
