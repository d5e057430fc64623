from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import DateInput
from core.forms import StyledForm

from .models import Gender, Person, Unit, User
from .validators import validate_citizen_id


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class _RestructureForm(StyledForm):
    effective_on = forms.DateField(
        label=_("Effective on"),
        initial=timezone.localdate,
        widget=DateInput(),
    )
    note = forms.CharField(
        label=_("Note (decision number, reason)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        # Any active unit of the tenant outside the unit's own subtree.
        targets = (
            Unit.objects.for_tenant(unit.tenant_id)
            .active()
            .exclude(path__startswith=unit.path)
            .order_by("path")
        )
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = targets


class UnitMoveForm(_RestructureForm):
    new_parent = UnitChoiceField(label=_("New parent unit"), queryset=Unit.objects.none())
    field_order = ["new_parent", "effective_on", "note"]


class UnitDissolveForm(_RestructureForm):
    children_to = UnitChoiceField(
        label=_("Units below move to"), queryset=Unit.objects.none(), required=False
    )
    successor = UnitChoiceField(
        label=_("Successor (takes over its tasks)"), queryset=Unit.objects.none(), required=False
    )
    field_order = ["children_to", "successor", "effective_on", "note"]


class UnitMergeForm(_RestructureForm):
    into = UnitChoiceField(label=_("Merge into"), queryset=Unit.objects.none())
    field_order = ["into", "effective_on", "note"]


class PersonForm(StyledForm):
    """A person's own data. The full citizen ID is shown to the tenant administrator only:
    anyone else sees it masked in the help text and may type a new one to replace it."""

    full_name = forms.CharField(label=_("Full name"), max_length=255)
    position = forms.CharField(
        label=_("Position"),
        max_length=255,
        required=False,
        help_text=_("E.g. Hiệu trưởng, Giáo viên, Kế toán."),
    )
    gender = forms.ChoiceField(
        label=_("Gender"),
        choices=[("", "—"), *Gender.choices],
        required=False,
        help_text=_("Read for the preference given to women on equal merit in awards."),
    )
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    citizen_id = forms.CharField(
        label=_("Personal identification number"),
        required=False,
        help_text=_("12 digits, as on the citizen identity card (CCCD)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    user = forms.ModelChoiceField(
        label=_("User account"),
        queryset=None,
        required=False,
        help_text=_("The login of this person, if they use the platform."),
    )

    def __init__(self, *args, person=None, tenant_id: int, full_id: bool, accounts: bool, **kwargs):
        initial = kwargs.setdefault("initial", {})
        self.keeps_citizen_id = person is not None and bool(person.citizen_id) and not full_id
        if person is not None:
            initial.update(
                full_name=person.full_name,
                position=person.position,
                gender=person.gender,
                email=person.email,
                citizen_id=person.citizen_id if full_id else "",
                user=person.user_id,
            )
        super().__init__(*args, **kwargs)
        if self.keeps_citizen_id:
            self.fields["citizen_id"].help_text = _(
                "Recorded: %(masked)s. Leave empty to keep it; type a new number to replace it."
            ) % {"masked": person.masked_citizen_id}
        if accounts:
            taken = Person.objects.filter(user__isnull=False)
            if person is not None:
                taken = taken.exclude(pk=person.pk)
            self.fields["user"].queryset = (
                User.objects.filter(tenant_id=tenant_id, is_active=True)
                .exclude(pk__in=taken.values("user_id"))
                .order_by("username")
            )
            self.fields["user"].label_from_instance = lambda user: (
                f"{user.username} ({user.full_name})" if user.full_name else user.username
            )
        else:
            del self.fields["user"]

    def clean_citizen_id(self):
        value = "".join(self.cleaned_data["citizen_id"].split())
        if value:
            validate_citizen_id(value)
        return value

    def changes(self) -> dict:
        """The service's arguments: an empty number typed by someone who saw it masked keeps
        the recorded one."""
        data = dict(self.cleaned_data)
        if self.keeps_citizen_id and not data["citizen_id"]:
            del data["citizen_id"]
        return data


class PersonMoveForm(StyledForm):
    unit = UnitChoiceField(label=_("Move to"), queryset=Unit.objects.none())
    note = forms.CharField(
        label=_("Note (decision number, reason)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            Unit.objects.for_tenant(person.tenant_id)
            .active()
            .exclude(pk=person.unit_id)
            .order_by("path")
        )


class PersonDeactivateForm(StyledForm):
    note = forms.CharField(
        label=_("Reason (retired, transferred out, resigned...)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
