"""A quarter's figures in one sitting, end to end in Chromium: the officer starts from the
quarter's progress, enters a priority's figures and commentary in one grid without typing a
date, sees a warning for a £ million figure typed in pounds before saving; the performance lead
reviews them, sends one back with a reason, verifies the rest and publishes the quarter; the
public dashboard then shows them.

Screenshots of the grid and the review at 1280 and 390 px go to test-artifacts/browser/.
"""

import datetime as dt
from decimal import Decimal

import pytest

from performance.models import Commentary, Measure, Observation, Status

from .checks import axe_violations

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

PLAN = "PCP-2021"
PRIORITY = "efficient-and-effective-policing"
QUARTER = "2021-Q1"  # Q1 2021/22, April to June 2021: after the demo data
GRID = f"/performance/staff/quarter/?scope={PLAN}/{PRIORITY}&quarter={QUARTER}"
REVIEW = f"/performance/staff/review/?scope={PLAN}&quarter={QUARTER}"
COMMENTARY = "Visible front-line spending rose again in the first quarter (browser suite)."
PHONE = {"width": 390, "height": 844}


def _value_box(page, code: str):
    measure = Measure.objects.get(code=code)
    return page.locator(f"input[name^='value-{measure.pk}-']")


def test_officer_enters_a_quarter_and_the_lead_reviews_and_publishes_it(
    browser_factory, axe_source
):
    officer = browser_factory()
    page = officer.sign_in("officer")
    page.goto(f"{officer.base_url}/performance/staff/outstanding/?scope={PLAN}&quarter={QUARTER}")
    progress = (
        page.locator("#progress-table")
        .get_by_role("row")
        .filter(has_text="Delivering efficient and effective policing")
    )
    progress.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter Q1 2021/22")

    # A £ million figure typed in pounds is questioned as it is typed, before any save.
    visible = _value_box(page, "frontline-spend-visible")
    visible.fill("108700000")
    check = page.locator(f"#{visible.get_attribute('data-output')}")
    expect(check).to_contain_text("looks like a figure in pounds")
    expect(check).to_contain_text("£108.7m is entered as 108.7")
    visible.fill("110.2")
    # No figure for the 12 months to June 2020, so no year-on-year change; and no warning.
    expect(check).to_have_text("No figure a year earlier")
    officer.screenshot("quarter-grid-1280")

    boxes = page.locator("input.opcc-entry-value")
    due = boxes.count()
    for index in range(due):
        box = boxes.nth(index)
        if not box.input_value():
            box.fill("50")
    page.get_by_label("Commentary on Delivering efficient and effective policing").fill(COMMENTARY)
    assert not page.locator("input[type=date], input[name*=period]").count()
    page.get_by_role("button", name="Save as drafts").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"Saved {due} figures, 1 commentary and"
    )
    drafts = Observation.objects.filter(status=Status.DRAFT, entered_by__username="officer")
    assert drafts.count() == due
    spend = drafts.get(measure__code="frontline-spend-visible")
    assert (spend.value, spend.period_start, spend.period_end) == (
        Decimal("110.2"),
        dt.date(2020, 7, 1),
        dt.date(2021, 6, 30),
    )
    assert axe_violations(page, axe_source) == []
    officer.assert_no_problems()

    lead = browser_factory()
    page = lead.sign_in("lead")
    page.goto(lead.base_url + REVIEW)
    awaiting = page.locator("table[id^='awaiting-']")
    expect(page.get_by_role("heading", name=f"Awaiting verification: {due}")).to_be_visible()
    grade_1 = awaiting.get_by_role("row").filter(
        has_text="Grade 1 - Emergency response median time to arrive"
    )
    for shown in ("50.0 min", "10.2 min", "+39.8 min", "is far from the earlier", "officer"):
        expect(grade_1).to_contain_text(shown)  # value, previous, change, warning, author
    lead.screenshot("quarter-review-1280")
    grade_1.get_by_text("Send back…").click()
    grade_1.get_by_label("Reason, for the officer").fill("The force's report gives 10.4 minutes.")
    grade_1.get_by_role("button", name="Send back with this reason").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Sent back")

    ticks = page.locator("table[id^='awaiting-'] input[name=verify]:not([disabled])")
    for index in range(ticks.count()):
        ticks.nth(index).check()
    page.get_by_role("button", name="Verify the ticked figures").click()
    expect(page.locator(".govuk-notification-banner").first).to_contain_text(
        f"Verified {due - 1} figure(s)."
    )
    acknowledge = page.locator("#acknowledge")
    if acknowledge.count():
        acknowledge.check()
    page.get_by_role("button", name="Publish Q1 2021/22").click()
    expect(page.locator(".govuk-notification-banner").first).to_contain_text(
        f"Published {due - 1} figure(s)."
    )
    returned = Observation.objects.get(measure__code="grade-1-response-median", status="draft")
    assert returned.returned_reason == "The force's report gives 10.4 minutes."
    assert (
        Observation.objects.filter(status=Status.PUBLISHED, entered_by__username="officer").count()
        == due - 1
    )
    assert Commentary.objects.get(text=COMMENTARY).is_published
    lead.assert_no_problems()

    # The officer sees why the figure came back, beside it in the grid.
    page = officer.goto(GRID)
    expect(page.locator(".opcc-returned")).to_contain_text("The force's report gives 10.4 minutes.")

    public = browser_factory()
    page = public.goto(f"/performance/plans/{PLAN}/{PRIORITY}/")
    main = page.locator("main")
    expect(main).to_contain_text("12 months to June 2021")
    expect(main).to_contain_text("£110.2m")
    expect(main).to_contain_text(COMMENTARY)
    public.screenshot("quarter-public-priority")
    public.assert_no_problems()


def test_grid_and_review_fit_a_phone(browser_factory):
    officer = browser_factory(viewport=PHONE)
    page = officer.sign_in("officer")
    page.goto(officer.base_url + GRID)
    _value_box(page, "frontline-spend-visible").fill("108700000")
    expect(page.locator(".opcc-warning").first).to_contain_text("looks like a figure in pounds")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    officer.screenshot("quarter-grid-390")
    page.get_by_role("button", name="Save as drafts").click()
    lead = browser_factory(viewport=PHONE)
    page = lead.sign_in("lead")
    page.goto(lead.base_url + REVIEW)
    expect(page.get_by_role("heading", name="Awaiting verification: 1")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    lead.screenshot("quarter-review-390")
    officer.assert_no_problems()
    lead.assert_no_problems()


def test_every_review_column_is_visible_at_1280(browser_factory):
    officer = browser_factory()
    page = officer.sign_in("officer")
    page.goto(officer.base_url + GRID)
    _value_box(page, "frontline-spend-visible").fill("110.2")
    page.get_by_role("button", name="Save as drafts").click()
    lead = browser_factory()
    page = lead.sign_in("lead")
    page.goto(lead.base_url + REVIEW)
    table = page.locator("table[id^='awaiting-']")
    right = page.evaluate("document.querySelector('main').getBoundingClientRect().right")
    for header in table.locator("th[scope=col]").all():
        box = header.bounding_box()
        assert box and box["x"] + box["width"] <= right + 1, header.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
