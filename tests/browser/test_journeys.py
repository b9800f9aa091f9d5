"""What people do with the portal, end to end in Chromium: officers enter and import figures;
the performance lead verifies and publishes them; panel members and the public read published
figures (never drafts), change the period, read a chart's table and download the figures; a
restricted decision keeps its contents from the public.

A journey through a page still to be built is skipped with the page it needs (NEEDS_* below).
Each journey leaves a screenshot of its last page in test-artifacts/browser/.
"""

import base64
import csv
import datetime as dt
import time
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP

from core.formatting import format_value
from panel.models import Decision
from performance.models import Area, Measure, Observation, Status

from .checks import axe_violations
from .conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

MEASURE_CODE = "all-crime"
MEASURE_PATH = f"/performance/measures/{MEASURE_CODE}/"
# A value no demo figure has, so finding it on a page can only mean the draft leaked.
SENTINEL = Decimal("987654")
SENTINEL_TEXT = "987,654"
RESTRICTED_SUMMARY = "Contract terms the public must not read (browser suite)"
NEXT_YEAR = {"period_start": dt.date(2021, 4, 1), "period_end": dt.date(2022, 3, 31)}
NEXT_YEAR_LABEL = "12 months to March 2022"


def latest_published_text(measure_code: str = MEASURE_CODE) -> str:
    """The newest published force-wide figure of a measure, written as the portal writes it."""
    observation = (
        Observation.objects.published()
        .filter(measure__code=measure_code, area__code="LANC")
        .select_related("measure")
        .latest("period_end")
    )
    return format_value(observation.measure, observation.value)


def draft_observation(measure_code: str = MEASURE_CODE, value: Decimal = SENTINEL):
    """A draft for the year after the demo data, entered by the demo officer."""
    return Observation.objects.create(
        measure=Measure.objects.get(code=measure_code),
        area=Area.objects.get(code="LANC"),
        value=value,
        status=Status.DRAFT,
        entered_by=get_user_model().objects.get(username="officer"),
        **NEXT_YEAR,
    )


def test_public_and_panel_see_published_figures_and_not_a_draft(browser_factory):
    draft_observation()
    published = latest_published_text()
    for visitor in ("anonymous", "panel"):
        browser = browser_factory()
        if visitor == "panel":
            browser.sign_in("panel")
        page = browser.goto(MEASURE_PATH)
        series = page.locator("#series-table")
        expect(
            series.get_by_role("row").filter(has_text="12 months to March 2021")
        ).to_contain_text(published)
        assert SENTINEL_TEXT not in page.content(), f"the draft is shown to {visitor}"
        assert NEXT_YEAR_LABEL not in series.inner_text()
        browser.screenshot(f"journey-{visitor}-measure-without-drafts")
        browser.assert_no_problems()

    # The control: the draft is on the page for staff who ask for it, so its absence above is
    # the visibility rule at work, not a page that shows nothing new.
    lead = browser_factory()
    lead.sign_in("lead")
    page = lead.goto(f"{MEASURE_PATH}?drafts=1")
    row = page.locator("#series-table").get_by_role("row").filter(has_text=NEXT_YEAR_LABEL)
    expect(row).to_contain_text(SENTINEL_TEXT)
    expect(row).to_contain_text("Draft")
    expect(page.get_by_role("region", name="Drafts shown")).to_be_visible()


def test_panel_member_signs_in_and_follows_a_priority_to_a_measure(browser):
    published = latest_published_text("domestic-abuse-crime")
    page = browser.sign_in("panel")
    sign_out = page.get_by_role("button", name="Sign out")
    home_link = page.locator(".opcc-nav").get_by_role("link", name="Home")
    font = "el => getComputedStyle(el).fontFamily"
    assert sign_out.evaluate(font) == home_link.evaluate(font), "the nav's button and links differ"
    page.get_by_role("link", name="Police and Crime Plan for Lancashire 2021–2025").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Police and Crime Plan for Lancashire 2021–2025"
    )
    priority_link = "main a[href*='/tackling-domestic-abuse-and-sexual-violence/']:visible"
    page.evaluate("document.querySelectorAll('main details').forEach(d => d.open = true)")
    page.locator(priority_link).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tackling domestic abuse and sexual violence"
    )
    page.locator("main a[href='/performance/measures/domestic-abuse-crime/']").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Domestic abuse crime")
    expect(page.locator("#series-table")).to_contain_text(published)
    browser.screenshot("journey-panel-priority-to-measure")
    browser.assert_no_problems()


