from django.contrib import admin

from units.admin import ReadOnlyAdminMixin, TenantScopedAdminMixin

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
