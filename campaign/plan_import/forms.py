"""The upload of a plan's file and the review of what was read from it.

Each value read is one small form: a "keep" box and the value's own fields, laid out beside
the sentence it came from (`source`, `problem`: set by `review.build_forms`, never posted). A
dropped row is not validated; a kept one is checked by the same fields as the typed plan's
forms (`campaign.forms`), and the whole plan then by the services when it is saved.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from campaign.forms import PhaseForm, TargetForm
from campaign.models import DateStyle, DeadlineKind, ParticipantType, ReportPeriod
from campaign.models import ReportSchedule as _Schedule
from core.forms import StyledForm
from units.models import Unit

DMY = "%d/%m/%Y"
ACCEPT = ".docx,.doc,.pdf"


class DayMonthYearInput(forms.DateInput):
    """A date shown and typed dd/mm/yyyy, as the plan prints it (the date fields read it
    through config/formats)."""

    input_type = "text"

    def __init__(self, attrs=None):
        base = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__({**base, **(attrs or {})}, format=DMY)


def _date_field(label, required=True):
    return forms.DateField(
        label=label,
        required=required,
        widget=DayMonthYearInput(),
        input_formats=[DMY, "%d-%m-%Y", "%Y-%m-%d"],
    )


class UploadForm(StyledForm):
    OWN = "own"
    UPPER = "upper"

    file = forms.FileField(
        label=_("Word or PDF file of the plan"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    mode = forms.ChoiceField(
        label=_("This file is"),
        choices=[
            (OWN, _("our own plan: it becomes a draft plan of this unit")),
            (UPPER, _("the upper level's plan: it is recorded as the plan ours is based on")),
        ],
        initial=OWN,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, can_record_upper=True, **kwargs):
        super().__init__(*args, **kwargs)
        limit_mb = settings.PLAN_IMPORT_MAX_BYTES // (1024 * 1024)
        self.fields["file"].help_text = _(
            ".docx, .doc or .pdf, at most %(mb)s MB. Nothing is saved before you confirm "
            "what was read."
        ) % {"mb": limit_mb}
        if not can_record_upper:
            self.fields["mode"].choices = self.fields["mode"].choices[:1]


class ItemForm(StyledForm):
    """One value read from the file: kept (then checked) or dropped."""

    keep = forms.BooleanField(label=_("Keep"), required=False, initial=True)

    source = ""
    problem = ""

    def full_clean(self):
        super().full_clean()
        if self.is_bound and not self.cleaned_data.get("keep"):
            # A dropped value is not checked: what it holds does not matter any more.
            self._errors = ErrorDict()
            self.cleaned_data = {"keep": False}

    @property
    def value_fields(self):
        return [field for field in self.visible_fields() if field.name != "keep"]


def scalar_form(field: forms.Field) -> type[ItemForm]:
    return type("ScalarForm", (ItemForm,), {"value": field})


SCALARS = {
    "number": lambda: forms.CharField(label=_("Document number"), max_length=64),
    "issued_on": lambda: _date_field(_("Date of issue")),
    "place": lambda: forms.CharField(label=_("Place"), max_length=100),
    "parent_body": lambda: forms.CharField(label=_("Parent body"), max_length=255),
    "issuing_body": lambda: forms.CharField(label=_("Issuing body"), max_length=255),
    "title": lambda: forms.CharField(
        label=_("Summary (trích yếu)"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    ),
    "start": lambda: _date_field(_("Period start")),
    "end": lambda: _date_field(_("Period end")),
}


class UpperPlanForm(ItemForm):
    """The upper-level plan this plan implements, on the platform or recorded from outside,
    as "c<id>" / "e<id>" (`review.upper_plan_choices`)."""

    value = forms.ChoiceField(label=_("Based on the upper-level plan"), required=False)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].choices = [("", "—"), *choices]


class TextItemForm(ItemForm):
    value = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 2}))


class ParticipantItemForm(ItemForm):
    value = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 2}))
    participant_type = forms.ChoiceField(label=_("Applies to"), choices=ParticipantType.choices)
    unit_kinds = forms.CharField(required=False, widget=forms.HiddenInput)


class PhaseItemForm(ItemForm, PhaseForm):
    """The typed plan's phase form, dates typed dd/mm/yyyy."""

    start_date = _date_field(_("Start"))
    end_date = _date_field(_("End"))
    description = None

    field_order = ["keep", "name", "start_date", "end_date"]


WHOLE_PERIOD = ""


class DeadlineItemForm(ItemForm):
    phase = forms.ChoiceField(label=_("Phase"), required=False)
    kind = forms.ChoiceField(label=_("Deadline kind"), choices=DeadlineKind.choices)
    due_date = _date_field(_("Due date (before the end of)"))
    receiving_unit = forms.ModelChoiceField(
        label=_("Receiving unit"), queryset=Unit.objects.none(), required=False
    )
    description = forms.CharField(
        label=_("What is due"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    after_phase_end = forms.BooleanField(label=_("Due after the phase ends"), required=False)
    date_style = forms.ChoiceField(
        choices=DateStyle.choices, initial=DateStyle.SHORT, widget=forms.HiddenInput
    )

    def __init__(self, *args, phases=(), units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [
            (WHOLE_PERIOD, _("The whole period (one phase is made for it)")),
            *[(str(index), name) for index, name in phases],
        ]
        if units is not None:
            self.fields["receiving_unit"].queryset = units


class ScheduleItemForm(ItemForm):
    name = forms.CharField(label=_("Name"), max_length=255)
    periods = forms.MultipleChoiceField(
        label=_("Periods"), choices=ReportPeriod.choices, widget=forms.CheckboxSelectMultiple
    )
    due_day = forms.IntegerField(label=_("Due day of the month"), min_value=1, max_value=28)
    due_month = forms.ChoiceField(label=_("Due month"), choices=_Schedule.DueMonth.choices)
    receiving_unit = forms.ModelChoiceField(
        label=_("Receiving unit"), queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["receiving_unit"].queryset = units


class TargetItemForm(ItemForm, TargetForm):
    """The typed plan's target form; the indicator may also be a new one, named here."""

    new_indicator = forms.CharField(
        label=_("New indicator (when none of the catalogue fits)"), max_length=255, required=False
    )
    measure = forms.CharField(required=False, widget=forms.HiddenInput)
    field_order = ["keep", "indicator", "new_indicator", "comparator", "value", "participant_type"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].required = False
        self.fields["indicator"].empty_label = _("— a new indicator, named below —")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("indicator") and not (cleaned.get("new_indicator") or "").strip():
            self.add_error("indicator", _("Choose an indicator or name a new one."))
        return cleaned
