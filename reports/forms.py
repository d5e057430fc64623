from django import forms
from django.utils.translation import gettext_lazy as _

from campaign.models import KpiIndicator
from core.forms import MAX_ID, StyledForm
from initiatives.models import CchcArea

from .services import figure_errors


def _figure_input():
    return forms.NumberInput(
        attrs={"min": 0, "step": 1, "inputmode": "numeric", "class": "form-control"}
    )


class PeriodicReportForm(StyledForm):
    """Two whole numbers per target (one for a count), and a short text per CCHC task area.
    Each pair is checked here with the service's rule, so what was typed stays on the page
    with its message."""

    def __init__(self, *args, report, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            indicator = row.target.indicator
            self.fields[f"num_{row.target_id}"] = forms.IntegerField(
                label=indicator.numerator_label or indicator.name,
                min_value=0,
                required=False,
                initial=row.numerator,
                widget=_figure_input(),
                error_messages={"min_value": _("0 or more."), "invalid": _("A whole number.")},
            )
            if indicator.measure == KpiIndicator.Measure.PERCENT:
                self.fields[f"den_{row.target_id}"] = forms.IntegerField(
                    label=indicator.denominator_label or _("Out of"),
                    min_value=0,
                    required=False,
                    initial=row.denominator,
                    widget=_figure_input(),
                    error_messages={
                        "min_value": _("0 or more."),
                        "invalid": _("A whole number."),
                    },
                )
        for area, label in CchcArea.choices:
            self.fields[f"area_{area}"] = forms.CharField(
                label=label,
                required=False,
                initial=report.narratives.get(area, ""),
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )

    def figure_rows(self):
        """(row, numerator field, denominator field or None) for the template."""
        for row in self.rows:
            denominator = self.fields.get(f"den_{row.target_id}")
            yield (
                row,
                self[f"num_{row.target_id}"],
                self[f"den_{row.target_id}"] if denominator else None,
            )

    def area_fields(self):
        return [self[f"area_{area}"] for area in CchcArea.values]

    def clean(self):
        data = super().clean()
        for row in self.rows:
            numerator = data.get(f"num_{row.target_id}")
            denominator = data.get(f"den_{row.target_id}")
            for message in figure_errors(row.target, numerator, denominator):
                self.add_error(f"num_{row.target_id}", message)
        return data

    def figures(self) -> dict:
        return {
            row.target_id: (
                self.cleaned_data.get(f"num_{row.target_id}"),
                self.cleaned_data.get(f"den_{row.target_id}"),
            )
            for row in self.rows
        }

    def narratives(self) -> dict:
        return {area: self.cleaned_data.get(f"area_{area}", "") for area in CchcArea.values}


class ReopenForm(StyledForm):
    reason = forms.CharField(
        label=_("What needs correcting"), widget=forms.Textarea(attrs={"rows": 2})
    )


class DashboardForm(forms.Form):
    """The dashboard's choices, read from the query string; anything else falls back."""

    schedule = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)
    period = forms.ChoiceField(required=False, choices=[])
    unit = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)

    def __init__(self, *args, **kwargs):
        from campaign.models import ReportPeriod

        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [("", "")] + ReportPeriod.choices


class ApiKeyForm(StyledForm):
    unit = forms.ModelChoiceField(
        label=_("Unit whose subtree the key reads"), queryset=None, empty_label=None
    )
    name = forms.CharField(label=_("System that will use the key"), max_length=255)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda unit: f"{unit.name} ({unit.code})"
