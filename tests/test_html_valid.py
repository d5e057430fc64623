"""Every page is valid HTML. The W3C Nu Html Checker (vnu-jar, pinned in the Makefile's `vnu`
target) reads the raw HTML of every page of the URL walk, opened as each role of a tenant that
holds one object of each kind (the administrator, reviewer and award officer at the top unit, the
head and a staff member at the school whose initiative it is), the login page, the 404 and 403
pages, the pages a form answers when it is sent empty, and every admin's list, add and change
page as the platform operator. One JVM checks all the files; any error fails the test, listed
with its page's address, line and message.

Without `java` or the jar the test is skipped, unless REQUIRE_SERVICES=1 (as in CI), where it
fails (tests/conftest.py's rule for services)."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from tests.factories import (
    FACTORY_FOR_MODEL,
    UnitFactory,
    UserFactory,
    applied_initiative,
    initiative,
    member,
)
from tests.urlwalk import MODELS_BY_KWARG, page_patterns
from units.models import Role

pytestmark = pytest.mark.django_db

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
VNU_JAR = Path(
    os.environ.get(
        "VNU_JAR", Path(settings.BASE_DIR) / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
    )
)

TOP_ROLES = (Role.TENANT_ADMIN, Role.REVIEWER, Role.AWARD_OFFICER)
SCHOOL_ROLES = (Role.UNIT_HEAD, Role.UNIT_STAFF)

FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
FIELD = re.compile(r"<(?:input|select|textarea)\b[^>]*\bname=\"([^\"]+)\"", re.I)
DOCTYPE = re.compile(rb"^\s*<!doctype html>", re.I)


@pytest.fixture
def vnu() -> list[str]:
    """The command that starts the checker."""
    java = shutil.which("java")
    reason = None
    if java is None:
        reason = "no java (apt-get install default-jre-headless)"
    elif not VNU_JAR.exists():
        reason = f"no Nu Html Checker at {VNU_JAR} (make vnu)"
    if reason and REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
    if reason:
        pytest.skip(reason)
    # One short run: the quick compiler alone and the serial collector start twice as fast.
    return [java, "-Xss4m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", str(VNU_JAR)]


class Pages:
    """The HTML answers collected, each written to a file named after its order."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir()
        self.by_file: dict[str, str] = {}

    def add(self, label: str, response) -> bool:
        if "text/html" not in response.get("Content-Type", "") or response.streaming:
            return False
        content = response.content
        if not content.strip():
            return False
        if not DOCTYPE.match(content):
            # An htmx fragment: checked inside the smallest document that can hold it.
            content = (
                b'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
                b"<title>fragment</title></head><body>" + content + b"</body></html>"
            )
        name = f"{len(self.by_file):04d}.html"
        (self.folder / name).write_bytes(content)
        self.by_file[name] = label
        return True


def _objects(root) -> dict[str, int]:
    """One object of each kind the URLs name, made in the tenant of `root`."""
    ids = {}
    for kwarg, model in MODELS_BY_KWARG.items():
        if model in FACTORY_FOR_MODEL:
            made = FACTORY_FOR_MODEL[model](root)
            ids[kwarg] = (made[0] if isinstance(made, tuple) else made).pk
    return ids


def _walk_urls(ids) -> list[str]:
    urls = []
    for name, kwarg_names in page_patterns():
        try:
            urls.append(reverse(name, kwargs={k: ids[k] for k in kwarg_names}))
        except (KeyError, NoReverseMatch):
            pytest.fail(f"{name}: no object for {kwarg_names} (tests/factories.py)")
    return urls


def _state_urls(ids, school) -> list[str]:
    """Pages the walk's objects show in one state only: a draft plan (two forms on a page), the
    school's launched plan, its own unit, and a draft of its own (the Mẫu 1 form)."""
    from campaign.models import Phase
    from initiatives.models import Initiative

    accepted = Initiative.objects.get(pk=ids["initiative_id"])
    draft = initiative(school, deadline=accepted.deadline)
    recognition = _draft_recognition(school, accepted.campaign)
    return [
        reverse("campaign:detail", args=[Phase.objects.get(pk=ids["phase_id"]).campaign_id]),
        reverse("campaign:detail", args=[accepted.deadline.phase.campaign_id]),
        reverse("units:detail", args=[school.pk]),
        reverse("initiatives:detail", args=[draft.pk]),
        reverse("initiatives:edit", args=[draft.pk]),
        reverse("awards:recognition", args=[recognition.pk]),
        reverse("awards:recognition_edit", args=[recognition.pk]),
        reverse("awards:recognition_issue", args=[recognition.pk]),
    ]


def _draft_recognition(school, plan):
    """The school's draft decision recognising one initiative applied with effect, and
    another such initiative still free (the form of a new decision offers it)."""
    import datetime

    from awards.services import recognition_save
    from units.permissions import SYSTEM

    on_draft = applied_initiative(school, plan, name="Sáng kiến trong dự thảo")
    applied_initiative(school, plan, name="Sáng kiến chờ công nhận")
    return recognition_save(
        actor=SYSTEM,
        unit=school,
        year=2024,
        decided_on=datetime.date(2024, 11, 15),
        entries=[(on_draft, "Áp dụng tại trường")],
    )


PLAN_004 = Path(settings.BASE_DIR) / "tests/fixtures/plans/004.docx"


