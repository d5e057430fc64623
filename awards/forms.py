from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.forms import StyledForm

from .models import Rating


class NominationForm(StyledForm):
    campaign = forms.ModelChoiceField(label=_("Plan"), queryset=None)
    award_type = forms.ModelChoiceField(label=_("Award"), queryset=None)
    person = forms.ModelChoiceField(
        label=_("Person (leave empty to nominate the unit itself)"),
        queryset=None,
        required=False,
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    rating = forms.ChoiceField(label=_("Rating of the year"), choices=Rating.choices)
    achievements = forms.CharField(
        label=_("Achievements"), widget=forms.Textarea(attrs={"rows": 5})
    )
    initiatives = forms.ModelMultipleChoiceField(
        label=_("Initiatives led"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, campaigns, award_types, people, initiatives, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["award_type"].queryset = award_types
        self.fields["person"].queryset = people
        self.fields["initiatives"].queryset = initiatives
        self.fields["initiatives"].label_from_instance = lambda item: (
            f"{item.name} ({item.get_status_display()})"
        )
