from django.contrib import admin

from units.admin import ReadOnlyAdminMixin, TenantScopedAdminMixin

from .models import Initiative, InitiativeEvent


class InitiativeEventInline(admin.TabularInline):
    model = InitiativeEvent
    extra = 0
    fields = ("created_at", "action", "from_status", "to_status", "actor", "comment")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Initiative)
class InitiativeAdmin(ReadOnlyAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    """Read only: initiatives change through their workflow, and the audit trail shows how."""

    list_display = ("name", "unit", "status", "is_late", "updated_at")
    list_filter = ("status", "is_late", "kind", "area")
    search_fields = ("name", "search_text")
    list_select_related = ("unit",)
    inlines = [InitiativeEventInline]