def test_panel_member_changes_the_dashboard_period_and_reads_a_chart_as_a_table(browser):
    page = browser.sign_in("panel")
    page.goto(f"{browser.base_url}/performance/")
    page.get_by_label("Show figures for").select_option(label="12 months to March 2020")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_label("Show figures for")).to_have_value("2019-04-01..2020-03-31")
    burglary = "/performance/measures/burglary-residential/"
    # Each priority's full list is folded: open them all, as a reader would open one.
    page.evaluate("document.querySelectorAll('main details').forEach(d => d.open = true)")
    # The dashboard's figures are now those of 2019/20: residential burglary was 7,234.
    expect(
        page.locator("main tr").filter(has=page.locator(f"a[href^='{burglary}']"))
    ).to_contain_text("7,234")
    page.locator(f"main a[href^='{burglary}']:visible").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Burglary residential")
    # The chart's text alternative: the table of the same figures, reached from a link.
    page.get_by_role("link", name="Show the data as a table").click()
    table = page.locator("#series-table")
    expect(table.get_by_role("row").filter(has_text="12 months to March 2020")).to_contain_text(
        "7,234"
    )
    browser.screenshot("journey-panel-dashboard-period-measure-table")
    browser.assert_no_problems()


def test_panel_member_downloads_the_measure_figures_as_csv(browser):
    page = browser.sign_in("panel")
    page.goto(f"{browser.base_url}{MEASURE_PATH}")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=True).click()
    with open(download.value.path(), encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    cells = [" ".join(row) for row in rows[1:]]
    assert any("12 months to March 2021" in row and "119" in row for row in cells), rows
    assert (
        len(rows) - 1 == Observation.objects.published().filter(measure__code=MEASURE_CODE).count()
    )
    browser.screenshot("journey-panel-downloaded-csv")


def choose_in_autocomplete(page, field: str, text: str):
    """Picks `text` in one of the admin's autocomplete (select2) boxes."""
    page.locator(f".field-{field} .select2-selection").click()
    page.locator(".select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_officer_adds_a_draft_figure_in_the_admin_that_the_public_cannot_see(
    browser, browser_factory
):
    page = browser.sign_in("officer")
    page.get_by_role("link", name="Data entry").click()
    page.goto(f"{browser.base_url}/admin/performance/observation/add/")
    choose_in_autocomplete(page, "measure", "All crime")
    choose_in_autocomplete(page, "area", "Lancashire")
    page.locator("input[name=period_start]").fill("2021-04-01")
    page.locator("input[name=period_end]").fill("2022-03-31")
    page.locator("input[name=value]").fill(str(SENTINEL))
    page.locator("textarea[name=note]").fill("Entered by the browser suite")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    browser.screenshot("journey-officer-added-a-figure")

    observation = Observation.objects.get(measure__code=MEASURE_CODE, **NEXT_YEAR)
    assert observation.value == SENTINEL
    assert observation.status == Status.DRAFT
    assert observation.entered_by.username == "officer"

    public = browser_factory()
    assert SENTINEL_TEXT not in public.goto(MEASURE_PATH).content()


def sample_quarter_csv() -> bytes:
    """What the constabulary sends, as Excel saves it: a BOM and a thousands separator."""
    return (
        "measure,area,period_start,period_end,value,note\n"
        f'{MEASURE_CODE},LANC,01/04/2021,31/03/2022,"{SENTINEL_TEXT}",browser suite\n'
        "rape,LANC,2021-04-01,2022-03-31,2100,\n"
    ).encode("utf-8-sig")


def test_officer_imports_figures_from_a_spreadsheet_as_drafts(browser):
    page = browser.sign_in("officer")
    page.goto(f"{browser.base_url}/admin/performance/observation/")
    page.get_by_role("link", name="Import spreadsheet").click()
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "year.csv", "mimeType": "text/csv", "buffer": sample_quarter_csv()}]
    )
    page.get_by_role("button", name="Check the file").click()
    preview = page.locator("#import-rows")
    expect(preview.get_by_role("row").filter(has_text=MEASURE_CODE)).to_contain_text(SENTINEL_TEXT)
    expect(preview.get_by_role("row").filter(has_text="rape")).to_contain_text("2,100")
    assert not Observation.objects.filter(**NEXT_YEAR).exists(), "the preview wrote figures"
    page.get_by_role("button", name="Confirm the import").click()
    expect(page.locator(".messagelist")).to_contain_text("Imported year.csv")
    browser.screenshot("journey-officer-imported-figures")

    imported = Observation.objects.filter(**NEXT_YEAR).order_by("measure__code")
    assert [(o.measure.code, o.value, o.status) for o in imported] == [
        (MEASURE_CODE, SENTINEL, Status.DRAFT),
        ("rape", Decimal("2100"), Status.DRAFT),
    ]


