"""Browser tests: Playwright drives the system Chromium against pytest-django's live server.

They need Chromium at /usr/bin/chromium and axe-core's axe.min.js (`npm ci`). When
either is missing the tests are skipped, and the summary says so; with
EVALSITE_REQUIRE_BROWSER=1 (as in CI) a missing piece fails them instead.
"""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from evalsite.env import env_bool

# Playwright's sync API runs an event loop in the main thread from the first browser
# test to the end of the session, and Django refuses database access from a thread
# with a running loop (SynchronousOnlyOperation). Every test here, and every test that
# runs after these, uses the database synchronously, so the check can go.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REQUIRE_VARIABLE = "EVALSITE_REQUIRE_BROWSER"
SKIPPED = ": browser tests skipped"
DEMO_APPS = ["institutions", "ratings", "plans"]  # what load_demo writes to


def missing_piece():
    """What the browser tests lack here, or None when they can run."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"Chromium not found at {CHROMIUM}"
    if not AXE_JS.is_file():
        return f"axe-core not found at {AXE_JS.relative_to(ROOT)} (run `npm ci`)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed"
    return None


@pytest.fixture(scope="session")
def browser():
    missing = missing_piece()
    if missing:
        if env_bool(REQUIRE_VARIABLE, False):
            pytest.fail(
                f"{missing}: browser tests cannot run, and {REQUIRE_VARIABLE} requires them",
                pytrace=False,
            )
        pytest.skip(f"{missing}{SKIPPED}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def demo_dump(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo dataset as a fixture file, made once: loading it is four times faster
    than running load_demo before every test. The database is left as it was."""
    path = tmp_path_factory.mktemp("demo") / "demo.json"
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        call_command("dumpdata", *DEMO_APPS, output=str(path), verbosity=0)
        transaction.set_rollback(True)
    return path


@pytest.fixture
def demo_data(transactional_db, demo_dump):
    """The demo data, committed so that the live server's thread sees it (and flushed after)."""
    call_command("loaddata", demo_dump, verbosity=0)


@pytest.fixture
def site(live_server, demo_data):
    """The address of the running site, with the demo data loaded: site("/awards/2024/")."""
    return lambda path="/": live_server.url + path


@pytest.fixture
def page(browser):
    """A fresh page in a Chinese-speaking browser, as most visitors have, at desktop width.

    The site's Content-Security-Policy stays on: any resource or script it
    refuses is a test failure (see `csp_violations`).
    """
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            page.csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    assert page.csp_violations == [], "the page broke its Content-Security-Policy"
    context.close()


@pytest.fixture
def axe():
    """Runs axe-core with its default rules on a page; returns the violations.

    axe is evaluated through the DevTools protocol, which a page's CSP does not
    govern, rather than added as a <script> the CSP would rightly refuse.
    """
    source = AXE_JS.read_text(encoding="utf-8")

    def run(page):
        if not page.evaluate("typeof axe !== 'undefined'"):
            page.evaluate(source)
        return page.evaluate("async () => (await axe.run(document)).violations")

    return run


@pytest.fixture(scope="session")
def artifacts():
    """Where screenshots go (git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def pytest_terminal_summary(terminalreporter):
    reasons = [
        str(report.longrepr[-1]).removeprefix("Skipped: ")
        for report in terminalreporter.stats.get("skipped", [])
        if isinstance(report.longrepr, tuple)
    ]
    skipped = [reason for reason in reasons if reason.endswith(SKIPPED)]
    if not skipped:
        return
    missing = skipped[0].removesuffix(SKIPPED)
    terminalreporter.write_sep("=", "browser tests skipped", yellow=True, bold=True)
    terminalreporter.write_line(f"{len(skipped)} browser tests skipped: {missing}.")
    terminalreporter.write_line(
        f"They need Chromium at {CHROMIUM} and axe-core from `npm ci`. "
        f"CI sets {REQUIRE_VARIABLE}=1, which turns a skip into a failure."
    )
