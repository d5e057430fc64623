"""The platform operator's one form that sets up a new tenant: the tenant, its root unit and
its first administrator (the admin's "add tenant" page). The form reads and parses what was
typed; `services.tenant_onboard_problems` says what is wrong with it as a whole (a taken short
name or username, a bad unit code, a weak password), and `services.tenant_onboard` writes it."""

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from . import services
from .models import UnitKind

# The fields, in the order of the page, under their headings.
FIELDSETS = [
    (_("Tenant"), ["name", "slug"]),
    (
        _("Root unit"),
        [
            "root_name",
            "root_code",
            "root_kind",
            "root_place_name",
            "root_parent_body_name",
            "root_email",
        ],
    ),
    (
        _("First administrator"),
        [
            "admin_username",
            "admin_full_name",
            "admin_email",
            "admin_password1",
            "admin_password2",
        ],
    ),
]


class TenantOnboardForm(forms.Form):
    name = forms.CharField(
        label=_("Tenant name"),
        max_length=255,
        help_text=_("The body at the top of the tenant, e.g. “Phường Sài Gòn”."),
    )
    slug = forms.CharField(
        label=_("Short name"),
        max_length=64,
        required=False,
        help_text=_(
            "Left empty, it is made from the name (“Phường Sài Gòn” → “phuong-sai-gon”). "
            "Lower-case letters without accents, digits and “-”."
        ),
    )
    root_name = forms.CharField(
        label=_("Official name of the root unit"),
        max_length=255,
        help_text=_("As printed on its documents, e.g. “Ủy ban nhân dân phường Sài Gòn”."),
    )
    root_code = forms.CharField(
        label=_("Short code of the root unit"),
        max_length=20,
        help_text=_("Used in document numbers, e.g. MNCG in 112/KH-MNCG."),
    )
    root_kind = forms.ModelChoiceField(
        label=_("Kind of the root unit"), queryset=UnitKind.objects.all()
    )
    root_place_name = forms.CharField(
        label=_("Place name"),
        max_length=100,
        help_text=_('Written before the date on documents, e.g. "Quận 1" or "Nhà Bè".'),
    )
    root_parent_body_name = forms.CharField(
        label=_("Parent body"),
        max_length=255,
        help_text=_(
            "The body directly above this one, e.g. “Ủy ban nhân dân Thành phố Hồ Chí Minh” "
            "for a ward: it confers the awards above the unit's own. It is printed above the "
            "unit's name on its letterhead, except for a People's Committee, whose letterhead "
            "carries its own name only."
        ),
    )
    root_email = forms.EmailField(label=_("E-mail of the root unit"), required=False)
    admin_username = forms.CharField(
        label=_("Administrator's username"),
        max_length=150,
        help_text=_("The name the tenant administrator signs in with."),
    )
    admin_full_name = forms.CharField(label=_("Administrator's full name"), max_length=255)
    admin_email = forms.EmailField(label=_("Administrator's e-mail"))
    admin_password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    admin_password2 = forms.CharField(
        label=_("Password confirmation"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Type the same password again."),
    )

    def clean_root_code(self):
        return self.cleaned_data["root_code"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("admin_password1"), cleaned.get("admin_password2")
        if password1 and password2 and password1 != password2:
            self.add_error("admin_password2", _("The two passwords are not the same."))
        data = self.service_arguments()
        problems = services.tenant_onboard_problems(**data)
        for name, messages in problems.items():
            field = self.field_for(name)
            if field is None or field not in self.errors:
                for message in messages:
                    self.add_error(field, message)
        return cleaned

    def field_for(self, name: str) -> str | None:
        """The form field of a service argument (`admin_password` → `admin_password1`)."""
        if name in self.fields:
            return name
        if f"{name}1" in self.fields:
            return f"{name}1"
        return None

    def service_arguments(self) -> dict:
        """The arguments of `services.tenant_onboard` from what was typed; a field that did
        not parse is empty, so the checks of the others still run."""
        cleaned = self.cleaned_data
        return {
            "name": cleaned.get("name", ""),
            "slug": cleaned.get("slug", ""),
            "root_name": cleaned.get("root_name", ""),
            "root_code": cleaned.get("root_code", ""),
            "root_kind": cleaned.get("root_kind"),
            "root_place_name": cleaned.get("root_place_name", ""),
            "root_parent_body_name": cleaned.get("root_parent_body_name", ""),
            "root_email": cleaned.get("root_email", ""),
            "admin_username": cleaned.get("admin_username", ""),
            "admin_full_name": cleaned.get("admin_full_name", ""),
            "admin_email": cleaned.get("admin_email", ""),
            "admin_password": cleaned.get("admin_password1") or None,
        }
