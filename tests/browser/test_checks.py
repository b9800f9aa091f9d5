"""The page checks find the faults they look for: each is run on a page with known faults,
so a check that silently passes everything cannot go unnoticed."""

import pytest

from .checks import (
    axe_violations,
    focus_problems,
    heading_problems,
    horizontal_overflow,
)

pytestmark = pytest.mark.browser

FAULTY_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Faulty</title><style>
  .no-focus:focus { outline: none; }
  .wide { width: 700px; height: 10px; }
</style></head><body>
  <h2>Before the title</h2>
  <main><h1>Title</h1><h3>Skips a level</h3>
    <a href="#a" class="no-focus">Invisible focus</a>
    <a href="#b">Default focus ring</a>
    <img src="data:," width="10" height="10">
    <p style="color:#999;background:#fff">Low contrast text</p>
    <div class="wide"></div>
  </main>
</body></html>"""


def test_axe_reports_missing_alt_text_and_low_contrast(blank_page, axe_source):
    blank_page.set_content(FAULTY_PAGE)
    report = "\n".join(axe_violations(blank_page, axe_source))
    assert "image-alt (critical)" in report
    assert "color-contrast (serious)" in report
    assert "Low contrast text" in report


def test_heading_check_reports_a_skipped_level(blank_page):
    blank_page.set_content(FAULTY_PAGE)
    assert heading_problems(blank_page) == ["h3 'Skips a level' follows an h1: h2 is skipped"]


def test_heading_check_reports_a_missing_or_second_h1(blank_page):
    blank_page.set_content("<main><h2>No title</h2></main>")
    assert heading_problems(blank_page)[0] == "expected one h1, found 0: []"
    blank_page.set_content("<main><h1>One</h1><h1>Two</h1></main>")
    assert heading_problems(blank_page)[0] == "expected one h1, found 2: ['One', 'Two']"


def test_focus_check_reports_a_link_without_a_focus_style(blank_page):
    blank_page.set_content(FAULTY_PAGE)
    assert focus_problems(blank_page) == [
        "<a> 'Invisible focus' looks the same focused and unfocused"
    ]


def test_reflow_check_measures_sideways_scrolling(blank_page):
    blank_page.set_content(FAULTY_PAGE)
    blank_page.set_viewport_size({"width": 320, "height": 600})
    assert horizontal_overflow(blank_page) > 300


STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'"


def test_axe_runs_under_a_strict_content_security_policy(blank_page, axe_source):
    """The portal forbids inline scripts; axe is evaluated through DevTools, which the policy
    does not block, so the checks keep working with the policy in force."""
    blank_page.route(
        "http://portal.test/",
        lambda route: route.fulfill(
            body=FAULTY_PAGE.replace("</body>", "<script>window.inlineRan = 1</script></body>"),
            content_type="text/html",
            headers={"Content-Security-Policy": STRICT_CSP},
        ),
    )
    blank_page.goto("http://portal.test/")
    assert blank_page.evaluate("window.inlineRan") is None, "the policy should block inline scripts"
    assert any(line.startswith("image-alt") for line in axe_violations(blank_page, axe_source))
