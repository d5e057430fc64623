from django import forms
from django.utils.translation import gettext_lazy as _

from core.fields import DecimalField
from core.forms import StyledForm, StyledFormMixin
from units.models import Unit, UnitKind
from units.once import CreateOnceMixin

from .models import (
    Campaign,
    Comparator,
    DateStyle,
    DeadlineKind,
    ExternalPlan,
    KpiIndicator,
    ParticipantType,
    Phase,
    ReportPeriod,
    ReportSchedule,
)
from .selectors import receiving_units
from .services import CAMPAIGN_TEXT_FIELDS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows})


class CampaignForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [*CAMPAIGN_TEXT_FIELDS, "participant_kinds", "based_on_external"]
        widgets = {
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            "participant_kinds": forms.CheckboxSelectMultiple,
            **{
                name: _textarea(2 if name in ("theme", "introduction", "closing") else 4)
                for name in CAMPAIGN_TEXT_FIELDS
                if Campaign._meta.get_field(name).get_internal_type() == "TextField"
            },
        }

    def __init__(self, *args, external_plans=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant_kinds"].queryset = UnitKind.objects.all()
        external = self.fields["based_on_external"]
        external.label = _("Based on an upper-level plan outside the system")
        external.help_text = _(
            "A plan of the Sở or the province recorded under “Upper-level plans”: this plan's "
            "deadlines must come before its deadlines of the same kind."
        )
        if external_plans is None or (self.instance and self.instance.based_on_id):
            del self.fields["based_on_external"]
        else:
            external.queryset = external_plans

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The period ends before it starts."))
        return cleaned


class CampaignCreateForm(CreateOnceMixin, CampaignForm):
    based_on = forms.ModelChoiceField(
        label=_("Based on the plan of an upper level"),
        queryset=Campaign.objects.none(),
        required=False,
        help_text=_(
            "Its title, period, legal basis, phases, deadlines and targets are offered as a "
            "starting point."
        ),
    )

    field_order = ["based_on", "based_on_external", "title", "start_date", "end_date"]

    def __init__(self, *args, parent_plans=None, **kwargs):
        super().__init__(*args, **kwargs)
        if parent_plans is not None:
            self.fields["based_on"].queryset = parent_plans
        # Based on a plan, the period and summary may come from it; with no plan to build
        # on, they are required (and marked so).
        external = self.fields.get("based_on_external")
        can_build_on = self.fields["based_on"].queryset.exists() or (
            external is not None and external.queryset.exists()
        )
        for name in ("title", "start_date", "end_date"):
            self.fields[name].required = not can_build_on

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("based_on") and cleaned.get("based_on_external"):
            self.add_error("based_on_external", _("A plan is based on one upper-level plan only."))
        if not cleaned.get("based_on") and not cleaned.get("based_on_external"):
            for name in ("title", "start_date", "end_date"):
                # A date that could not be read already says so: one message per problem.
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("This field is required."))
        return cleaned


class PhaseForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=100, initial="Đợt 1")
    start_date = forms.DateField(label=_("Start"), widget=DATE_INPUT)
    end_date = forms.DateField(label=_("End"), widget=DATE_INPUT)
    description = forms.CharField(label=_("Description"), required=False, widget=_textarea(2))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The phase ends before it starts."))
        return cleaned


