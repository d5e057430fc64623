"""WCAG 2.1 AA on every page: each role of a small tenant opens every page of the URL walk in
the browser, on a 1280 px desktop and on a 390 px phone, and axe-core checks it (see
tests/e2e/conftest.py). Not one serious or critical violation of a WCAG 2.1 A/AA rule.

The tenant and its pages are those of the HTML check (tests/test_html_valid.py): one object of
each kind the URLs name, the administrator, reviewer and award officer at the top unit, the
head and a staff member at the school whose initiative it is, the pages shown in one state
only (a draft plan, the school's plan, a draft's Mẫu 1 form) and, for the administrator, the
Django admin's lists, add and change forms. Only what a person sees is opened in the browser:
the test client asks first, and redirects, refusals, downloads and htmx fragments are left
out."""

import time

import pytest
from django.urls import resolve

from tests.e2e.conftest import SCREENSHOTS, _page, log_in, watched
from tests.factories import UnitFactory, member
from tests.test_html_valid import PLAN_004, _admin_urls, _objects, _state_urls, _walk_urls
from units.models import Role

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    # Like the journeys: the rows the migrations made are put back after the test, so the
    # journeys that run next find them.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TOP_ROLES = (Role.TENANT_ADMIN, Role.REVIEWER, Role.AWARD_OFFICER)
SCHOOL_ROLES = (Role.UNIT_HEAD, Role.UNIT_STAFF)

SCREENS = {
    "desktop 1280": {"viewport": {"width": 1280, "height": 900}},
    "phone 390": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}

# Files, not pages, by the end of their URL's name (asking for them would render documents
# for nothing).
DOWNLOADS = ("pdf", "excel", "zip", "download", "import_template", "evidence")


def _pages_shown(client, user, urls) -> list[str]:
    """Of `urls`, those that answer `user` with a whole HTML page."""
    client.force_login(user)
    shown = []
    for url in urls:
        if resolve(url).url_name.endswith(DOWNLOADS):
            continue
        answer = client.get(url)
        if (
            answer.status_code == 200
            and answer.get("Content-Type", "").startswith("text/html")
            and not answer.streaming
            and answer.content.lstrip()[:15].lower() == b"<!doctype html>"
        ):
            shown.append(url)
    client.logout()
    return shown


def _show_the_header(page, screen):
    """The administrator's header with its menu open, for people to look at."""
    if screen.startswith("phone"):
        page.get_by_role("button", name="Danh mục chức năng").click()
        page.locator("#main-nav.collapse.show").wait_for()  # the menu has finished opening
    page.get_by_role("button", name="Quản trị").click()
    page.get_by_role("link", name="Nhập từ Excel").wait_for()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"a11y-header-{screen.split()[0]}.png"))


def _show_an_import_review(page, base):
    """The review page of a plan read from a file exists only after an upload in this
    browser's session: seed 004, whose flagged year shows at the top and beside its value."""
    page.goto(f"{base}/campaigns/new/")
    upload = page.locator("[data-testid=import-form]")
    upload.locator("input[type=file]").set_input_files(str(PLAN_004))
    upload.get_by_role("button", name="Đọc tệp").click()
    page.wait_for_url(f"{base}/campaigns/new/import/review/")
    page.a11y.check()


def test_every_page_of_every_role_passes_axe_on_a_desktop_and_a_phone(live_server, browser, client):
    from initiatives.models import Initiative

    started = time.monotonic()
    root = UnitFactory(department=True)
    ids = _objects(root)
    school = Initiative.objects.get(pk=ids["initiative_id"]).unit
    users = [(role, member(root, role)) for role in TOP_ROLES]
    users += [(role, member(school, role)) for role in SCHOOL_ROLES]
    urls = _walk_urls(ids) + _state_urls(ids, school)
    admin_urls = _admin_urls(root)

    watches = []
    for role, user in users:
        # The administrator's Django admin too: its pages must pass as well.
        shown = _pages_shown(client, user, urls + (admin_urls if role == Role.TENANT_ADMIN else []))
        for screen, options in SCREENS.items():
            page = watched(_page(browser, **options), screen)
            page.a11y.scope = f"[{role}] "
            log_in(page, live_server.url, user.username)
            for url in shown:
                page.goto(f"{live_server.url}{url}")
                page.a11y.check()
            if role == Role.REVIEWER:
                _show_an_import_review(page, live_server.url)
            if role == Role.TENANT_ADMIN:
                page.goto(f"{live_server.url}/")
                _show_the_header(page, screen)
                page.a11y.scope += "menu open "
                page.a11y.check()
            watches.append(page.a11y)
            page.context.close()

    report = "\n".join(watch.report() for watch in watches)
    checked = sum(len(watch.checked) for watch in watches)
    found = [violation for watch in watches for violation in watch.violations]
    print(
        f"axe crawl: {checked} page views checked, {len(found)} serious or critical "
        f"violations, in {time.monotonic() - started:.0f} s"
    )
    print(report)
    assert checked > 300
    assert not found, report


def test_the_check_reports_a_low_contrast_text_once_per_page_with_its_element(live_server, browser):
    page = watched(_page(browser, viewport={"width": 1280, "height": 900}), "desktop 1280")
    page.goto(f"{live_server.url}/login/")
    # Grey on white, 2.3:1 (the page's CSP allows styles, not scripts).
    page.add_style_tag(content="label[for=id_username] { color: #aaaaaa !important; }")
    found = page.a11y.check()
    assert [(v["id"], v["impact"]) for v in found] == [("color-contrast", "serious")]
    assert found[0]["targets"] == ['label[for="id_username"]']
    assert found[0]["url"] == f"{live_server.url}/login/"
    # Once per page: typed into, it is not checked again.
    page.fill("input[name=username]", "ai-do")
    assert page.a11y.check() == [] and len(page.a11y.violations) == 1
    assert page.a11y.checked == ["/login/"]
    page.context.close()
