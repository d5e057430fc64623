"""The tenant administrator's award-type form: the dossier's documents typed one per line (kept
as the same JSON list), who is awarded and the lowest rating accepted as plain choices."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import AwardType, Rating, Subject

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

    class Meta:
        model = AwardType
        fields = [
            "tenant",
            "name",
            "subject",
            "conferring_authority",
            "criteria",
            "dossier_parts",
            "min_rating",
            "requires_accepted_initiative",
            "vote_base",
            "vote_threshold",
            "secret_ballot",
            "is_active",
        ]
        widgets = {
            "subject": forms.RadioSelect,
            "vote_base": forms.RadioSelect,
            "criteria": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "subject" in self.fields:
            self.fields["subject"].choices = Subject.choices
        # A type saved with a lower rating works as "Hoàn thành tốt nhiệm vụ": show it so.
        if self.instance.pk and self.instance.min_rating not in (Rating.GOOD, Rating.EXCELLENT):
            self.initial["min_rating"] = Rating.GOOD
