"""The tenant administrator's admin: every page shows and edits their own tenant only.

Tree positions change only through the services (add here, move/dissolve/merge on the unit's
page), because treebeard paths must never be edited as plain fields.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Membership, Person, Tenant, Unit, UnitChange, UnitKind, User
from .selectors import is_tenant_admin


def _may_administer(request) -> bool:
    user = request.user
    return user.is_active and (user.is_superuser or is_tenant_admin(user))


class TenantScopedAdminMixin:
    """Rows of the administrator's tenant only; foreign keys offer that tenant's rows only; the
    tenant column is filled in, never chosen, except by a platform superuser."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(tenant_id=request.user.tenant_id)

    def has_module_permission(self, request):
        return _may_administer(request)

    def has_view_permission(self, request, obj=None):
        return _may_administer(request)

    def has_add_permission(self, request, *args):
        return _may_administer(request)

    def has_change_permission(self, request, obj=None):
        return _may_administer(request)

    def has_delete_permission(self, request, obj=None):
        return _may_administer(request)

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if not request.user.is_superuser:
            exclude.append("tenant")
        return exclude

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        related = db_field.related_model
        if (
            field is not None
            and not request.user.is_superuser
            and any(f.name == "tenant" for f in related._meta.get_fields())
        ):
            field.queryset = field.queryset.filter(tenant_id=request.user.tenant_id)
        return field

    def save_model(self, request, obj, form, change):
        if not change and not request.user.is_superuser:
            obj.tenant_id = request.user.tenant_id
        super().save_model(request, obj, form, change)


class ReadOnlyAdminMixin:
    """A register kept by the services: the admin shows it, never writes it."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "is_active")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(UnitKind)
class UnitKindAdmin(admin.ModelAdmin):
    """Shared by all tenants: tenant administrators may read it, only superusers change it."""

    list_display = ("name", "code", "is_school", "sort_order")

    def has_module_permission(self, request):
        return _may_administer(request)

    def has_view_permission(self, request, obj=None):
        return _may_administer(request)


class UnitAdminForm(forms.ModelForm):
    parent = forms.ModelChoiceField(
        label=_("Parent unit"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Leave empty only for the tenant's top unit."),
    )

    class Meta:
        model = Unit
        fields = [
            "tenant",
            "name",
            "code",
            "kind",
            "place_name",
            "parent_body_name",
            "ownership",
            "email",
        ]

    # Set by UnitAdmin.get_form: the tenant excluded from the form for tenant administrators.
    tenant_id = None

    def clean(self):
        cleaned = super().clean()
        tenant_id = getattr(cleaned.get("tenant"), "pk", None) or self.tenant_id
        code = cleaned.get("code")
        if code and tenant_id:
            clash = Unit.objects.filter(tenant_id=tenant_id, code=code).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("code", _("Another unit of this tenant already uses this code."))
        return cleaned


@admin.register(Unit)
class UnitAdmin(TenantScopedAdminMixin, admin.ModelAdmin):
    form = UnitAdminForm
    list_display = ("name", "code", "kind", "place_name", "status", "depth")
    list_filter = ("kind", "status")
    search_fields = ("name", "code")
    ordering = ("path",)
    list_select_related = ("kind",)
    readonly_fields = ("status", "dissolved_on", "successor")

    def has_delete_permission(self, request, obj=None):
        return False  # units are dissolved, never deleted: history points at them

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.tenant_id = obj.tenant_id if obj else request.user.tenant_id
        if obj is None:
            queryset = Unit.objects.active()
            if not request.user.is_superuser:
                queryset = queryset.filter(tenant_id=request.user.tenant_id)
            form.base_fields["parent"].queryset = queryset
        else:
            form.base_fields.pop("parent", None)
        return form

    def get_fields(self, request, obj=None):
        fields = [f for f in super().get_fields(request, obj) if f != "parent"]
        return ["parent", *fields] if obj is None else fields

    def save_model(self, request, obj, form, change):
        data = {
            name: form.cleaned_data[name] for name in form._meta.fields if name in form.cleaned_data
        }
        tenant = data.pop("tenant", None) or request.user.tenant
        parent = data.pop("parent", None)
        if change:
            services.unit_update(actor=request.user, unit=obj, **data)
        else:
            created = services.unit_create(actor=request.user, tenant=tenant, parent=parent, **data)
            obj.pk = created.pk


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    fields = ("unit", "role")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "unit" and not request.user.is_superuser:
            field.queryset = field.queryset.filter(tenant_id=request.user.tenant_id)
        return field

    def has_view_permission(self, request, obj=None):
        return _may_administer(request)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(User)
class UserAdmin(TenantScopedAdminMixin, DjangoUserAdmin):
    list_display = ("username", "full_name", "email", "is_active", "last_login")
    search_fields = ("username", "full_name", "email")
    ordering = ("username",)
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("full_name", "email")}),
        (_("Access"), {"fields": ("tenant", "is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "full_name", "email", "password1", "password2")}),
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        # A tenant administrator never grants platform rights nor picks another tenant.
        hidden = {"tenant", "is_staff", "is_superuser"}
        return [
            (title, {**opts, "fields": tuple(f for f in opts["fields"] if f not in hidden)})
            for title, opts in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        return ("last_login", "date_joined")

    def save_formset(self, request, form, formset, change):
        changed = formset.save(commit=False)
        for membership in formset.deleted_objects:
            membership.delete()
        for membership in changed:
            if membership.pk:  # an edited row is a new grant replacing the old one
                Membership.objects.filter(pk=membership.pk).delete()
            services.membership_grant(
                actor=request.user, user=form.instance, unit=membership.unit, role=membership.role
            )


@admin.register(Person)
class PersonAdmin(TenantScopedAdminMixin, admin.ModelAdmin):
    list_display = ("full_name", "position", "unit", "email")
    search_fields = ("full_name", "email")
    list_select_related = ("unit",)
    fields = ("tenant", "unit", "full_name", "position", "email", "citizen_id", "user")


@admin.register(UnitChange)
class UnitChangeAdmin(ReadOnlyAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "unit",
        "kind",
        "old_parent",
        "new_parent",
        "successor",
        "effective_on",
        "actor",
    )
    list_filter = ("kind",)
    list_select_related = ("unit", "old_parent", "new_parent", "successor", "actor")
