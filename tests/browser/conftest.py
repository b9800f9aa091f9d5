"""The browser harness: the portal served by pytest-django's live server (on PostgreSQL when
DATABASE_URL points there), driven by Playwright through Debian's Chromium, with the demo data
loaded and the demo users able to sign in.

Every test here is marked `browser`. Without /usr/bin/chromium they are skipped on a developer's
machine; in CI (CI=true) a missing Chromium is an error, because .ci/run installs it.
Screenshots of each journey's last page go to ARTIFACTS_DIR, printed at the end of the run.
"""

import os
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = ROOT / "test-artifacts" / "browser"
DEMO_PASSWORD = "browser-suite-password-0123"
DESKTOP = {"width": 1280, "height": 900}
FAVICON = "/favicon.ico"


@pytest.hookimpl(trylast=True)  # after `-m` has deselected what it will
def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if "browser" in item.keywords]
    problem = _why_no_browser() if browser_items else ""
    if not problem:
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"The browser suite cannot run in CI: {problem}")
    skip = pytest.mark.skip(reason=f"browser suite skipped: {problem}")
    for item in browser_items:
        item.add_marker(skip)


def _why_no_browser() -> str:
    if not CHROMIUM.exists():
        return f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing (pip install -r requirements-dev.txt)"
    if not (ROOT / "static" / "build" / "portal.css").exists():
        return "static/build is not built (run `make setup`)"
    return ""


def pytest_terminal_summary(terminalreporter):
    if ARTIFACTS_DIR.exists() and any(ARTIFACTS_DIR.glob("*.png")):
        terminalreporter.write_line(f"Browser screenshots: {ARTIFACTS_DIR}")


@pytest.fixture(scope="session", autouse=True)
def allow_orm_beside_playwright():
    """Playwright's sync API keeps an asyncio loop in the test thread, which makes Django's ORM
    in the test itself (demo data, assertions) refuse to run. The tests never run Django code
    concurrently with that loop, so the guard is lifted while the browser tests run, and only
    then."""
    with mock.patch.dict(os.environ, {"DJANGO_ALLOW_ASYNC_UNSAFE": "true"}):
        yield


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def demo_fixture(django_db_setup, django_db_blocker, tmp_path_factory) -> Path:
    """The demo data and the demo users (officer, lead, panel, admin) as a fixture file.

    `load_demo` validates every row and takes several seconds, so it runs once per session;
    each test then loads its output back, because the live server's database is emptied after
    every test. Content types and permissions are left out (Django re-creates them after each
    emptying); groups and users refer to them by natural key.
    """
    from django.apps import apps

    path = tmp_path_factory.mktemp("demo") / "demo.json"
    left_out = ["contenttypes", "auth.permission", "sessions", "admin.logentry"] + [
        model._meta.label for model in apps.get_models() if model.__name__.startswith("Historical")
    ]
    with django_db_blocker.unblock(), mock.patch.dict(os.environ, DEMO_PASSWORD=DEMO_PASSWORD):
        call_command("load_demo", with_users=True, verbosity=0)
        call_command(
            "dumpdata",
            exclude=left_out,
            natural_foreign=True,
            natural_primary=True,
            output=str(path),
            verbosity=0,
        )
    return path


@pytest.fixture
def portal(live_server, demo_fixture):
    """The portal served on localhost with the demo data, fresh for each test."""
    call_command("loaddata", str(demo_fixture), verbosity=0)
    return live_server


class Browser:
    """One browser context on the live portal, recording anything that went wrong on a page:
    failed or 4xx/5xx requests, console errors (a CSP refusal among them), script errors."""

    def __init__(self, context, base_url):
        self.context = context
        self.base_url = base_url
        self.problems: list[str] = []
        self.page = context.new_page()
        self.page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        self.page.on("console", self._on_console)
        self.page.on("requestfailed", self._on_request_failed)
        self.page.on("response", self._on_response)

    def _on_console(self, message):
        if message.type == "error" and not message.location.get("url", "").endswith(FAVICON):
            self.problems.append(f"console error: {message.text}")

    def _on_request_failed(self, request):
        # A download ends its request as "aborted" once the file is saved; that is not a fault.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _on_response(self, response):
        # Browsers ask for /favicon.ico by themselves; the portal has no icon of its own (the
        # GOV.UK Frontend icons carry the crown, which an OPCC may not use).
        if response.url == f"{self.base_url}{FAVICON}":
            return
        if response.status >= 400 and response.url.startswith(self.base_url):
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def goto(self, path: str):
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.ok, (
            f"{path} answered {response and response.status}"
        )
        return self.page

    def sign_in(self, username: str):
        """Signs in on the login page with the keyboard only, as an officer at a desk would."""
        from playwright.sync_api import expect

        page = self.goto("/accounts/login/")
        page.get_by_label("User name").focus()
        page.keyboard.type(username)
        page.keyboard.press("Tab")
        page.keyboard.type(DEMO_PASSWORD)
        page.keyboard.press("Enter")
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        return page

    def screenshot(self, name: str) -> Path:
        path = ARTIFACTS_DIR / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def assert_no_problems(self):
        assert not self.problems, "Problems in the browser:\n" + "\n".join(self.problems)


@pytest.fixture
def browser_factory(chromium, portal):
    contexts = []

    def make(*, viewport=None, device_scale_factor=1, **options):
        context = chromium.new_context(
            viewport=viewport or DESKTOP,
            device_scale_factor=device_scale_factor,
            locale="en-GB",
            timezone_id="Europe/London",
            **options,
        )
        # A pack render or a quarter's save on a busy CI machine can take longer than 10 s.
        context.set_default_timeout(30_000)
        contexts.append(context)
        return Browser(context, portal.url)

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def browser(browser_factory):
    """A desktop browser, not signed in."""
    return browser_factory()


@pytest.fixture(scope="session")
def axe_source() -> str:
    path = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    if not path.exists():
        pytest.fail(f"{path} is missing: run `npm ci` (make setup) to install axe-core")
    return path.read_text(encoding="utf-8")


@pytest.fixture
def blank_page(chromium):
    """A page with no portal behind it, for proving the checks on hand-written HTML."""
    context = chromium.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()
