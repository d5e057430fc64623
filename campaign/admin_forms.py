"""The tenant administrator's KPI indicator form: the code is made from the name when left
empty ("Tỷ lệ hồ sơ đúng hạn" → "ty-le-ho-so-dung-han", then "-2", "-3" … if the tenant already
uses it); a typed code is kept if valid and unused, and refused in Vietnamese otherwise."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import slugify_vi

from .models import KpiIndicator

CODE_MAX_LENGTH = KpiIndicator._meta.get_field("code").max_length
CODE_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def code_from_name(name: str) -> str:
    """Vietnamese folded to lower-case ASCII words joined by hyphens (đ → d, diacritics
    dropped); a name with no letter or digit gives "chi-tieu"."""
    return slugify_vi(name, CODE_MAX_LENGTH) or "chi-tieu"


def unique_code(base: str, *, tenant_id, exclude_pk=None) -> str:
    """`base`, or `base-2`, `base-3` … : the first the tenant does not use yet."""
    taken = set(
        KpiIndicator.objects.filter(tenant_id=tenant_id, code__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("code", flat=True)
    )
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        suffix = f"-{number}"
        candidate = base[: CODE_MAX_LENGTH - len(suffix)].rstrip("-") + suffix
    return candidate


class KpiIndicatorAdminForm(forms.ModelForm):
    code = forms.CharField(
        label=_("code"),
        max_length=CODE_MAX_LENGTH,
        required=False,
        help_text=_(
            "Left empty, it is made from the name (e.g. “ty-le-ho-so-dung-han”). Lower-case "
            "letters without accents, digits and hyphens."
        ),
    )

    class Meta:
        model = KpiIndicator
        fields = ["tenant", "name", "code", "measure", "numerator_label", "denominator_label"]

    # Set by the admin's get_form: the tenant of a tenant administrator (not on the form).
    tenant_id = None

    def _tenant_id(self):
        tenant = self.cleaned_data.get("tenant")
        if tenant is not None:
            return tenant.pk
        return self.instance.tenant_id or self.tenant_id

    def clean(self):
        cleaned = super().clean()
        code = (cleaned.get("code") or "").strip()
        name = cleaned.get("name")
        tenant_id = self._tenant_id()
        if not code:
            if name and tenant_id:
                cleaned["code"] = unique_code(
                    code_from_name(name), tenant_id=tenant_id, exclude_pk=self.instance.pk
                )
            return cleaned
        if not CODE_PATTERN.match(code):
            suggestion = code_from_name(code)
            self.add_error(
                "code",
                _(
                    "A code holds only lower-case letters without accents, digits and hyphens "
                    "between them, e.g. “%(suggestion)s”."
                )
                % {"suggestion": suggestion},
            )
            return cleaned
        clash = KpiIndicator.objects.filter(tenant_id=tenant_id, code=code).exclude(
            pk=self.instance.pk
        )
        if tenant_id and clash.exists():
            self.add_error(
                "code",
                _("Another indicator of this tenant already uses this code (e.g. use “%(free)s”).")
                % {"free": unique_code(code, tenant_id=tenant_id, exclude_pk=self.instance.pk)},
            )
        cleaned["code"] = code
        return cleaned
