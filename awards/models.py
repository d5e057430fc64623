"""Award types, the conduct record that decides eligibility, and nominations.

A unit head nominates the unit (a collective) or one of its people (an individual) for an
award type of the tenant under a campaign; the eligibility rules (`awards.services`) say
whether the nomination may go to the council and why not: Nghị định 152/2025/NĐ-CP (no award
while discipline or an investigation is pending), the year's rating, the seeds' veto of a
collective with a member who broke the code of conduct or harassed citizens (seeds 000, 002),
and the award type's own conditions.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaign.models import Campaign
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

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-year", "unit__path", "id"]

    def __str__(self):
        return f"{self.person or self.unit} — {self.award_type}"

    @property
    def nominee(self) -> str:
        return self.person.full_name if self.person_id else self.unit.name
