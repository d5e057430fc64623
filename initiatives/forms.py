from django import forms
from django.utils.translation import gettext_lazy as _

from units.forms import StyledForm, StyledFormMixin
from units.models import Person

from .models import REGISTRATION_FIELDS, EvidenceKind, Initiative, ResultReport
from .services import RESULT_FIELDS


class InitiativeForm(StyledFormMixin, forms.ModelForm):
    """Mẫu 1. Every field is optional while drafting; submission checks completeness."""

    class Meta:
        model = Initiative
        fields = [*REGISTRATION_FIELDS, "person_in_charge", "authors"]
        widgets = {
            "situation": forms.Textarea(attrs={"rows": 4}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "steps": forms.Textarea(attrs={"rows": 4}),
            "expected_results": forms.Textarea(attrs={"rows": 3}),
            "scope": forms.Textarea(attrs={"rows": 3}),
            "authors": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(unit=unit).order_by("full_name")
        self.fields["person_in_charge"].queryset = people
        self.fields["authors"].queryset = people
        for field in self.fields.values():
            field.required = False


class DecisionForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("accept", _("Accept")),
            ("return", _("Return for revision")),
            ("reject", _("Reject")),
        ],
    )
    comment = forms.CharField(
        label=_("Comment to the unit"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class BulkDecisionForm(DecisionForm):
    items = forms.ModelMultipleChoiceField(queryset=Initiative.objects.none())

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items


class ResultReportForm(StyledFormMixin, forms.ModelForm):
    """Mẫu 2. Optional while drafting; submission checks what is required."""

    class Meta:
        model = ResultReport
        fields = list(RESULT_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in RESULT_FIELDS
            if name != "completion"
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        self.fields["completion"].widget.attrs.update({"min": 0, "max": 100})


class EvidenceForm(StyledForm):
    evidence_kind = forms.ChoiceField(label=_("Kind of evidence"), required=False)
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("PDF, images, Word, Excel or ODF; checked by content."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence_kind"].choices = EvidenceKind.choices
