"""The tenant's reminder settings: when units are reminded (days before a due date), by
which channels, whether an overdue notice and the reviewers' digest go out, and after how
many days a submitted item still undecided is put in its reviewers' review-work reminder."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from campaign import rules
from campaign.models import ReminderLog, ReminderSettings
from units.models import Tenant
from units.permissions import Actor

Channel = ReminderLog.Channel


def reminder_settings_for(tenant_id: int) -> ReminderSettings:
    """The tenant's settings, or the defaults (unsaved) when it has none."""
    found = ReminderSettings.objects.filter(tenant_id=tenant_id).first()
    return found or ReminderSettings(tenant_id=tenant_id)


def channels_of(config: ReminderSettings) -> list[str]:
    return [
        channel
        for channel, enabled in ((Channel.EMAIL, config.by_email), (Channel.APP, config.in_app))
        if enabled
    ]


def parse_offsets(text: str) -> list[int]:
    """ "7, 3, 1, 0" → [7, 3, 1, 0]; a clear message for anything else."""
    values = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or int(part) > 60:
            raise ValidationError(
                _("“%(value)s” is not a number of days between 0 and 60.") % {"value": part}
            )
        values.append(int(part))
    if not values:
        raise ValidationError(_("Give at least one day, e.g. 7, 3, 1, 0."))
    if len(values) > 10:
        raise ValidationError(_("At most 10 reminders per deadline."))
    return sorted(set(values), reverse=True)


@transaction.atomic
def reminder_settings_save(
    *, actor: Actor, tenant: Tenant, offsets: list[int], **flags
) -> ReminderSettings:
    if not rules.can_manage_reminders(actor, tenant.pk):
        raise PermissionDenied(_("Only the tenant administrator changes reminder settings."))
    config, _created = ReminderSettings.objects.get_or_create(tenant=tenant)
    config.offsets = sorted(set(offsets), reverse=True)
    for name in ("by_email", "in_app", "overdue_notice", "reviewer_digest"):
        if name in flags:
            setattr(config, name, bool(flags[name]))
    if flags.get("review_wait_days") is not None:
        days = flags["review_wait_days"]
        if not isinstance(days, int) or days < 1:
            raise ValidationError(_("Give a whole number of days, at least 1."))
        config.review_wait_days = days
    config.save()
    return config
