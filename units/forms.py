from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Unit

# The largest id the database holds (64-bit keys).
MAX_ID = 2**63 - 1


def posted_ids(values) -> list[int]:
    """The ids among posted values: whole numbers a key can be. Anything else a browser
    would never send is dropped, so a tampered form gets a clear message or a 404, never a
    server error (SQLite refuses a number beyond 64 bits outright)."""
    return [int(value) for value in values if str(value).isdigit() and 0 < int(value) <= MAX_ID]


class StyledFormMixin:
    """Gives every widget its Bootstrap class, so templates render fields as they are."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue  # rendered as a list of inputs, styled by the template
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class StyledForm(StyledFormMixin, forms.Form):
    pass


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class _RestructureForm(StyledForm):
    effective_on = forms.DateField(
        label=_("Effective on"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(
        label=_("Note (decision number, reason)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        # Any active unit of the tenant outside the unit's own subtree.
        targets = (
            Unit.objects.for_tenant(unit.tenant_id)
            .active()
            .exclude(path__startswith=unit.path)
            .order_by("path")
        )
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = targets


class UnitMoveForm(_RestructureForm):
    new_parent = UnitChoiceField(label=_("New parent unit"), queryset=Unit.objects.none())
    field_order = ["new_parent", "effective_on", "note"]


class UnitDissolveForm(_RestructureForm):
    children_to = UnitChoiceField(
        label=_("Units below move to"), queryset=Unit.objects.none(), required=False
    )
    successor = UnitChoiceField(
        label=_("Successor (takes over its tasks)"), queryset=Unit.objects.none(), required=False
    )
    field_order = ["children_to", "successor", "effective_on", "note"]


class UnitMergeForm(_RestructureForm):
    into = UnitChoiceField(label=_("Merge into"), queryset=Unit.objects.none())
    field_order = ["into", "effective_on", "note"]


class UnitTreeImportForm(StyledForm):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    MAX_SIZE = 10 * 1024 * 1024

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Choose an Excel file with the .xlsx extension."))
        if file.size > self.MAX_SIZE:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return file
