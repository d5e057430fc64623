from django.contrib import admin

from units.admin import TenantScopedAdminMixin

from .admin_forms import AwardTypeAdminForm
from .models import AwardRecord, AwardSettings, AwardType, ConductRecord


@admin.register(AwardType)
class AwardTypeAdmin(TenantScopedAdminMixin, admin.ModelAdmin):
    """The tenant's award forms and titles, kept by its administrator."""

    form = AwardTypeAdminForm
    list_display = (
        "name",
        "subject",
        "legal_title",
        "conferring_authority",
        "min_rating",
        "vote_threshold",
        "vote_base",
        "secret_ballot",
        "is_active",
    )
    list_filter = ("subject", "legal_title", "is_active")
    search_fields = ("name",)


@admin.register(ConductRecord)
class ConductRecordAdmin(TenantScopedAdminMixin, admin.ModelAdmin):
    """Disciplines, investigations and breaches of the code of conduct: what eligibility
    reads. Kept by the tenant administrator."""

    list_display = ("person", "kind", "level", "year", "decided_on", "closed_on")
    list_filter = ("kind", "year")
    search_fields = ("person__full_name",)
    list_select_related = ("person",)


@admin.register(AwardRecord)
class AwardRecordAdmin(TenantScopedAdminMixin, admin.ModelAdmin):
    """Awards received: decisions recorded here by the platform, earlier ones entered by the
    tenant administrator (they fill table III of the achievement reports)."""

    list_display = ("year", "title", "unit", "person", "decision", "issued_by")
    list_filter = ("year",)
    search_fields = ("title", "unit__name", "person__full_name", "decision")
    list_select_related = ("unit", "person")
    exclude = ("nomination",)


@admin.register(AwardSettings)
class AwardSettingsAdmin(TenantScopedAdminMixin, admin.ModelAdmin):
    """The council's rules: one row per tenant (a tenant without one uses the defaults)."""

    list_display = ("tenant", "quorum_numerator", "quorum_denominator")

    def has_add_permission(self, request, *args):
        if not super().has_add_permission(request, *args):
            return False
        # The tenant column is not on a tenant administrator's form, so a second row would
        # only fail in the database: once the tenant has its row, it is edited, not added.
        if request.user.is_superuser:
            return True
        return not AwardSettings.objects.filter(tenant_id=request.user.tenant_id).exists()
