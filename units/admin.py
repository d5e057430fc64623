"""The tenant administrator's admin: every page shows and edits their own tenant only.

Tree positions change only through the services (add here, move/dissolve/merge on the unit's
page), because treebeard paths must never be edited as plain fields.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import ReadOnlyPasswordHashWidget, UserChangeForm
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from core.text import slugify_vi

from . import services
from .models import (
    CitizenIdView,
    Membership,
    Person,
    Tenant,
    Unit,
    UnitChange,
    UnitKind,
    User,
)
from .onboarding import FIELDSETS, TenantOnboardForm
from .permissions import is_tenant_admin


def _may_administer(request) -> bool:
    user = request.user
    return user.is_active and (user.is_superuser or is_tenant_admin(user))


def _has_tenant_column(model) -> bool:
    return any(f.name == "tenant" for f in model._meta.fields)


def _without_fields(fieldsets, hidden: set[str]):
    result = []
    for title, opts in fieldsets:
        fields = tuple(f for f in opts["fields"] if f not in hidden)
        if fields:
            result.append((title, {**opts, "fields": fields}))
    return result


def _tenant_form(form_class, tenant_id: int | None):
    """The admin form of a tenant-owned row, made safe for both kinds of administrator.

    A tenant administrator never picks the tenant (`tenant_id` is theirs): the new row belongs
    to their tenant before validation, so the checks that involve the tenant (a code or a
    citizen id unique in the tenant, one settings row per tenant) run on the form and answer
    with an error on the page instead of a database error; an error about the tenant itself
    shows above the form. For everyone, and above all the platform operator who picks the
    tenant and may pick rows of any tenant, a chosen row of another tenant (a unit, a person,
    a user) is an error on its field, never a server error or a row pointing across tenants."""

    class TenantForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            new = self.instance._state.adding and self.instance.tenant_id is None
            if tenant_id is not None and new:
                self.instance.tenant_id = tenant_id

        def clean(self):
            cleaned = super().clean()
            if "tenant" in self.fields:
                chosen = cleaned.get("tenant")
                owner = chosen.pk if chosen is not None else None
            else:
                owner = self.instance.tenant_id
            if owner is None:
                return cleaned
            for name, value in list(cleaned.items()):
                if name == "tenant" or name in self.errors:
                    continue
                if isinstance(value, models.QuerySet):
                    foreign = _has_tenant_column(value.model) and (
                        value.exclude(tenant_id=owner).exists()
                    )
                else:
                    foreign = (
                        isinstance(value, models.Model)
                        and _has_tenant_column(type(value))
                        and value.tenant_id != owner
                    )
                if foreign:
                    self.add_error(name, _("This choice belongs to another tenant."))
            return cleaned

        def _get_validation_exclusions(self):
            exclude = super()._get_validation_exclusions()
            if self.instance.tenant_id is not None:
                exclude.discard("tenant")
            return exclude

        def _update_errors(self, errors):
            if (
                "tenant" not in self.fields
                and hasattr(errors, "error_dict")
                and "tenant" in errors.error_dict
            ):
                error_dict = dict(errors.error_dict)
                moved = error_dict.pop("tenant")
                error_dict.setdefault(NON_FIELD_ERRORS, []).extend(moved)
                errors = ValidationError(error_dict)
            super()._update_errors(errors)

    TenantForm.__name__ = form_class.__name__
    TenantForm.__qualname__ = form_class.__qualname__
    return TenantForm


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

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return [name for name in fields if name != "tenant"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        # A fieldset naming the tenant would look the field up in a form that has none.
        return _without_fields(fieldsets, {"tenant"})

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not _has_tenant_column(self.model):
            return form
        return _tenant_form(form, None if request.user.is_superuser else request.user.tenant_id)

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


class TenantAdminForm(forms.ModelForm):
    """The tenant's own data; its short name is folded from the name when left empty (the
    admin's JavaScript would drop every accented letter: "phng-sai-gon")."""

    class Meta:
        model = Tenant
        fields = ["name", "slug", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "Left empty, it is made from the name (“Phường Sài Gòn” → “phuong-sai-gon”). "
            "Lower-case letters without accents, digits and “-”."
        )

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or slugify_vi(
            self.cleaned_data.get("name", ""), Tenant._meta.get_field("slug").max_length
        )
        if not slug:
            raise ValidationError(_("Type a short name: the name gives none to fold."))
        return slug


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    """Platform operators only. Adding a tenant is the onboarding form: the tenant, its root
    unit and its first administrator at once, with the defaults of every app."""

    form = TenantAdminForm
    list_display = ("name", "slug", "is_active", "created_at")
    search_fields = ("name", "slug")

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    has_add_permission = has_change_permission = has_view_permission

    def has_delete_permission(self, request, obj=None):
        return False  # units, users and records point at it: deactivate instead

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = TenantOnboardForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                done = services.tenant_onboard(actor=request.user, **form.service_arguments())
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                self.log_addition(request, done.tenant, [{"added": {}}])
                messages.success(
                    request,
                    _(
                        "The tenant “%(tenant)s” is ready: its root unit %(unit)s and its "
                        "administrator %(username)s, who can sign in now."
                    )
                    % {
                        "tenant": done.tenant,
                        "unit": done.root,
                        "username": done.admin.username,
                    },
                )
                return redirect("admin:units_tenant_change", done.tenant.pk)
        fieldsets = [(title, {"fields": fields}) for title, fields in FIELDSETS]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Set up a new tenant"),
            "subtitle": None,
            "opts": self.opts,
            "form": form,
            "adminform": helpers.AdminForm(form, fieldsets, {}),
            "errors": helpers.AdminErrorList(form, []),
            "has_view_permission": True,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/units/tenant/onboard.html", context)


