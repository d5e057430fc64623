"""Dates are read day first and decimals with a comma, in every form of the project (issue 16,
item 4): "05/06/2026" is 5 June 2026, never 6 May, in Vietnamese and in English.

The walk FINDS the forms rather than listing them: it imports each project app's form, admin
and view modules and takes every Form / ModelForm class defined there, built with the
keyword arguments its `__init__` asks for (`KWARGS`: a new argument name fails the walk until
it is added there), and every registered ModelAdmin's add and change form (and its inlines'
forms) as the platform superuser gets them. Every date, datetime and decimal field of those
forms is checked as the browser would post it, through its own widget.
"""

from __future__ import annotations

import datetime
import importlib
import inspect
import json
import pkgutil
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from core.fields import date_from_cell, decimal_text
from core.imports import cell_text as _text
from tests.e2e import conftest as e2e
from tests.factories import (
    FACTORY_FOR_MODEL,
    PersonFactory,
    UnitFactory,
    UserFactory,
    accepted_initiative,
    campaign,
    member,
    periodic_report,
    reporting_campaign,
)
from units.models import Role, Unit
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

JUNE_5 = datetime.date(2026, 6, 5)
DAY_FIRST = {
    "05/06/2026": JUNE_5,
    "5/6/2026": JUNE_5,
    "2026-06-05": JUNE_5,
    "15/06/2026": datetime.date(2026, 6, 15),
}
MONTH_FIRST = "06/15/2026"
LANGUAGES = ("vi", "en")


# --- Finding the forms ---


def _project_apps():
    return [app for app in apps.get_app_configs() if (settings.BASE_DIR / app.label).is_dir()]


def _form_modules(app):
    """The app's modules that define forms: forms, *_forms, admin and views."""
    names = []
    for module in pkgutil.iter_modules([app.path]):
        if "form" in module.name or module.name in ("admin", "views"):
            names.append(f"{app.name}.{module.name}")
            if module.ispkg:
                package = Path(app.path) / module.name
                names += [f"{names[-1]}.{m.name}" for m in pkgutil.iter_modules([str(package)])]
    return names


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def app_form_classes():
    """Every Form or ModelForm class defined in a project app's form, admin or view module."""
    labels = {app.name for app in _project_apps()}
    modules = [name for app in _project_apps() for name in _form_modules(app)]
    for name in modules:
        importlib.import_module(name)
    found = {
        cls
        for cls in _subclasses(forms.BaseForm)
        if cls.__module__ in modules and cls.__module__.split(".")[0] in labels
    }
    return sorted(found, key=lambda cls: (cls.__module__, cls.__qualname__))


APP_FORMS = app_form_classes()


def _init_arguments(cls):
    """Keyword-only arguments of the project __init__s along the class's MRO."""
    found = {}
    for klass in cls.__mro__:
        if "__init__" in vars(klass) and klass.__module__.split(".")[0] != "django":
            for param in inspect.signature(klass.__init__).parameters.values():
                if param.kind is param.KEYWORD_ONLY:
                    found.setdefault(param.name, param.default is param.empty)
    return found


