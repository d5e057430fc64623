"""Bad input never answers 500. Every page of the project is opened as each role of a tenant
that holds one object of each kind; every form found on it (its own page or its `action`) is
posted values from Hypothesis: empty, huge, negative, not numbers, not dates, markup, NUL
characters, long texts, several values for one name. The answer may be a page with errors,
a redirect, 403 or 404, never a server error. The Excel imports get random bytes and
workbooks of random cells."""

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from tests.factories import FACTORY_FOR_MODEL, UnitFactory, member
from tests.urlwalk import MODELS_BY_KWARG, page_patterns
from units.models import Role

pytestmark = pytest.mark.django_db

ROLES = (Role.TENANT_ADMIN, Role.REVIEWER, Role.AWARD_OFFICER, Role.UNIT_HEAD)

FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
ATTRIBUTE = re.compile(r'(\w[\w-]*)="([^"]*)"')
FIELD = re.compile(r"<(?:input|select|textarea)\b[^>]*\bname=\"([^\"]+)\"", re.I)

values = st.one_of(
    st.just(""),
    st.text(max_size=40),
    st.sampled_from(
        [
            "0",
            "-1",
            "9" * 40,
            "1e309",
            "NaN",
            "2024-02-30",
            "31/12/2024",
            "25:61",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "a\x00b",
            "x" * 5000,
            "Trường Mầm non Hoa Phượng",
        ]
    ),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)


PAGES = page_patterns()


def forms_on(html: str, page_url: str) -> list[tuple[str, list[str]]]:
    """(action, field names) of every POST form of the page."""
    found = []
    for attributes, body in FORM.findall(html):
        attrs = dict(ATTRIBUTE.findall(attributes))
        if attrs.get("method", "get").lower() != "post":
            continue
        names = sorted(set(FIELD.findall(body)) - {"csrfmiddlewaretoken"})
        found.append((attrs.get("action") or page_url, names))
    return found


@pytest.fixture
def tenant():
    return UnitFactory(department=True)


def _url(name, kwarg_names, root):
    kwargs = {}
    for kwarg in kwarg_names:
        made = FACTORY_FOR_MODEL[MODELS_BY_KWARG[kwarg]](root)
        made = made[0] if isinstance(made, tuple) else made
        kwargs[kwarg] = made.pk
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize(("url_name", "kwarg_names"), PAGES, ids=[n for n, _ in PAGES])
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_form_answers_a_server_error(client, tenant, url_name, kwarg_names, data):
    url = _url(url_name, kwarg_names, tenant)
    for role in ROLES:
        client.force_login(member(tenant, role))
        page = client.get(url)
        assert page.status_code < 500, f"{role} GET {url}"
        if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
            continue
        for action, names in forms_on(page.content.decode(), url):
            posted = {
                name: data.draw(st.lists(values, min_size=1, max_size=3), label=name)
                for name in names
            }
            answer = client.post(action, posted)
            assert answer.status_code < 500, f"{role} POST {action} {posted}"


IMPORTS = [("units:import", "file"), ("initiatives:import", "file")]


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    raw=st.binary(max_size=2000),
    cells=st.lists(st.lists(values, min_size=1, max_size=8), min_size=1, max_size=6),
)
def test_excel_imports_refuse_bad_files_without_a_server_error(client, tenant, raw, cells):
    from initiatives.models import Initiative
    from units.models import Unit

    client.force_login(member(tenant, Role.TENANT_ADMIN))
    deadline = FACTORY_FOR_MODEL[MODELS_BY_KWARG["deadline_id"]](tenant)
    workbook = openpyxl.Workbook()
    for row in cells:
        # What a spreadsheet can hold: openpyxl refuses control characters.
        workbook.active.append([ILLEGAL_CHARACTERS_RE.sub("", value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = (Unit.objects.count(), Initiative.objects.count())
    for url in (reverse("units:import"), reverse("initiatives:import", args=[deadline.pk])):
        for content in (raw, buffer.getvalue()):
            upload = SimpleUploadedFile("du-lieu.xlsx", content)
            answer = client.post(url, {"file": upload})
            assert answer.status_code < 500, url
    # Random rows never pass the checks, so nothing is half-imported.
    assert (Unit.objects.count(), Initiative.objects.count()) == before