def _add_errors(form, exc: ValidationError) -> None:
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for name, field_messages in by_field.items():
        field = form.field_for(name) if name else None
        for message in field_messages:
            form.add_error(field, message)


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
            "letterhead_parent_lines",
            "letterhead_name_lines",
            "ownership",
            "email",
        ]
        widgets = {
            "letterhead_parent_lines": forms.Textarea(attrs={"rows": 2}),
            "letterhead_name_lines": forms.Textarea(attrs={"rows": 2}),
        }

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
    list_display = ("name", "code", "kind", "place_name", "status", "level")
    list_filter = ("kind", "status")
    search_fields = ("name", "code")
    ordering = ("path",)
    list_select_related = ("kind",)
    readonly_fields = ("status", "dissolved_on", "successor")

    @admin.display(description=_("level in the tree"), ordering="depth")
    def level(self, obj):
        # treebeard's own field is named in English ("Depth"); the top unit is level 1.
        return obj.depth

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


class MembershipFormSet(forms.BaseInlineFormSet):
    """A role is held at a unit of the user's own tenant: a unit of another tenant (or a user
    with no tenant) is an error on the row, never a server error when saving."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # A table cell has no <label>: the column's name is the input's accessible name.
        for field in form.fields.values():
            # The admin wraps a related field's <select> (with its add/change links).
            widget = getattr(field.widget, "widget", field.widget)
            if not widget.is_hidden:
                widget.attrs.setdefault("aria-label", field.label)

    def clean(self):
        super().clean()
        tenant_id = self.instance.tenant_id
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            unit = data.get("unit")
            if unit is None or data.get("DELETE"):
                continue
            if tenant_id is None:
                form.add_error("unit", _("Choose the user's tenant before giving them a role."))
            elif unit.tenant_id != tenant_id:
                form.add_error("unit", _("The user and the unit belong to different tenants."))


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipFormSet
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


class _PasswordSummaryWidget(ReadOnlyPasswordHashWidget):
    """Django's summary of the password without the field's `disabled`, which a <div> may
    not carry (valid HTML)."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("disabled", None)
        return context


class UserAdminChangeForm(UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "password" in self.fields:
            self.fields["password"].widget = _PasswordSummaryWidget()


@admin.register(User)
class UserAdmin(TenantScopedAdminMixin, DjangoUserAdmin):
    form = UserAdminChangeForm
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
        # The platform operator says whose user this is; a tenant administrator's user
        # belongs to their own tenant.
        (_("Access"), {"fields": ("tenant",)}),
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        # A tenant administrator never grants platform rights nor picks another tenant.
        return _without_fields(fieldsets, {"tenant", "is_staff", "is_superuser"})

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


class PersonAdminForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "tenant",
            "unit",
            "full_name",
            "position",
            "gender",
            "email",
            "citizen_id",
            "user",
        ]

    def clean(self):
        cleaned = super().clean()
        tenant = cleaned.get("tenant") if "tenant" in self.fields else self.instance.tenant
        citizen_id = cleaned.get("citizen_id")
        if tenant is not None and citizen_id:
            clash = Person.objects.filter(tenant=tenant, citizen_id=citizen_id)
            if clash.exclude(pk=self.instance.pk).exists():
                self.add_error(
                    "citizen_id",
                    _(
                        "Another person of the tenant already has this personal "
                        "identification number."
                    ),
                )
        return cleaned


@admin.register(Person)
class PersonAdmin(TenantScopedAdminMixin, admin.ModelAdmin):
    form = PersonAdminForm
    list_display = ("full_name", "position", "unit", "email")
    search_fields = ("full_name", "email")
    list_select_related = ("unit",)
    fields = ("tenant", "unit", "full_name", "position", "gender", "email", "citizen_id", "user")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The form shows the full personal identification number: log it (CitizenIdView)."""
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            person = self.get_object(request, object_id)
            if person is not None:
                services.citizen_id_views_record(
                    viewer=request.user, people=[person], place=CitizenIdView.Place.ADMIN_FORM
                )
        return response


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
