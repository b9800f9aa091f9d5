"""Every page type of the portal that the accessibility and layout checks visit.

A page type whose URL does not resolve yet is skipped with a reason naming the page and the
issue that builds it, so each check starts running by itself the day its page lands. Pages
reached through a list (a meeting from the meetings list) follow the first matching link.
"""

from dataclasses import dataclass

import pytest
from django.urls import Resolver404, resolve


@dataclass(frozen=True)
class PageType:
    name: str
    path: str
    needs: str = ""  # the issue that builds the page, for the skip reason
    user: str = ""  # who looks at it; "" is an anonymous visitor
    follow: str = ""  # CSS selector of the link on `path` that leads to the page itself
    query: str = ""
    # A reflow fault already reported to the page's owner: the test is marked xfail while it
    # lasts and fails once the page reflows, so that this line gets removed.
    known_reflow_fault: str = ""

    def __str__(self):
        return self.name


PAGE_TYPES = [
    PageType("home", "/"),
    PageType("login", "/accounts/login/"),
    PageType("dashboard", "/performance/", needs="the plan dashboard (issue 3)"),
    PageType("plan", "/performance/plans/PCP-2021/"),
    PageType(
        "priority",
        "/performance/plans/PCP-2021/tackling-domestic-abuse-and-sexual-violence/",
    ),
    PageType("measures", "/performance/measures/", needs="the measures table (issue 3)"),
    PageType("measure", "/performance/measures/all-crime/"),
    PageType(
        "measure-drafts-shown", "/performance/measures/all-crime/", user="lead", query="drafts=1"
    ),
    PageType("about-the-data", "/about/data/", needs="the About the data page (issue 3)"),
    PageType("finance", "/finance/", needs="the finance dashboard (issue 4)"),
    PageType("funds", "/funds/", needs="the funds dashboard (issue 4)"),
    PageType("grants", "/funds/grants/", needs="the grants table (issue 4)"),
    PageType("meetings", "/panel/", needs="the meetings list (issue 5)"),
    PageType(
        "meeting",
        "/panel/",
        needs="the meeting page (issue 5)",
        follow="main a[href^='/panel/meetings/']",
    ),
    PageType("decisions", "/panel/decisions/", needs="the decisions log (issue 5)"),
    PageType(
        "decision",
        "/panel/decisions/",
        needs="the decision page (issue 5)",
        follow="main a[href^='/panel/decisions/'][href$='/']",
    ),
    PageType("members", "/panel/members/", needs="the panel members page (issue 5)"),
    PageType("groups", "/panel/groups/", needs="the task and finish groups page (issue 5)"),
    PageType("search", "/search/", needs="the search page (issue 19)", query="q=domestic"),
    PageType(
        "import-preview",
        "/admin/performance/observation/import/",
        needs="the import preview (issue 7)",
        user="officer",
    ),
    PageType("accessibility-statement", "/accessibility/"),
    PageType("service-status", "/status/", needs="the service status page (issue 19)"),
    PageType("my-panel", "/panel/my/", needs="My panel (issue 19)", user="panel"),
    PageType(
        "panel-questions", "/panel/questions/", needs="the question log (issue 19)", user="officer"
    ),
    PageType(
        "raise-a-question",
        "/panel/questions/new/",
        needs="the question log (issue 19)",
        user="panel",
        query="measure=rape",
    ),
    PageType("two-step-set-up", "/accounts/two-step/", user="officer"),
]


def missing(path: str, needs: str) -> str:
    """Why the page at `path` cannot be tested yet, or "" when something serves it."""
    reason = f"needs {needs}: nothing is served at {path} yet"
    try:
        match = resolve(path)
    except Resolver404:
        return reason
    # The admin resolves any path (its catch-all, its redirect of "<object_id>/" to the change
    # form): only a pattern of its own counts as the page.
    if "(?P<url>" in match.route or "<path:object_id>" in match.route:
        return reason
    return ""


def require(path: str, needs: str) -> None:
    """Skips the test when nothing serves `path` yet."""
    reason = missing(path, needs)
    if reason:
        pytest.skip(reason)


def page_params(page_types=PAGE_TYPES):
    """The page types as test parameters, those not built yet marked as skipped (decided at
    collection, so a skipped page costs no set-up)."""
    return [
        pytest.param(
            page_type,
            id=page_type.name,
            marks=[pytest.mark.skip(reason=reason)]
            if (reason := missing(page_type.path, page_type.needs or page_type.name))
            else [],
        )
        for page_type in page_types
    ]


def open_page(browser, page_type: PageType):
    """Opens `page_type` in `browser` as its user."""
    if page_type.user:
        browser.sign_in(page_type.user)
    if page_type.name == "import-preview":
        return open_import_preview(browser, page_type)
    page = browser.goto(page_type.path + (f"?{page_type.query}" if page_type.query else ""))
    if page_type.follow:
        link = page.locator(page_type.follow).first
        if not link.count():
            pytest.skip(f"no link to a {page_type.name} page on {page_type.path}")
        link.click()
        page.wait_for_load_state()
    return page


IMPORT_CSV = (
    "measure,area,period_start,period_end,value,note\n"
    "all-crime,LANC,2021-04-01,2022-03-31,131000,browser suite\n"
)


def open_import_preview(browser, page_type: PageType):
    """Uploads a one-row CSV on the import page and returns the preview it leads to."""
    page = browser.goto(page_type.path)
    page.locator("input[type=file]").first.set_input_files(
        files=[{"name": "figures.csv", "mimeType": "text/csv", "buffer": IMPORT_CSV.encode()}]
    )
    page.locator("main [type=submit], #content [type=submit]").first.click()
    page.get_by_role("button", name="Confirm the import").wait_for()
    return page
