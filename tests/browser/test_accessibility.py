"""WCAG 2.2 AA on every page type, in real Chromium.

For each page type: axe-core finds no violation at levels A and AA; headings are in order;
every keyboard stop shows its focus; nothing scrolls sideways at 320 px (WCAG 1.4.10) or at
200% zoom (a 1280 px screen zoomed to 200% lays the page out 640 px wide); and the page loads
its styles and scripts without a 404, a script error or a Content Security Policy refusal.
All checks run on one load of the page and report together, to keep the suite quick.
"""

import json

import pytest

from .checks import (
    axe_summary,
    axe_violations,
    elements_wider_than_window,
    focus_problems,
    heading_problems,
    horizontal_overflow,
    run_axe,
)
from .conftest import ARTIFACTS_DIR
from .pages import open_page, page_params

pytestmark = pytest.mark.browser

NARROW_WIDTHS = {"320 px wide": 320, "200% zoom": 640}
SETTLE_SCRIPT = """() => new Promise(done =>
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 300))))"""


def reflow_problems(page) -> list[str]:
    problems = []
    for label, width in NARROW_WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 720})
        # Responsive charts redraw a moment after the window's resize event, as they would for
        # someone zooming in; give them that moment.
        page.evaluate(SETTLE_SCRIPT)
        overflow = horizontal_overflow(page)
        # One pixel of rounding is not a scroll bar anyone can use.
        if overflow > 1:
            culprits = ", ".join(elements_wider_than_window(page))
            problems.append(f"at {label} the page scrolls {overflow} px sideways ({culprits})")
    return problems


@pytest.mark.parametrize("page_type", page_params())
def test_page_meets_wcag_22_aa(browser, axe_source, page_type):
    page = open_page(browser, page_type)
    results = run_axe(page, axe_source)
    (ARTIFACTS_DIR / f"axe-{page_type}.json").write_text(json.dumps(axe_summary(results), indent=1))
    problems = {
        "axe-core (WCAG 2.2 A and AA)": axe_violations(page, axe_source, results),
        "headings": heading_problems(page),
        "keyboard focus": focus_problems(page),
        "reflow": reflow_problems(page),
        "loading": browser.problems,
    }
    if page_type.known_reflow_fault:
        if not problems["reflow"]:
            pytest.fail(f"{page_type} now reflows: remove its known_reflow_fault in pages.py")
        problems.pop("reflow")
    report = [f"{check}:\n  " + "\n  ".join(found) for check, found in problems.items() if found]
    assert not report, f"{page_type} ({page.url}):\n" + "\n".join(report)
    if page_type.known_reflow_fault:
        pytest.xfail(f"known reflow fault at 320 px: {page_type.known_reflow_fault}")


def test_styles_and_scripts_load_and_the_skip_link_moves_focus_to_main_content(browser):
    page = browser.goto("/")
    # GOV.UK Frontend's stylesheet sets the body's margin and the header's colour; its script
    # marks the body as supported and initialises each component it finds.
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"
    header = page.locator("header")
    assert header.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(29, 63, 110)"
    page.wait_for_function("document.body.classList.contains('govuk-frontend-supported')")
    page.wait_for_function(
        "document.querySelector('[data-module=govuk-skip-link]')"
        ".hasAttribute('data-govuk-skip-link-init')"
    )
    browser.assert_no_problems()

    # The skip link is the first keyboard stop, shows when focused, and moves focus to <main>.
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    assert skip_link.evaluate("el => el === document.activeElement")
    assert skip_link.is_visible(), "the skip link must appear when it has focus"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    assert page.evaluate("document.activeElement.tagName") == "MAIN"
    # The next Tab continues with the first link of the main content, past the navigation.
    page.keyboard.press("Tab")
    first_link = page.locator("main a").first
    assert first_link.evaluate("el => el === document.activeElement")
