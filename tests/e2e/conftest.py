"""The browser the journeys drive: Debian's chromium through Playwright, headless.

Every page a journey's `page` or `phone` shows is checked with axe-core (vendored in
static/vendor/axe-core, injected through the DevTools protocol: the pages' CSP forbids inline
scripts) against the WCAG 2.1 A and AA rules, once per URL path and viewport (and once more
after htmx swapped something into it): when the test first acts on the page (a click, a
keystroke, a fill, going elsewhere), and at the end for the page it ends on. A serious or
critical violation fails the test at teardown, with rule, impact, elements and URL.
"""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

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


# A busy machine can take seconds over a form and the page it leads to: what a test expects
# to see waits as long as an action does (the context's default below), not Playwright's 5 s.
expect.set_options(timeout=15_000)


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


AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SEVERE = ("serious", "critical")

# Remembers, in each document, where htmx swapped content (the header's unread count, which
# every page refreshes on load, aside): the page is checked again once per such state.
SWAPS_SCRIPT = """
window.__a11ySwaps = new Set();
document.addEventListener("htmx:afterSettle", (event) => {
  const id = event.target && event.target.id;
  if (id !== "notification-badge") window.__a11ySwaps.add(id || event.target.tagName);
});
"""

PAGE_KEY = """() => {
  if (typeof window.axe === "undefined" || !location.protocol.startsWith("http")) return null;
  const swaps = window.__a11ySwaps ? [...window.__a11ySwaps].sort() : [];
  return location.pathname + (swaps.length ? " (after htmx into #" + swaps.join(", #") + ")" : "");
}"""

RUN_AXE = """async ([tags, severe]) => {
  if (document.readyState !== "complete") {
    await new Promise((done) => window.addEventListener("load", done, { once: true }));
  }
  const result = await axe.run(document, {
    runOnly: { type: "tag", values: tags },
    resultTypes: ["violations"],
  });
  return result.violations
    .filter((rule) => severe.includes(rule.impact))
    .map((rule) => ({
      id: rule.id,
      impact: rule.impact,
      help: rule.help,
      targets: rule.nodes.map((node) => node.target.join(" ")),
      summary: rule.nodes[0] ? rule.nodes[0].failureSummary : "",
    }));
}"""


class AccessibilityWatch:
    """axe-core on every page `page` shows; see the module's docstring."""

    def __init__(self, page, viewport: str):
        self.page, self.viewport = page, viewport
        self.scope = ""  # a prefix of the keys (a crawl checks the same path for each role)
        self.checked: list[str] = []
        self.violations: list[dict] = []
        page.context.add_init_script(path=str(AXE))
        page.context.add_init_script(script=SWAPS_SCRIPT)

    def check(self) -> list[dict]:
        """Run axe on the page shown now, unless this path (in this state) was checked."""
        try:
            key = self.page.evaluate(PAGE_KEY)
            if key is None or f"{self.scope}{key}" in self.checked:
                return []
            url = self.page.url
            found = self.page.evaluate(RUN_AXE, [WCAG_TAGS, list(SEVERE)])
        except Exception as exc:  # noqa: BLE001 - the page went away under the check
            if "context was destroyed" in str(exc) or "navigat" in str(exc):
                return []
            raise
        self.checked.append(f"{self.scope}{key}")
        for violation in found:
            violation.update(url=url, viewport=self.viewport, scope=self.scope)
        self.violations.extend(found)
        return found

    def report(self) -> str:
        lines = [
            f"axe ({self.viewport}): {len(self.checked)} pages checked, "
            f"{len(self.violations)} serious or critical violations"
        ]
        for v in self.violations:
            lines.append(f"- {v['id']} ({v['impact']}) {v['scope']}{v['url']}: {v['help']}")
            lines += [f"    {target}" for target in v["targets"][:8]]
            if len(v["targets"]) > 8:
                lines.append(f"    … and {len(v['targets']) - 8} more")
            lines.append(f"    {v['summary'].splitlines()[-1] if v['summary'] else ''}")
        return "\n".join(lines)

    def assert_clean(self):
        if not self.page.is_closed():
            self.check()
        print(self.report())
        assert not self.violations, self.report()


def watched(page, viewport: str):
    page.a11y = AccessibilityWatch(page, viewport)
    return page


# What a test does to a page: before each, the page as it stands is checked (if not yet).
# (A navigation cannot be caught on its way out: while Playwright holds a navigation request,
# Chromium answers no protocol call on the page that starts it.)
ACTIONS = [
    "goto",
    "reload",
    "go_back",
    "go_forward",
    "click",
    "dblclick",
    "tap",
    "press",
    "press_sequentially",
    "type",
    "fill",
    "check",
    "uncheck",
    "set_checked",
    "select_option",
    "set_input_files",
    "dispatch_event",
]


@pytest.fixture
def _axe_before_actions(monkeypatch):
    from playwright.sync_api import Locator, Page

    def hooked(original):
        def action(self, *args, **kwargs):
            page = self if isinstance(self, Page) else self.page
            watch = getattr(page, "a11y", None)
            if watch is not None:
                watch.check()
            return original(self, *args, **kwargs)

        return action

    for cls in (Page, Locator):
        for name in ACTIONS:
            if hasattr(cls, name):
                monkeypatch.setattr(cls, name, hooked(getattr(cls, name)))


@pytest.fixture
def page(browser, _axe_before_actions):
    page = watched(_page(browser, viewport={"width": 1280, "height": 900}), "desktop 1280")
    yield page
    assert page.csp_refusals == []
    page.a11y.assert_clean()


@pytest.fixture
def phone(browser, _axe_before_actions):
    """A phone-sized screen, touch and all: a principal away from the office."""
    page = watched(
        _page(
            browser,
            viewport={"width": 390, "height": 844},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
        ),
        "phone 390",
    )
    yield page
    assert page.csp_refusals == []
    page.a11y.assert_clean()


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