class World:
    """One tenant holding one object of each kind a form's constructor may ask for."""

    def __init__(self):
        from awards.models import AwardType
        from campaign import services as campaign_services
        from campaign.models import Campaign
        from initiatives.models import Initiative
        from units.models import Person, User

        self.department = UnitFactory(department=True)
        self.office = UnitFactory(parent=self.department, district_office=True)
        self.school = UnitFactory(parent=self.office)
        self.plan = reporting_campaign(self.office)
        self.deadline_plan = campaign(self.office, launch_on=datetime.date(2024, 3, 20))
        deadline = self.deadline_plan.phases.get().deadlines.get()
        self.initiative = accepted_initiative(self.school, deadline)
        self.criterion = campaign_services.criterion_save(
            actor=SYSTEM, campaign=self.deadline_plan, name="Tính mới", weight=2, max_points=10
        )
        schedule = self.plan.report_schedules.get()
        self.report = periodic_report(self.school, schedule, {}, submit=False)
        self.person = PersonFactory(unit=self.school)
        tenant = self.department.tenant
        self.values = {
            "unit": lambda: self.school,
            "campaign": lambda: self.plan,
            "tenant_id": lambda: tenant.pk,
            "person": lambda: self.person,
            "full_id": lambda: True,
            "criteria": lambda: [self.criterion],
            "report": lambda: self.report,
            "rows": lambda: list(self.report.figures.select_related("target__indicator")),
            "votes": lambda: [],
            "campaigns": lambda: Campaign.objects.filter(tenant=tenant),
            "parent_plans": lambda: Campaign.objects.filter(tenant=tenant),
            "award_types": lambda: AwardType.objects.filter(tenant=tenant),
            "people": lambda: Person.objects.filter(tenant=tenant),
            "initiatives": lambda: Initiative.objects.filter(tenant=tenant),
            "items": lambda: Initiative.objects.filter(tenant=tenant),
            "reviewers": lambda: User.objects.filter(tenant=tenant),
            "accounts": lambda: User.objects.filter(tenant=tenant),
            "units": lambda: Unit.objects.filter(tenant=tenant),
        }

    def build(self, cls):
        kwargs = {}
        for name, required in _init_arguments(cls).items():
            if name in self.values:
                kwargs[name] = self.values[name]()
            elif required:
                pytest.fail(
                    f"{cls.__module__}.{cls.__qualname__} needs `{name}`: add it to World.values"
                )
        return cls(**kwargs)


def admin_forms(world):
    """(label, form) of every registered ModelAdmin's add and change forms and their inlines'
    forms, as the platform superuser gets them."""
    superuser = UserFactory(tenant=None, is_superuser=True, is_staff=True)
    request = RequestFactory().get("/admin/")
    request.user = superuser
    request.tenant = None
    found = []
    for model, model_admin in admin.site._registry.items():
        factory = FACTORY_FOR_MODEL.get(model)
        if factory:
            instance = factory(world.department)
            instance = instance[0] if isinstance(instance, tuple) else instance
        else:  # the world holds one already (a tenant, a unit kind, a user)
            instance = model_admin.get_queryset(request).order_by("-pk").first()
        for obj in (None, instance) if instance is not None else (None,):
            if obj is None and not model_admin.has_add_permission(request):
                continue
            if obj is not None and not model_admin.has_change_permission(request, obj):
                continue
            label = f"admin:{model._meta.label}:{'change' if obj else 'add'}"
            form_class = model_admin.get_form(request, obj, change=obj is not None)
            found.append((label, form_class(instance=obj)))
            for inline in model_admin.get_inline_instances(request, obj):
                formset = inline.get_formset(request, obj)(instance=obj or model())
                found.append((f"{label}:{type(inline).__name__}", formset.empty_form))
    return found


def every_form(world):
    return [
        (f"{cls.__module__}.{cls.__qualname__}", world.build(cls)) for cls in APP_FORMS
    ] + admin_forms(world)


def fields_of(found, kinds):
    return [
        (label, form, name, field)
        for label, form in found
        for name, field in form.fields.items()
        if isinstance(field, kinds)
        or (
            isinstance(field, forms.MultiValueField)
            and any(isinstance(sub, kinds) for sub in field.fields)
        )
    ]


DATE_KINDS = (forms.DateField, forms.DateTimeField)


def _post(form, name, field, text):
    """The field's value from a POST holding `text`, read through its widget as a view does."""
    html_name = form.add_prefix(name)
    widget = field.widget
    if isinstance(widget, forms.MultiWidget):
        suffixes = widget.widgets_names
        data = {html_name + suffixes[0]: text, html_name + suffixes[1]: "10:30"}
    else:
        data = {html_name: text}
    return field.clean(widget.value_from_datadict(data, {}, html_name))


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date()
    return value


def date_problems(label, form, name, field) -> list[str]:
    problems = []
    where = f"{label}.{name}"
    for text, expected in DAY_FIRST.items():
        try:
            got = _as_date(_post(form, name, field, text))
        except ValidationError as exc:
            problems.append(f'{where}: "{text}" refused ({exc.messages[0]})')
            continue
        if got != expected:
            problems.append(f'{where}: "{text}" read as {got}, not {expected}')
    try:
        got = _post(form, name, field, MONTH_FIRST)
    except ValidationError:
        pass
    else:
        problems.append(f'{where}: month-first "{MONTH_FIRST}" accepted as {got}')
    value = JUNE_5
    if isinstance(field, forms.DateTimeField | forms.SplitDateTimeField):
        value = timezone.make_aware(datetime.datetime(2026, 6, 5, 10, 30))  # noqa: DTZ001
    html = field.widget.render(form.add_prefix(name), value)
    picker = re.search(r'type="(date|datetime-local)"', html)
    shown = 'value="2026-06-05' if picker else 'value="05/06/2026'
    if shown not in html:
        problems.append(f"{where}: 5 June 2026 shown as {html!r}")
    return problems


