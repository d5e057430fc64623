from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from units.admin import ReadOnlyAdminMixin, TenantScopedAdminMixin

from . import numbering, signing
from .models import IssuedNumber, NumberRegister, SigningCertificate


@admin.register(IssuedNumber)
class IssuedNumberAdmin(ReadOnlyAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    """The register of issued documents (sổ đăng ký văn bản đi): read only."""

    list_display = ("display", "unit", "issued_on", "summary", "issued_by")
    list_filter = ("year", "doc_type")
    search_fields = ("summary", "unit__name", "unit_code")
    list_select_related = ("unit", "issued_by")

    @admin.display(description=_("number"))
    def display(self, obj):
        return obj.display


class NumberRegisterForm(forms.ModelForm):
    class Meta:
        model = NumberRegister
        fields = ["unit", "doc_type", "year", "last_number"]
        help_texts = {
            "last_number": _(
                "The last number already given on paper; the next takes the one after."
            )
        }

    def clean(self):
        cleaned = super().clean()
        # On a change page unit, type and year are read-only: take them from the register.
        key = {
            "unit": cleaned.get("unit", self.instance.unit_id),
            "doc_type": cleaned.get("doc_type", self.instance.doc_type),
            "year": cleaned.get("year", self.instance.year),
        }
        last = cleaned.get("last_number")
        if None not in key.values() and self.instance.pk is None:
            existing = NumberRegister.objects.filter(**key).values_list("last_number", flat=True)
            if existing:
                # On the type (one of the register's key), which also spares the database
                # constraint's generic message.
                self.add_error(
                    "doc_type",
                    _(
                        "This unit already has a register of this type for %(year)d (last "
                        "number %(number)02d): open it in the list to continue it."
                    )
                    % {"year": key["year"], "number": existing[0]},
                )
                return cleaned
        if None not in key.values() and last is not None:
            current = NumberRegister.objects.filter(**key).values_list("last_number", flat=True)
            if current and last < current[0]:
                raise ValidationError(
                    _("Number %(number)02d has already been issued; the register cannot go back.")
                    % {"number": current[0]}
                )
        return cleaned


@admin.register(NumberRegister)
class NumberRegisterAdmin(TenantScopedAdminMixin, admin.ModelAdmin):
    """A unit that starts on the platform mid-year continues its paper register here."""

    form = NumberRegisterForm
    list_display = ("unit", "doc_type", "year", "last_number")
    list_filter = ("year", "doc_type")
    list_select_related = ("unit",)

    def get_readonly_fields(self, request, obj=None):
        return ("unit", "doc_type", "year") if obj else ()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        register = numbering.number_register_continue(
            actor=request.user,
            unit=obj.unit,
            doc_type=obj.doc_type,
            year=obj.year,
            last_number=obj.last_number,
        )
        obj.pk = register.pk


class SigningCertificateForm(forms.ModelForm):
    """Upload of a unit's PKCS#12 file: read and checked with its passphrase before saving."""

    certificate_file = forms.FileField(label=_("certificate file (.p12, .pfx)"))
    passphrase = forms.CharField(
        label=_("passphrase"), required=False, widget=forms.PasswordInput(render_value=False)
    )

    class Meta:
        model = SigningCertificate
        fields = ["unit", "signer_name", "signer_position"]

    MAX_BYTES = 1024 * 1024

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("certificate_file")
        if upload is not None:
            if upload.size > self.MAX_BYTES:
                raise ValidationError(_("A certificate file is smaller than 1 MB."))
            cleaned["data"] = upload.read()
            signing.certificate_read(cleaned["data"], cleaned.get("passphrase", ""))
        return cleaned


@admin.register(SigningCertificate)
class SigningCertificateAdmin(TenantScopedAdminMixin, admin.ModelAdmin):
    """The units' signing certificates. A new upload replaces the unit's certificate in use;
    the file and passphrase are never shown again."""

    form = SigningCertificateForm
    list_display = ("unit", "signer_name", "signer_position", "valid_until", "is_active")
    list_filter = ("is_active",)
    list_select_related = ("unit",)
    readonly_fields = ("subject", "valid_until", "uploaded_by", "uploaded_at")
    # What a certificate's page shows (the upload's file and passphrase are never shown).
    shown_fields = (
        "unit",
        "signer_name",
        "signer_position",
        "subject",
        "valid_until",
        "is_active",
        "uploaded_by",
        "uploaded_at",
    )

    def get_fields(self, request, obj=None):
        if obj is not None:
            return self.shown_fields
        return [f for f in super().get_fields(request, obj) if f not in self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ()

    def has_change_permission(self, request, obj=None):
        return False  # replace by uploading again

    def save_model(self, request, obj, form, change):
        saved = signing.certificate_save(
            actor=request.user,
            unit=form.cleaned_data["unit"],
            data=form.cleaned_data["data"],
            passphrase=form.cleaned_data.get("passphrase", ""),
            signer_name=form.cleaned_data["signer_name"],
            signer_position=form.cleaned_data["signer_position"],
        )
        obj.pk = saved.pk