def run_admin_action(page, action_label: str):
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option(label=action_label)
    page.locator("button[name=index]").click()


def test_lead_verifies_and_publishes_drafts_in_bulk_and_the_public_then_see_them(
    browser, browser_factory
):
    draft_observation()
    draft_observation("rape", Decimal("2100"))
    public = browser_factory()
    assert SENTINEL_TEXT not in public.goto(MEASURE_PATH).content()

    page = browser.sign_in("lead")
    drafts = f"{browser.base_url}/admin/performance/observation/?status__exact=draft"
    page.goto(drafts)
    run_admin_action(page, "Verify the selected figures")
    expect(page.locator(".messagelist")).to_contain_text("Verified 2 figure(s).")
    page.goto(f"{browser.base_url}/admin/performance/observation/?status__exact=verified")
    run_admin_action(page, "Publish the selected figures…")
    expect(page.locator("#publish-rows")).to_contain_text(SENTINEL_TEXT)
    acknowledgement = page.locator("input[name=acknowledge]")
    if acknowledgement.count():  # 987,654 after 119,515 is an outlier the lead must accept
        acknowledgement.check()
    page.get_by_role("button", name="Publish 2 figures").click()
    expect(page.locator(".messagelist")).to_contain_text("Published 2 figure(s).")
    published = Observation.objects.filter(**NEXT_YEAR)
    assert {o.status for o in published} == {Status.PUBLISHED}
    assert {o.verified_by.username for o in published} == {"lead"}

    row = (
        public.goto(MEASURE_PATH)
        .locator("#series-table")
        .get_by_role("row")
        .filter(has_text=NEXT_YEAR_LABEL)
    )
    expect(row).to_contain_text(SENTINEL_TEXT)
    public.screenshot("journey-public-sees-the-published-figure")


def test_anonymous_visitor_sees_a_restricted_decision_listed_but_not_its_contents(
    browser, browser_factory
):
    Decision.objects.filter(reference="18/2021").update(summary=RESTRICTED_SUMMARY)
    page = browser.goto("/panel/decisions/")
    row = page.get_by_role("row").filter(has_text="18/2021")
    expect(row).to_contain_text("Victim Services Contract Award")
    expect(row).to_contain_text("Restricted")
    row.get_by_role("link", name="18/2021").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Victim Services Contract Award")
    expect(page.locator("main")).to_contain_text("The details of this decision are not published.")
    assert RESTRICTED_SUMMARY not in page.content()
    browser.screenshot("journey-anonymous-restricted-decision")
    browser.assert_no_problems()

    # The control: OPCC staff do see what the public cannot.
    officer = browser_factory()
    officer.sign_in("officer")
    decision_page = officer.goto(page.url.removeprefix(browser.base_url))
    expect(decision_page.locator("main")).to_contain_text(RESTRICTED_SUMMARY)


def test_panel_member_downloads_a_meetings_public_document_pack(browser):
    page = browser.sign_in("panel")
    page.goto(f"{browser.base_url}/panel/")
    page.locator("main a[href^='/panel/meetings/'][href*='2021-12-06']").first.click()
    with page.expect_download() as download:
        page.locator("main a[href$='/panel/reports/pack/2021-12-06.pdf']").first.click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    browser.screenshot("journey-panel-downloaded-pack")


def authenticator_code(secret: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app given `secret` (base32, as the page shows it) shows now, or
    `steps_ahead` 30-second steps from now."""
    secret = secret.replace(" ", "")
    totp = TOTP(base64.b32decode(secret + "=" * (-len(secret) % 8)), 30, 0, 6, 0)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def test_officer_turns_on_two_step_sign_in_and_then_signs_in_with_a_code(browser, axe_source):
    page = browser.sign_in("officer")
    page.get_by_role("link", name="Two-step sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-step sign-in")
    expect(
        page.get_by_role("img", name="QR code to scan with your authenticator app")
    ).to_be_visible()
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.locator(".opcc-secret code").inner_text()
    page.get_by_label("Security code").fill(authenticator_code(secret))
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.get_by_text("Two-step sign-in is on.")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{browser.base_url}/accounts/login/?next=/admin/")
    page.get_by_label("User name").fill("officer")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    page.get_by_label("Security code").fill("12345")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The security code is 6 digits")
    assert not axe_violations(page, axe_source)
    # The code that turned it on is spent; the app's next one is accepted a step early.
    page.get_by_label("Security code").fill(authenticator_code(secret, steps_ahead=1))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{browser.base_url}/admin/")
    expect(page.locator("#user-tools")).to_contain_text("Welcome")
    browser.screenshot("journey-officer-two-step-sign-in")
    browser.assert_no_problems()
