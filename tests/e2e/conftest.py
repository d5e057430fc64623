"""The browser the journeys drive: Debian's chromium through Playwright, headless."""

from pathlib import Path

import pytest

from tests.conftest import CHROMIUM
from tests.factories import PASSWORD

# Key screens of each journey, for people to look at (named in the README; not kept in git).
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser(monkeypatch, settings):
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # between steps are still plain synchronous calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.SECURE_COOKIES = False
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _page(browser, **context_options):
    context = browser.new_context(locale="vi-VN", accept_downloads=True, **context_options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    # Whatever the journey, the browser must never refuse a script or a style of ours
    # under the Content-Security-Policy.
    page.csp_refusals = []
    page.on(
        "console",
        lambda message: (
            page.csp_refusals.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return page


@pytest.fixture
def page(browser):
    page = _page(browser, viewport={"width": 1280, "height": 900})
    yield page
    assert page.csp_refusals == []


@pytest.fixture
def phone(browser):
    """A phone-sized screen, touch and all: a principal away from the office."""
    page = _page(
        browser,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    yield page
    assert page.csp_refusals == []


def log_in(page, base, username):
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def shot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def wait_for_render(page, selector="[data-testid=job-status]"):
    """Wait, on what the page shows, for the render job at `selector` to end: as long as
    its progress bar moves, each step (a higher percentage, or the end) within the page's
    usual timeout. A failed job fails the test with the message the page shows."""
    last = -1
    while True:
        page.wait_for_function(
            """([selector, last]) => {
                const job = document.querySelector(selector);
                return job !== null && (["done", "failed"].includes(job.dataset.status)
                    || Number(job.dataset.progress) > last);
            }""",
            arg=[selector, last],
        )
        job = page.locator(selector)
        state, progress = job.get_attribute("data-status"), job.get_attribute("data-progress")
        if state == "done":
            return job
        if state == "failed":
            pytest.fail(f"the render failed: {job.inner_text()}")
        last = int(progress)