class DeadlineForm(StyledForm):
    phase = forms.ModelChoiceField(label=_("Phase"), queryset=Phase.objects.none())
    kind = forms.ChoiceField(label=_("Deadline kind"), choices=DeadlineKind.choices)
    due_date = forms.DateField(label=_("Due date (before the end of)"), widget=DATE_INPUT)
    date_style = forms.ChoiceField(
        label=_("Date written as"), choices=DateStyle.choices, initial=DateStyle.SHORT
    )
    receiving_unit = forms.ModelChoiceField(
        label=_("Receiving unit"), queryset=Unit.objects.none(), required=False
    )
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    description = forms.CharField(
        label=_("What is due"),
        required=False,
        widget=_textarea(2),
        help_text=_(
            "Optional: the sentence printed before “trước ngày …”, as your plan words it. "
            "Left empty, the plan prints the kind's own sentence with the receiving unit, "
            "e.g. “Đăng ký … theo Mẫu 1 gửi về Phòng Văn hóa - Xã hội trước ngày 15/3/2026”."
        ),
    )
    after_phase_end = forms.BooleanField(
        label=_("Due after the phase ends"),
        required=False,
        help_text=_("Tick only if the plan itself sets this date after the phase's end."),
    )

    def __init__(self, *args, campaign, keep_unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        phases = campaign.phases.all()
        self.fields["phase"].queryset = phases
        # A clerk adds a phase, then its deadlines: offer the latest phase first.
        latest = phases.order_by("-start_date", "-pk").first()
        self.fields["phase"].initial = latest.pk if latest else None
        self.fields["receiving_unit"].queryset = receiving_units(campaign, keep=keep_unit)
        self.fields["receiving_unit"].initial = campaign.issuing_unit_id
        self.fields["contact_email"].initial = campaign.issuing_unit.email


class TargetForm(StyledForm):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=KpiIndicator.objects.none())
    comparator = forms.ChoiceField(label=_("Comparator"), choices=Comparator.choices)
    value = DecimalField(label=_("Target"), max_digits=9, decimal_places=2, min_value=0)
    participant_type = forms.ChoiceField(label=_("Applies to"), choices=ParticipantType.choices)

    def __init__(self, *args, tenant_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = KpiIndicator.objects.filter(tenant_id=tenant_id)

    def clean(self):
        cleaned = super().clean()
        indicator, value = cleaned.get("indicator"), cleaned.get("value")
        is_percent = indicator is not None and indicator.measure == KpiIndicator.Measure.PERCENT
        if is_percent and value is not None and value > 100:
            self.add_error("value", _("A percentage target cannot be above 100%."))
        return cleaned


class ReportScheduleForm(StyledForm):
    name = forms.CharField(
        label=_("Name"), max_length=255, initial=ReportSchedule._meta.get_field("name").default
    )
    periods = forms.MultipleChoiceField(
        label=_("Periods"),
        choices=ReportPeriod.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=ReportPeriod.values,
    )
    due_day = forms.IntegerField(
        label=_("Due day of the month"), min_value=1, max_value=28, initial=5
    )
    due_month = forms.ChoiceField(label=_("Due month"), choices=ReportSchedule.DueMonth.choices)
    receiving_unit = forms.ModelChoiceField(
        label=_("Receiving unit"), queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args, campaign, keep_unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_unit"].queryset = receiving_units(campaign, keep=keep_unit)
        self.fields["receiving_unit"].initial = campaign.issuing_unit_id


class DuplicateForm(StyledForm):
    months = forms.IntegerField(
        label=_("Shift every date by (months)"), initial=12, min_value=1, max_value=120
    )


class LaunchForm(StyledForm):
    issued_on = forms.DateField(label=_("Date of issue"), widget=DATE_INPUT)


class CriterionForm(StyledForm):
    """A scoring criterion; the rules (weight above 0, at least 1 point) are the service's."""

    name = forms.CharField(label=_("Criterion"), max_length=255)
    weight = DecimalField(label=_("Weight"), max_digits=5, decimal_places=2, initial=1, min_value=0)
    max_points = forms.IntegerField(label=_("Maximum points"), initial=10, min_value=0)
    description = forms.CharField(label=_("Description"), required=False, widget=_textarea(2))


class ExtensionForm(StyledForm):
    due_date = forms.DateField(label=_("New due date (before the end of)"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("Reason"), widget=_textarea(2))


class ReminderSettingsForm(StyledForm):
    offsets = forms.CharField(
        label=_("Remind on these days before the due date"),
        help_text=_("Whole days, separated by commas; 0 is the day itself. E.g. 7, 3, 1, 0"),
    )
    by_email = forms.BooleanField(label=_("By e-mail to the unit's head and staff"), required=False)
    in_app = forms.BooleanField(label=_("In the application (notification centre)"), required=False)
    overdue_notice = forms.BooleanField(
        label=_("An overdue notice to each late unit the day after"), required=False
    )
    reviewer_digest = forms.BooleanField(
        label=_("One digest of the late units to the receiving unit's reviewers the day after"),
        required=False,
    )
    review_wait_days = forms.IntegerField(
        label=_("Remind reviewers of a submitted item undecided after (days)"),
        help_text=_(
            "Each morning every reviewer gets one message listing their work waiting: items "
            "assigned and not scored, items undecided for longer than this, review deadlines near."
        ),
        # Left blank, the saved value (else the default, 5) stays.
        required=False,
        min_value=1,
        max_value=365,
        error_messages={
            "invalid": _("Give a whole number of days, at least 1."),
            "min_value": _("Give a whole number of days, at least 1."),
            "max_value": _("At most 365 days."),
        },
    )

    def clean_offsets(self):
        from .reminders import parse_offsets

        return parse_offsets(self.cleaned_data["offsets"])

    def clean(self):
        data = super().clean()
        if not data.get("by_email") and not data.get("in_app"):
            raise forms.ValidationError(_("Choose at least one channel: e-mail or in-app."))
        return data


class ExternalPlanForm(StyledForm):
    number = forms.CharField(
        label=_("Document number"), max_length=64, help_text=_("E.g. 244/KH-SGDĐT")
    )
    issued_on = forms.DateField(label=_("Date of issue"), widget=DATE_INPUT)
    issuing_body = forms.CharField(
        label=_("Issuing body"),
        max_length=255,
        help_text=_("E.g. Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh"),
    )
    title = forms.CharField(
        label=_("Summary (trích yếu)"),
        max_length=500,
        widget=_textarea(2),
        help_text=_('E.g. Phát động phong trào thi đua "Cải cách hành chính" năm 2026'),
    )


class ExternalDeadlineForm(StyledForm):
    kind = forms.ChoiceField(label=_("Deadline kind"), choices=DeadlineKind.choices)
    due_date = forms.DateField(label=_("Due date (before the end of)"), widget=DATE_INPUT)
    description = forms.CharField(label=_("What is due"), max_length=500, required=False)


def external_plan_choices(tenant_id):
    return ExternalPlan.objects.filter(tenant_id=tenant_id)