@pytest.fixture
def world():
    return World()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_date_field_of_every_form_reads_day_first_never_month_first(world, language):
    with translation.override(language):
        found = every_form(world)
        date_fields = fields_of(found, DATE_KINDS)
        problems = [p for entry in date_fields for p in date_problems(*entry)]

    assert not problems, "\n".join(problems)
    # The walk itself works: it found the forms and the date fields known today (and more
    # as the project grows).
    assert len(APP_FORMS) >= 40 and len(found) >= 60
    labels = {f"{label}.{name}" for label, _form, name, _field in date_fields}
    assert {
        "campaign.forms.PhaseForm.start_date",
        "campaign.forms.CampaignForm.end_date",
        "awards.forms.SessionForm.held_on",
        "units.forms.UnitDissolveForm.effective_on",
        "admin:awards.ConductRecord:add.decided_on",
    } <= labels
    assert len(date_fields) >= 20


DECIMAL_KINDS = (forms.DecimalField, forms.FloatField)


def decimal_problems(label, form, name, field, language) -> list[str]:
    where = f"{label}.{name}"
    small = field.max_value is not None and field.max_value < 95.5
    comma, point, expected = ("2,5", "2.5", 2.5) if small else ("95,5", "95.5", 95.5)
    problems = []
    for text in (comma, point):
        try:
            got = _post(form, name, field, text)
        except ValidationError as exc:
            problems.append(f'{where}: "{text}" refused ({exc.messages[0]})')
            continue
        if got != Decimal(str(expected)):
            problems.append(f'{where}: "{text}" read as {got}')
    html = field.widget.render(form.add_prefix(name), Decimal(str(expected)))
    if 'type="number"' in html:
        problems.append(f"{where}: a number input, where a comma cannot be typed")
    shown = comma if language == "vi" else point
    if f'value="{shown}"' not in html:
        problems.append(f"{where}: {expected} shown as {html!r}, not {shown}")
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_decimal_field_of_every_form_reads_a_decimal_comma(world, language):
    with translation.override(language):
        found = every_form(world)
        decimal_fields = fields_of(found, DECIMAL_KINDS)
        problems = [p for entry in decimal_fields for p in decimal_problems(*entry, language)]

    assert not problems, "\n".join(problems)
    labels = {f"{label}.{name}" for label, _form, name, _field in decimal_fields}
    assert {
        "campaign.forms.TargetForm.value",
        "campaign.forms.CriterionForm.weight",
        f"initiatives.forms.ScoreForm.points_{world.criterion.pk}",
    } <= labels


