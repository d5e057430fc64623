"""The tenant administrator's award-type form: the dossier's documents typed one per line (kept
as the same JSON list), who is awarded and the lowest rating accepted as plain choices, and the
eligibility rules of the award type (the model's `clean` refuses one looser than the law's for
its title, `awards.defaults.LAW`)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import AwardType, ConductRecord, Rating, Subject

LINE_MAX_LENGTH = 500


class LinesField(forms.CharField):
    """A textarea whose non-empty lines are a list of strings (a JSON list in the model)."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "\n".join(str(line) for line in value)
        return value

    def to_python(self, value):
        if isinstance(value, (list, tuple)):
            return [str(line).strip() for line in value if str(line).strip()]
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        for number, line in enumerate(value, start=1):
            if len(line) > LINE_MAX_LENGTH:
                raise ValidationError(
                    _("Line %(number)d is longer than %(limit)d characters."),
                    code="max_length",
                    params={"number": number, "limit": LINE_MAX_LENGTH},
                )

    def has_changed(self, initial, data):
        return self.to_python(initial or []) != self.to_python(data)


BREACH_CHOICES = [
    (ConductRecord.Kind.CODE_OF_CONDUCT, ConductRecord.Kind.CODE_OF_CONDUCT.label),
    (ConductRecord.Kind.HARASSMENT, ConductRecord.Kind.HARASSMENT.label),
]


class AwardTypeAdminForm(forms.ModelForm):
    dossier_parts = LinesField(
        label=_("dossier parts"),
        required=False,
        help_text=_(
            "One document per line, e.g. “Tờ trình đề nghị khen thưởng”, “Báo cáo thành tích”."
        ),
    )
    # Nghị định 152/2025: no award below "Hoàn thành tốt nhiệm vụ", so the lower ratings are
    # not offered (eligibility would read them as "Hoàn thành tốt nhiệm vụ" anyway).
    min_rating = forms.ChoiceField(
        label=_("lowest rating accepted"),
        choices=[(Rating.GOOD, Rating.GOOD.label), (Rating.EXCELLENT, Rating.EXCELLENT.label)],
        initial=Rating.GOOD,
        widget=forms.RadioSelect,
        help_text=_(
            "The nominee's rating of the year must be this or better. The law never accepts "
            "less than “Hoàn thành tốt nhiệm vụ”."
        ),
    )

    person_breach_kinds = forms.MultipleChoiceField(
        label=_("breaches that bar the nominee"),
        choices=BREACH_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    member_breach_kinds = forms.MultipleChoiceField(
        label=_("a member's breaches that bar the collective"),
        choices=BREACH_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Seeds 000 and 002: a member who broke the code of conduct or harassed."),
    )

    class Meta:
        model = AwardType
        fields = [
            "tenant",
            "name",
            "legal_title",
            "subject",
            "conferring_authority",
            "criteria",
            "dossier_parts",
            "min_rating",
            "person_discipline_level",
            "person_breach_kinds",
            "member_discipline_level",
            "member_breach_kinds",
            "pending_bars",
            "counts_from_discipline_end",
            "min_months_worked",
            "initiative_rule",
            "initiative_reuse",
            "vote_base",
            "vote_threshold",
            "secret_ballot",
            "is_active",
        ]
        widgets = {
            "subject": forms.RadioSelect,
            "vote_base": forms.RadioSelect,
            "initiative_rule": forms.RadioSelect,
            "criteria": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "subject" in self.fields:
            self.fields["subject"].choices = Subject.choices
        # A type saved with a lower rating works as "Hoàn thành tốt nhiệm vụ": show it so.
        if self.instance.pk and self.instance.min_rating not in (Rating.GOOD, Rating.EXCELLENT):
            self.initial["min_rating"] = Rating.GOOD
