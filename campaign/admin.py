from django.contrib import admin

from units.admin import TenantScopedAdminMixin

from .models import KpiIndicator


@admin.register(KpiIndicator)
class KpiIndicatorAdmin(TenantScopedAdminMixin, admin.ModelAdmin):
    """The tenant's KPI catalogue, kept by its administrator."""

    list_display = ("name", "code", "measure", "numerator_label", "denominator_label")
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}
