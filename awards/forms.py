from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.fields import DateInput
from core.forms import StyledForm
from documents import legal
from units.once import CreateOnceMixin

from .models import ConductRecord, CouncilMember, DisciplineLevel, Rating
from .selectors import authors_of


class NominationForm(CreateOnceMixin, StyledForm):
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
    months_worked = forms.IntegerField(
        label=_("Months worked in the year"),
        min_value=0,
        max_value=12,
        initial=12,
        required=False,
        help_text=_("Not counting maternity leave, entered below. Empty: the whole year."),
    )
    maternity_months = forms.IntegerField(
        label=_("Months of maternity leave in the year"),
        min_value=0,
        max_value=12,
        initial=0,
        required=False,
        help_text=format_lazy(
            _("Counted as time worked ({law}, Art. 4)."), law=legal.short(legal.DECREE_EMULATION)
        ),
    )
    initiatives = forms.ModelMultipleChoiceField(
        label=_("Initiatives led"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "An award that needs a recognised initiative takes one of which the nominee is an "
            "author or the person in charge (the unit's, for a collective)."
        ),
    )

    def __init__(self, *args, campaigns, award_types, people, initiatives, uses=None, **kwargs):
        """`uses` ({initiative id: [InitiativeUse]}, `awards.selectors.initiative_uses`)
        marks the initiatives another nomination already uses."""
        kwargs.setdefault("initial", {}).setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)
        uses = uses or {}
        self.fields["campaign"].queryset = campaigns
        self.fields["award_type"].queryset = award_types
        # One award form is often given to collectives and to individuals: say which.
        self.fields["award_type"].label_from_instance = lambda award: (
            f"{award.name} ({award.get_subject_display().lower()})"
        )
        self.fields["person"].queryset = people
        self.fields["initiatives"].queryset = initiatives
        self.fields["initiatives"].label_from_instance = lambda item: _initiative_label(
            item, uses.get(item.pk, ())
        )

    def clean(self):
        cleaned = super().clean()
        for name, empty in (("months_worked", 12), ("maternity_months", 0)):
            if name not in self.errors and cleaned.get(name) is None:
                cleaned[name] = empty
        worked, leave = cleaned.get("months_worked"), cleaned.get("maternity_months")
        if worked is not None and leave is not None and worked + leave > 12:
            self.add_error(
                "maternity_months",
                _("The months worked and of maternity leave add up to more than 12."),
            )
        return cleaned


def _initiative_label(item, uses) -> str:
    label = f"{item.name} ({item.get_status_display()})"
    entry = getattr(item, "recognition_entry", None)
    if entry is not None and entry.recognition.number_id:
        label += " · " + str(
            _("recognised by decision %(number)s") % {"number": entry.recognition.number.display}
        )
    if uses:
        label += " · " + str(
            _("Used for %(nominations)s") % {"nominations": "; ".join(u.label for u in uses)}
        )
    return label


