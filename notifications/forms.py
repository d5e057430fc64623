"""The choice of channel per kind: a person's own, or the tenant's defaults."""

from django import forms

from core.forms import StyledForm

from .kinds import Channel, Kind


class ChannelsForm(StyledForm):
    """One radio group per kind: in the app only, e-mail at once, or the daily digest."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in Kind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label, choices=Channel.choices, widget=forms.RadioSelect
            )

    def channels(self) -> dict[str, str]:
        return {kind: self.cleaned_data[kind] for kind in Kind.values}
