from django.contrib import admin

from units.admin import TenantScopedAdminMixin

from .models import AwardType, ConductRecord


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