class SessionForm(CreateOnceMixin, StyledForm):
    """A new council session; `default` (awards.selectors.council_default) offers the plan
    and the year whose nominations wait for the council, not the calendar year."""

    campaign = forms.ModelChoiceField(label=_("Plan"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    held_on = forms.DateField(label=_("Meeting date"), widget=DateInput())
    starts_at = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    place = forms.CharField(label=_("Meeting place"), max_length=255)

    def __init__(self, *args, campaigns, default=None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        for name, value in (default or {}).items():
            initial.setdefault(name, value)
        initial.setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns


class MemberForm(StyledForm):
    full_name = forms.CharField(label=_("Full name"), max_length=255)
    position = forms.CharField(label=_("Position"), max_length=255, required=False)
    role = forms.ChoiceField(
        label=_("Role in the council"),
        choices=CouncilMember.Role.choices,
        initial=CouncilMember.Role.MEMBER,
    )
    # Never ticked in advance: attendance is what the secretary records, row by row.
    present = forms.BooleanField(label=_("Present"), required=False)
    voted_in_writing = forms.BooleanField(label=_("Absent, voted in writing"), required=False)

    def has_changed(self):
        # A row whose name is empty is an unused row, whatever its role and attendance say.
        return bool(self.data.get(self.add_prefix("full_name"), "").strip())


class _BaseMemberFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not self.members():
            raise forms.ValidationError(_("List the council's members."))

    def members(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.cleaned_data]


MemberFormSet = forms.formset_factory(MemberForm, formset=_BaseMemberFormSet, extra=3)


def member_formset(data=None, members=None):
    initial = [
        {
            "full_name": m.full_name,
            "position": m.position,
            "role": m.role,
            "present": m.present,
            "voted_in_writing": m.voted_in_writing,
        }
        for m in members or ()
    ]
    return MemberFormSet(data, initial=initial, prefix="members")


class VotesForm(StyledForm):
    """Ballots for and against each nomination of the session (of the members present, and the
    written votes of absent members), and for each award's ballot its quota and, when secret,
    the ballot papers issued, returned and valid."""

    def __init__(self, *args, votes, ballots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.votes = list(votes)
        self.council_ballots = list(ballots)
        small = {"class": "form-control-sm"}
        for vote in self.votes:
            for key, label, value in (
                ("for", _("For"), vote.votes_for),
                ("against", _("Against"), vote.votes_against),
                ("written_for", _("Written, for"), vote.written_for),
                ("written_against", _("Written, against"), vote.written_against),
            ):
                self.fields[f"{key}_{vote.pk}"] = forms.IntegerField(
                    label=f"{vote.nomination.nominee}: {label}",
                    min_value=0,
                    max_value=999,
                    required=False,
                    initial=value,
                    widget=forms.NumberInput(attrs=small),
                )
        for ballot in self.council_ballots:
            names = [("quota", _("Quota"))]
            if ballot.secret:
                names += [
                    ("ballots_issued", _("Ballots issued")),
                    ("ballots_returned", _("Ballots returned")),
                    ("ballots_valid", _("Valid ballots")),
                ]
            for name, label in names:
                self.fields[f"{name}_{ballot.pk}"] = forms.IntegerField(
                    label=f"{ballot.award_type.name}: {label}",
                    min_value=0,
                    max_value=999,
                    required=False,
                    initial=getattr(ballot, name),
                    widget=forms.NumberInput(attrs=small),
                )

    def clean(self):
        cleaned = super().clean()
        self.ballots = {}
        self.written = {}
        for vote in self.votes:
            votes_for = cleaned.get(f"for_{vote.pk}")
            votes_against = cleaned.get(f"against_{vote.pk}")
            self.written[vote.pk] = (
                cleaned.get(f"written_for_{vote.pk}") or 0,
                cleaned.get(f"written_against_{vote.pk}") or 0,
            )
            if votes_for is None and votes_against is None:
                continue
            if votes_for is None or votes_against is None:
                self.add_error(
                    f"for_{vote.pk}" if votes_for is None else f"against_{vote.pk}",
                    _("Enter both the votes for and against."),
                )
                continue
            self.ballots[vote.pk] = (votes_for, votes_against)
        self.counts = {
            ballot.pk: {
                name: cleaned.get(f"{name}_{ballot.pk}")
                for name in ("quota", "ballots_issued", "ballots_returned", "ballots_valid")
                if f"{name}_{ballot.pk}" in self.fields
            }
            for ballot in self.council_ballots
        }
        return cleaned


class CloseForm(StyledForm):
    ends_at = forms.TimeField(
        label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )


class DecisionForm(StyledForm):
    decided_on = forms.DateField(
        label=_("Decision date"),
        initial=timezone.localdate,
        widget=DateInput(),
    )
    external_number = forms.CharField(
        label=_("Number of a decision issued above"),
        max_length=100,
        required=False,
        help_text=_("Leave empty to issue the decision from this unit's register."),
    )
    decided_by = forms.CharField(
        label=_("Issued by"), max_length=255, required=False, help_text=_("E.g. UBND huyện Nhà Bè")
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("external_number") and not cleaned.get("decided_by", "").strip():
            self.add_error("decided_by", _("Say who issued the decision."))
        return cleaned


class ConductForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind of record"), choices=ConductRecord.Kind.choices)
    level = forms.ChoiceField(
        label=_("Form of discipline"),
        choices=[("", "—"), *DisciplineLevel.choices],
        required=False,
        help_text=_("For a discipline only."),
    )
    year = forms.IntegerField(label=_("Year"), min_value=1975, max_value=2100)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The decision's number and what happened, e.g. Quyết định số 12/QĐ-MNSC."),
    )
    decided_on = forms.DateField(label=_("Decided on"), required=False, widget=DateInput())
    closed_on = forms.DateField(
        label=_("Closed on"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "The day the verification concluded or the discipline's term ended; without it, "
            "the record is still pending."
        ),
    )

    def __init__(self, *args, record: ConductRecord | None = None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("year", timezone.localdate().year)
        if record is not None:
            initial.update({name: getattr(record, name) for name in self.base_fields})
        super().__init__(*args, **kwargs)


class RecognitionForm(CreateOnceMixin, StyledForm):
    """A decision recognising initiatives: its year, date and signer, the initiatives chosen
    among `initiatives` (`awards.selectors.recognisable_initiatives`) and, for each, the
    annex's text on its effect and scope (`effect_<id>`)."""

    HEADER = ("year", "decided_on", "signer_position", "signer_name")

    year = forms.IntegerField(label=_("Recognised for the year"), min_value=2000, max_value=2100)
    decided_on = forms.DateField(label=_("Decision date"), widget=DateInput())
    signer_position = forms.CharField(
        label=_("Signer's position"), max_length=255, help_text=_("E.g. Hiệu trưởng")
    )
    signer_name = forms.CharField(label=_("Signer's name"), max_length=255, required=False)
    initiatives = forms.ModelMultipleChoiceField(
        label=_("Initiatives recognised"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one initiative to recognise.")},
    )

    def __init__(self, *args, initiatives, recognition=None, signer_position="", **kwargs):
        initial = kwargs.setdefault("initial", {})
        today = timezone.localdate()
        if recognition is not None:
            initial.update({name: getattr(recognition, name) for name in self.HEADER})
            entries = list(recognition.entries.all())
            initial["initiatives"] = [entry.initiative_id for entry in entries]
            initial.update({f"effect_{e.initiative_id}": e.effect for e in entries})
        initial.setdefault("year", today.year)
        initial.setdefault("decided_on", today)
        initial.setdefault("signer_position", signer_position)
        super().__init__(*args, **kwargs)
        self.choices = list(initiatives)
        self.fields["initiatives"].queryset = initiatives
        for item in self.choices:
            self.fields[f"effect_{item.pk}"] = forms.CharField(
                label=_("Effect and scope: %(name)s") % {"name": item.name},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
            )

    def header_fields(self):
        return [self[name] for name in self.HEADER]

    def lines(self) -> list[dict]:
        """One row per initiative offered, by unit (`unit_heading` on the first of a unit):
        whether it is ticked (as typed, on an error) and its effect field."""
        if self.is_bound:
            ticked = set(self.data.getlist("initiatives"))
        else:
            ticked = {str(pk) for pk in self.initial.get("initiatives", ())}
        rows = []
        for item in self.choices:
            rows.append(
                {
                    "initiative": item,
                    "checked": str(item.pk) in ticked,
                    "effect": self[f"effect_{item.pk}"],
                    "authors": authors_of(item),
                    "unit_heading": item.unit.name
                    if not rows or rows[-1]["initiative"].unit_id != item.unit_id
                    else "",
                }
            )
        return rows

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("initiatives") or []
        cleaned["entries"] = [(item, cleaned.get(f"effect_{item.pk}", "")) for item in chosen]
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in self.HEADER} | {"entries": data["entries"]}
