from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from units.models import Tenant

from .kinds import Channel, Kind


class Notification(models.Model):
    """An in-app message to one user, shown in the notification centre of the page header."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
    )
    # The reminder that wrote it. A lazy reference, not an import: campaign sits above this
    # app. Issue 20's log of deliveries per (event, recipient, channel) is meant to replace it.
    reminder = models.ForeignKey(
        "campaign.ReminderLog",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("reminder"),
    )
    # What happened ("reminder", ...): what a person's choice of channel will be made per.
    kind = models.CharField(_("kind"), max_length=40, blank=True, default="")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    title = models.CharField(_("title"), max_length=500)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # Set when its e-mail went out: a task run twice sends it once.
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        # The table campaign created before the model moved here (the data never moved).
        db_table = "campaign_notification"
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="campaign_no_user_id_54d18d_idx")]

    def __str__(self):
        return self.title


class ChannelDefault(models.Model):
    """The tenant's default channel for one kind (the platform's `kinds.DEFAULT_CHANNELS`
    where it has none)."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("tenant")
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("default channel")
        verbose_name_plural = _("default channels")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "kind"], name="channel_default_once")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.get_channel_display()}"


class ChannelChoice(models.Model):
    """How one person wants the notifications of one kind: in the app only, an e-mail at
    once, or in the daily digest."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("tenant")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="channel_choices",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("channel choice")
        verbose_name_plural = _("channel choices")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="channel_choice_once")]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()}: {self.get_channel_display()}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    # With the mail server: claimed by a task, not yet recorded sent (core/queueing.py).
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    NO_ADDRESS = "no_address", _("Not sent: no e-mail address")
    FAILED = "failed", _("Failed")


class Digest(models.Model):
    """One person's daily digest e-mail: unique per (person, day), so a digest run twice
    on a day, or its task redelivered, sends it once."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    day = models.DateField(_("day"))
    status = models.CharField(
        _("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # The run that wrote the row: which rows of an insert that skipped conflicts are its own.
    batch = models.UUIDField(editable=False, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("daily digest")
        verbose_name_plural = _("daily digests")
        ordering = ["-day", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_a_day")]

    def __str__(self):
        return f"{self.user} {self.day}"


class Delivery(models.Model):
    """How one notification leaves the application: an e-mail at once, or a line of the
    recipient's next digest. One row per (notification, channel), its recipient being the
    notification's: a task run twice, or redelivered, finds it sent."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    notification = models.ForeignKey(
        Notification,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("notification"),
    )
    # The notification's recipient, kept here so a digest run groups without a join.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # The digest that carries it (a digest delivery taken by a run).
    digest = models.ForeignKey(
        Digest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("daily digest"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="delivery_once_per_channel"
            )
        ]
        indexes = [
            models.Index(fields=["channel", "digest", "user"]),
            models.Index(fields=["tenant", "status"]),
        ]

    def __str__(self):
        return f"{self.notification} ({self.get_channel_display()})"