def import_review_pages(client, user) -> list[tuple[str, object]]:
    """The pages of a plan read from a file, which only exist in the session of an upload:
    a bad file's answer, the review page of seed 004 (its flagged year), and the review page
    answering a confirmation that fails (the title emptied)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(user)
    upload = reverse("campaign:import_upload")
    review = reverse("campaign:import_review")
    bad = SimpleUploadedFile("ke-hoach.docx", b"MZ\x90\x00 not a plan")
    answers = [(f"POST {upload} (a program)", client.post(upload, {"file": bad, "mode": "own"}))]
    plan = SimpleUploadedFile("004.docx", PLAN_004.read_bytes())
    assert client.post(upload, {"file": plan, "mode": "own"}).status_code == 302
    shown = client.get(review)
    assert shown.status_code == 200
    answers.append((f"GET {review} (seed 004)", shown))
    token = shown.context["review"].token
    answers.append((f"POST {review} (title empty)", client.post(review, {"token": token})))
    return answers


def _admin_urls(root) -> list[str]:
    from tests.test_admin_walk import EXTRA_BUILDERS, _label

    urls = [reverse("admin:index")]
    for model, _model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        urls += [reverse("admin:{}_{}_changelist".format(*info))]
        urls += [reverse("admin:{}_{}_add".format(*info))]
        made = model._default_manager.first()
        build = EXTRA_BUILDERS.get(_label(model)) or FACTORY_FOR_MODEL.get(model)
        if made is None and build is not None:
            made = build(root)
            made = made[0] if isinstance(made, tuple) else made
        if made is not None:
            urls += [reverse("admin:{}_{}_change".format(*info), args=[made.pk])]
    return urls


def _own_forms(response, url) -> list[set[str]]:
    """The field names of each form of the page that posts back to the page itself."""
    found = []
    for attributes, body in FORM.findall(response.content.decode()):
        attrs = dict(ATTRIBUTE.findall(attributes))
        if attrs.get("method", "get").lower() == "post" and attrs.get("action", url) == url:
            found.append(set(FIELD.findall(body)) - {"csrfmiddlewaretoken"})
    return found


def _check(vnu, pages: Pages) -> list[str]:
    """Every error the checker finds, as "<who> <method> <address>: line <n>: <message>"."""
    files = sorted(str(path) for path in pages.folder.glob("*.html"))
    result = subprocess.run(
        [*vnu, "--format", "json", "--errors-only", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        messages = json.loads(result.stderr)["messages"]
    except ValueError:  # the checker did not run (a Java error, not a page's)
        pytest.fail(f"the checker failed (exit {result.returncode}): {result.stderr[:2000]}")
    found = []
    for message in messages:
        page = pages.by_file.get(Path(message.get("url", "")).name, message.get("url"))
        found.append(
            f"{page}: line {message.get('lastLine')}: {message['message']}"
            f" [{message.get('extract', '').strip()}]"
        )
    return found


def test_every_page_is_valid_html(client, vnu, tmp_path, record_property):
    from initiatives.models import Initiative

    root = UnitFactory(department=True)
    ids = _objects(root)
    school = Initiative.objects.get(pk=ids["initiative_id"]).unit
    users = [(role, member(root, role)) for role in TOP_ROLES]
    users += [(role, member(school, role)) for role in SCHOOL_ROLES]
    urls = _walk_urls(ids) + _state_urls(ids, school)
    pages = Pages(tmp_path / "html")

    pages.add("anonymous GET /login/", client.get(reverse("login")))
    pages.add("anonymous 404", client.get("/khong-co-trang-nay/"))
    statuses = set()
    forms = []
    for role, user in users:
        client.force_login(user)
        pages.add(f"{role} 404", client.get("/khong-co-trang-nay/"))
        for url in urls:
            response = client.get(url)
            assert response.status_code < 500, f"{role} GET {url}"
            if pages.add(f"{role} GET {url}", response):
                statuses.add(response.status_code)
                if response.status_code == 200:
                    forms += [(role, user, url, names) for names in _own_forms(response, url)]
            if role == Role.TENANT_ADMIN:
                # What htmx asks for: the fragment some pages answer instead.
                pages.add(f"{role} GET {url} (htmx)", client.get(url, HTTP_HX_REQUEST="true"))
    assert {200, 403, 404} <= statuses, "the walk must reach pages, refusals and 404s"

    # Sending forms changes objects, so the empty posts come once every page has been seen.
    for role, user, url, names in forms:
        client.force_login(user)
        answer = client.post(url, dict.fromkeys(names, ""))
        if answer.status_code == 200:
            pages.add(f"{role} POST {url} (every field empty)", answer)

    reviewer = dict(users)[Role.REVIEWER]
    for label, response in import_review_pages(client, reviewer):
        pages.add(f"{Role.REVIEWER} {label}", response)

    client.force_login(UserFactory(tenant=None, is_staff=True, is_superuser=True))
    for url in _admin_urls(root):
        response = client.get(url)
        assert response.status_code < 500, f"operator GET {url}"
        pages.add(f"operator GET {url}", response)

    errors = _check(vnu, pages)
    print(f"\nNu Html Checker: {len(pages.by_file)} pages checked, {len(errors)} errors")
    record_property("pages checked", len(pages.by_file))
    record_property("validator errors", len(errors))
    if errors:
        pytest.fail("\n".join(errors), pytrace=False)
