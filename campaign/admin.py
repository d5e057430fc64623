from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from units.admin import ReadOnlyAdminMixin, TenantScopedAdminMixin
from units.models import Unit

from .admin_forms import KpiIndicatorAdminForm
from .models import KpiIndicator, ReminderLog


@admin.register(KpiIndicator)
class KpiIndicatorAdmin(TenantScopedAdminMixin, admin.ModelAdmin):
    """The tenant's KPI catalogue, kept by its administrator."""

    form = KpiIndicatorAdminForm
    list_display = ("name", "code", "measure", "numerator_label", "denominator_label")
    search_fields = ("name", "code")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.tenant_id = obj.tenant_id if obj else request.user.tenant_id
        return form


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    """Every reminder the sweeps and reviewers sent, for the record (written by
    `campaign.reminders` only; a failed e-mail is sent again from the "Nhắc hạn" page)."""

    list_display = ("day", "kind", "unit", "deadline", "channel", "status", "attempts", "sent_at")
    list_filter = ("status", "kind", "channel", "day")
    search_fields = ("unit__name", "unit__code")
    list_select_related = ("unit", "deadline__phase")
    date_hierarchy = "day"
    # The stored lists (addresses, user ids, a digest's late units) read as sentences.
    fields = (
        "tenant",
        "unit",
        "deadline",
        "schedule",
        "year",
        "period",
        "kind",
        "offset",
        "channel",
        "day",
        "due_date",
        "recipients_shown",
        "late_units_shown",
        "status",
        "attempts",
        "last_error",
        "requested_by",
        "created_at",
        "sent_at",
    )

    @admin.display(description=_("recipients"))
    def recipients_shown(self, obj):
        if obj.channel == ReminderLog.Channel.APP:
            users = get_user_model().objects.filter(pk__in=obj.recipients)
            return ", ".join(user.full_name or user.username for user in users) or "—"
        return ", ".join(str(address) for address in obj.recipients) or "—"

    @admin.display(description=_("units that have not submitted"))
    def late_units_shown(self, obj):
        late = obj.detail.get("late") or []
        if not late:
            return "—"
        names = Unit.objects.filter(pk__in=late).order_by("path").values_list("name", flat=True)
        return f"{len(late)}/{obj.detail.get('expected', len(late))}: " + ", ".join(names)
