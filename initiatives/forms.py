from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import DecimalField, DecimalInput
from core.forms import StyledForm, StyledFormMixin
from units.models import User
from units.selectors import choosable_people

from .models import REGISTRATION_FIELDS, RESULT_FIELDS, EvidenceKind, Initiative, ResultReport


def _posted_pk(value) -> int:
    try:
        return int(value)
    except (ValueError, TypeError):
        return 0


class _PersonChoice(forms.ModelChoiceField):
    """The person in charge, looked up in the people the form read once (`preloaded`)."""

    preloaded: dict[int, object] | None = None

    def to_python(self, value):
        if self.preloaded is None or value in self.empty_values:
            return super().to_python(value)
        self.validate_no_null_characters(value)
        found = self.preloaded.get(_posted_pk(value))
        if found is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return found


class _PeopleChoice(forms.ModelMultipleChoiceField):
    """The authors, looked up in the people the form read once (`preloaded`)."""

    preloaded: dict[int, object] | None = None

    def _check_values(self, value):
        if self.preloaded is None:
            return super()._check_values(value)
        wanted = set()
        for pk in value:
            self.validate_no_null_characters(pk)
            if not _posted_pk(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
            if _posted_pk(pk) not in self.preloaded:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
            wanted.add(_posted_pk(pk))
        # In the queryset's order (by name), as the search text lists them.
        return [person for pk, person in self.preloaded.items() if pk in wanted]


class InitiativeForm(StyledFormMixin, forms.ModelForm):
    """Mẫu 1. Every field is optional while drafting; submission checks completeness.

    A posted form reads the people it names in one query (the person in charge and the
    authors, each a query of its own before, plus one more to re-check the person in charge
    exists): the form is posted every few seconds by each user typing (autosave)."""

    class Meta:
        model = Initiative
        fields = [*REGISTRATION_FIELDS, "person_in_charge", "authors"]
        field_classes = {"person_in_charge": _PersonChoice, "authors": _PeopleChoice}
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
        # People who have left drop out of the choices, except those the item already names.
        named = Q(pk=self.instance.person_in_charge_id) | Q(
            pk__in=Initiative.authors.through.objects.filter(initiative_id=self.instance.pk).values(
                "person_id"
            )
        )
        people = choosable_people(unit, keep=named if self.instance.pk else None)
        self.fields["person_in_charge"].queryset = people
        self.fields["authors"].queryset = people
        for field in self.fields.values():
            field.required = False
        if self.is_bound:
            posted = {_posted_pk(self.data.get(self.add_prefix("person_in_charge")))}
            authors = self.fields["authors"].widget.value_from_datadict(
                self.data, self.files, self.add_prefix("authors")
            )
            posted.update(_posted_pk(v) for v in authors or ())
            posted.discard(0)
            preloaded = {p.pk: p for p in people.filter(pk__in=posted)} if posted else {}
            self.fields["person_in_charge"].preloaded = preloaded
            self.fields["authors"].preloaded = preloaded

    def _get_validation_exclusions(self):
        # The person in charge was found among the unit's people above: the model's check
        # that the row exists would read it again.
        return {*super()._get_validation_exclusions(), "person_in_charge"}


DECISIONS = [
    ("accept", _("Accept")),
    ("return", _("Return for revision")),
    ("reject", _("Reject")),
]
CHOOSE_A_DECISION = _("Choose a decision before recording it.")


class DecisionForm(StyledForm):
    """The reviewer's decision on one item. Nothing is chosen in advance: a reviewer who
    only wanted to comment must not accept by a slip (a select would show "Accept")."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_A_DECISION},
    )
    comment = forms.CharField(
        label=_("Comment to the unit"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if choices is not None:
            # A result report is accepted or returned, never rejected.
            self.fields["decision"].choices = [c for c in DECISIONS if c[0] in choices]


class BulkDecisionForm(DecisionForm):
    """The same decision on several items of the board: a select that starts empty."""

    items = forms.ModelMultipleChoiceField(queryset=Initiative.objects.none())

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        decision = self.fields["decision"]
        decision.choices = [("", _("— Choose —")), *DECISIONS]
        decision.widget = forms.Select(attrs={"class": "form-select"}, choices=decision.choices)
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


# --- Scoring, review assignments and deadline extensions ---


class ScoreForm(forms.Form):
    """One number per criterion of the level's plan (blank clears it) and an optional
    comment. The range is left to `services.score_save`, whose message names the criterion;
    the page shows each maximum beside its field."""

    def __init__(self, *args, criteria, scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        scores = scores or {}
        for criterion in self.criteria:
            current = scores.get(criterion.pk)
            # A text input with a decimal keypad, so "8,5" can be typed (core.fields).
            self.fields[f"points_{criterion.pk}"] = DecimalField(
                label=criterion.name,
                required=False,
                initial=current.points if current else None,
                widget=DecimalInput(attrs={"class": "form-control"}),
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                initial=current.comment if current else "",
                widget=forms.TextInput(
                    attrs={
                        "class": "form-control form-control-sm mt-1",
                        "placeholder": _("Comment (optional)"),
                    }
                ),
            )

    @property
    def rows(self):
        """(criterion, points field, comment field) for the template."""
        return [
            (criterion, self[f"points_{criterion.pk}"], self[f"comment_{criterion.pk}"])
            for criterion in self.criteria
        ]

    def points(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"points_{c.pk}") for c in self.criteria}

    def comments(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"comment_{c.pk}", "") for c in self.criteria}


class ReviewerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name()


class AssignmentForm(StyledForm):
    reviewers = ReviewerChoiceField(
        label=_("Reviewers who score this item"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = reviewers
