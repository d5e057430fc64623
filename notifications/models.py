from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from units.models import Tenant


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
