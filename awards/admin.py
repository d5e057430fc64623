from django.contrib import admin

from units.admin import TenantScopedAdminMixin

from .models import AwardRecord, AwardSettings, AwardType, ConductRecord


@admin.register(AwardType)
class AwardTypeAdmin(TenantScopedAdminMixin, admin.ModelAdmin):
    """The tenant's award forms and titles, kept by its administrator."""

    list_display = ("name", "subject", "conferring_authority", "min_rating", "is_active")
    list_filter = ("subject", "is_active")
    search_fields = ("name",)


@admin.register(ConductRecord)
class ConductRecordAdmin(TenantScopedAdminMixin, admin.ModelAdmin):
    """Disciplines, investigations and breaches of the code of conduct: what eligibility
    reads. Kept by the tenant administrator."""

    list_display = ("person", "kind", "year", "decided_on", "closed_on")
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
    list_display = ("tenant", "approval_threshold")