# --- The formats themselves ---


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_input_format_of_either_language_reads_the_month_first(language):
    from django.utils.formats import get_format

    with translation.override(language):
        for name in ("DATE_INPUT_FORMATS", "DATETIME_INPUT_FORMATS"):
            formats = get_format(name)
            assert formats[0].startswith("%d/%m/%Y")
            assert not [f for f in formats if f.startswith(("%m", "%b", "%B"))]
        assert get_format("SHORT_DATE_FORMAT") == "d/m/Y"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_admin_calendar_writes_and_reads_the_date_day_first(client, tenant_admin, language):
    """The admin's date widgets and calendar take their format from the admin's jsi18n."""
    client.force_login(tenant_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    body = client.get(reverse("admin:jsi18n")).content.decode()
    formats = json.loads(re.search(r"django.formats = (\{.*?\});", body, re.S).group(1))

    assert formats["DATE_INPUT_FORMATS"][0] == "%d/%m/%Y"
    assert formats["DATETIME_INPUT_FORMATS"][0].startswith("%d/%m/%Y")
    assert formats["FIRST_DAY_OF_WEEK"] == 1  # Monday


# --- Through the pages ---


@pytest.mark.parametrize(("language", "typed"), [("vi", "05/06/2026"), ("en", "5/6/2026")])
def test_a_date_typed_in_the_admin_is_saved_day_first_and_shown_back_so(
    client, tree, tenant_admin, language, typed
):
    from awards.models import ConductRecord

    person = PersonFactory(unit=tree["a1"])
    client.force_login(tenant_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = client.post(
        reverse("admin:awards_conductrecord_add"),
        {
            "person": person.pk,
            "kind": ConductRecord.Kind.DISCIPLINE,
            "year": 2026,
            "description": "Khiển trách",
            "decided_on": typed,
            "closed_on": "15/06/2026",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    record = ConductRecord.objects.get(person=person)
    assert record.decided_on == JUNE_5
    assert record.closed_on == datetime.date(2026, 6, 15)
    shown = client.get(reverse("admin:awards_conductrecord_change", args=[record.pk]))
    assert 'value="05/06/2026"' in shown.content.decode()
    listed = client.get(reverse("admin:awards_conductrecord_changelist")).content.decode()
    assert "05/06/2026" in listed and "15/06/2026" in listed


def test_a_month_first_date_in_the_admin_is_refused_not_saved(client, tree, tenant_admin):
    from awards.models import ConductRecord

    person = PersonFactory(unit=tree["a1"])
    client.force_login(tenant_admin)

    response = client.post(
        reverse("admin:awards_conductrecord_add"),
        {"person": person.pk, "kind": "discipline", "year": 2026, "decided_on": "06/15/2026"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "06/15/2026" in html  # what was typed stays on the html
    assert "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/06/2026." in html
    assert not ConductRecord.objects.exists()


@pytest.mark.parametrize("typed", ["05/06/2026", "2026-06-05"])
def test_an_app_page_reads_its_date_input_day_first(client, tree, tenant_admin, typed):
    school = tree["a1"]
    client.force_login(tenant_admin)
    url = reverse("units:dissolve", kwargs={"unit_id": school.pk})

    html = client.get(url).content.decode()
    assert re.search(r'<input type="date" name="effective_on" value="\d{4}-\d\d-\d\d"', html)

    response = client.post(url, {"effective_on": typed, "note": "Sáp nhập trường"})

    assert response.status_code == 302
    school.refresh_from_db()
    assert school.dissolved_on == JUNE_5


def test_a_score_typed_with_a_decimal_comma_is_saved(client, tree):
    from campaign import services as campaign_services
    from initiatives.models import Score

    plan = campaign(tree["office_a"], launch_on=datetime.date(2024, 3, 20))
    item = accepted_initiative(tree["a1"], plan.phases.get().deadlines.get())
    criterion = campaign_services.criterion_save(
        actor=SYSTEM, campaign=plan, name="Tính hợp pháp", weight=Decimal(2), max_points=10
    )
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    client.post(
        reverse("initiatives:score", kwargs={"initiative_id": item.pk}),
        {f"points_{criterion.pk}": "8,5"},
    )

    assert Score.objects.get(criterion=criterion).points == Decimal("8.5")
    shown = client.get(reverse("initiatives:detail", kwargs={"initiative_id": item.pk}))
    assert 'value="8,5"' in shown.content.decode()


def test_the_api_keeps_json_numbers_and_iso_dates(client, tree):
    """The REST API is not localised: a Vietnamese UI never turns its numbers into strings
    with a comma."""
    from reports.services import api_token_create

    reporting_campaign(tree["office_a"])
    _token, key = api_token_create(actor=SYSTEM, unit=tree["office_a"], name="Hệ thống")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    response = client.get(reverse("api:campaign-list"), HTTP_AUTHORIZATION=f"Bearer {key}")

    assert response.status_code == 200
    text = response.content.decode()
    assert re.search(r'"value":\s*"?98(\.0+)?"?', text) and "98,0" not in text
    assert re.search(r'"start_date":\s*"2024-01-01"', text)


# --- Numbers and Excel cells ---


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("95,5", "95.5"),
        ("95.5", "95.5"),
        ("1.234,5", "1234.5"),
        ("1 234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("1.234.567", "1234567"),
        ("-0,25", "-0.25"),
        ("100", "100"),
    ],
)
def test_a_decimal_is_read_with_a_comma_or_a_point(typed, read):
    assert Decimal(decimal_text(typed)) == Decimal(read)


@pytest.mark.parametrize("typed", ["1,2,3", "1.2,3", "12,34.5", "95,5%", "abc", "1e5"])
def test_an_unclear_number_is_not_guessed(typed):
    assert decimal_text(typed) is None


def _cells_through_openpyxl(*values):
    """The cells as an import reads them back from a saved .xlsx (read-only, values only)."""
    import io

    book = openpyxl.Workbook()
    book.active.append(list(values))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    sheet = openpyxl.load_workbook(buffer, read_only=True, data_only=True).active
    return next(sheet.iter_rows(values_only=True))


def test_an_excel_date_cell_and_a_date_typed_as_text_are_both_read_day_first():
    real, text, short, iso = _cells_through_openpyxl(
        datetime.datetime(2026, 6, 5),  # noqa: DTZ001 (Excel dates have no zone)
        "05/06/2026",
        "5/6/2026",
        "2026-06-05",
    )

    assert isinstance(real, datetime.datetime)
    for cell in (real, text, short, iso):
        assert date_from_cell(cell) == JUNE_5
        # The imports turn every cell into text first: a real date cell survives that too.
        assert date_from_cell(_text(cell)) == JUNE_5
    assert date_from_cell(None) is None and date_from_cell("  ") is None


@pytest.mark.parametrize("bad", ["06/15/2026", "31/02/2026", "ngày mai", 46178])
def test_a_bad_date_cell_is_refused_with_a_message_quoting_it(bad):
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        date_from_cell(bad)

    assert str(bad) in refused.value.messages[0]


# --- The admin's calendar, in a browser ---

# The browser fixtures of the journeys (tests/e2e/conftest.py).
browser = e2e.browser
page = e2e.page
_axe_before_actions = e2e._axe_before_actions


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_admin_calendar_opens_on_the_month_of_a_day_first_date_and_writes_day_first(
    live_server, page
):
    from awards.models import ConductRecord

    department = UnitFactory(department=True)
    person = PersonFactory(unit=department, full_name="Lê Văn Bình")
    admin_user = member(department, Role.TENANT_ADMIN, username="quan-tri")
    e2e.log_in(page, live_server.url, admin_user.username)
    page.goto(f"{live_server.url}/admin/awards/conductrecord/add/")

    page.select_option("#id_person", str(person.pk))
    page.select_option("#id_kind", ConductRecord.Kind.DISCIPLINE)
    page.fill("#id_year", "2026")
    page.fill("#id_decided_on", "05/06/2026")
    page.click("#calendarlink0")
    # The calendar opened on June 2026 with the 5th selected: picking the 15th writes it back
    # day first, in June.
    assert page.locator("#calendarin0 td.selected").inner_text().strip() == "5"
    page.locator("#calendarin0 td a", has_text=re.compile(r"^15$")).click()
    assert page.input_value("#id_decided_on") == "15/06/2026"
    # "Today" writes today's date day first.
    page.locator(".datetimeshortcuts a").nth(2).click()
    today = timezone.localdate()
    assert page.input_value("#id_closed_on") == today.strftime("%d/%m/%Y")
    page.click("input[name=_save]")

    page.wait_for_url(f"{live_server.url}/admin/awards/conductrecord/")
    record = ConductRecord.objects.get(person=person)
    assert record.decided_on == datetime.date(2026, 6, 15)
    assert record.closed_on == today


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_date_picker_reads_back_the_chosen_day_day_first_and_saves_it(live_server, page):
    """A browser set to US English shows the picker month first: the page writes the chosen
    day back day first, with its weekday, under the field."""
    department = UnitFactory(department=True)
    school = UnitFactory(parent=department)
    admin_user = member(department, Role.TENANT_ADMIN, username="quan-tri")
    e2e.log_in(page, live_server.url, admin_user.username)
    page.goto(f"{live_server.url}{reverse('units:dissolve', kwargs={'unit_id': school.pk})}")

    page.fill("input[name=effective_on]", "2026-06-05")

    hint = page.locator("input[name=effective_on] + [data-date-readback]")
    assert hint.inner_text() == "Thứ Sáu, 05/06/2026"
    page.click("form:has(input[name=effective_on]) button[type=submit]")
    page.wait_for_url(f"{live_server.url}/units/{school.pk}/")
    school.refresh_from_db()
    assert school.dissolved_on == JUNE_5
