"""What people do with the portal, end to end in Chromium: the public and panel members read
published figures and never drafts; officers enter figures; the performance lead publishes them.

Journeys through pages other issues build are written against the URLs those issues name and
skipped until the page lands (see NEEDS_* below); each leaves a screenshot of its last page.
"""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from panel.models import Decision
from performance.formatting import format_value
from performance.models import Area, Measure, Observation, Status

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

MEASURE_CODE = "all-crime"
MEASURE_PATH = f"/performance/measures/{MEASURE_CODE}/"
# A value no demo figure has, so finding it on a page can only mean the draft leaked.
SENTINEL = Decimal("987654")
SENTINEL_TEXT = "987,654"
RESTRICTED_SUMMARY = "Contract terms the public must not read (browser suite)"
NEXT_YEAR = {"period_start": dt.date(2021, 4, 1), "period_end": dt.date(2022, 3, 31)}

NEEDS_IMPORT = pytest.mark.skip(
    reason="needs the import page (upload → preview → confirm) from issue 7"
)
NEEDS_SIGN_OFF = pytest.mark.skip(reason="needs the bulk sign-off workflow from issue 7")
NEEDS_DASHBOARD = pytest.mark.skip(
    reason="needs the plan dashboard with its period picker and the measure chart from issue 3"
)
NEEDS_CSV = pytest.mark.skip(reason="needs the measure table's CSV export from issue 3")
NEEDS_PACK = pytest.mark.skip(
    reason="needs the meeting page from issue 5 and the Public Document Pack from issue 6"
)


def latest_published_text(measure_code: str = MEASURE_CODE) -> str:
    """The newest published force-wide figure of a measure, written as the portal writes it."""
    observation = (
        Observation.objects.published()
        .filter(measure__code=measure_code, area__code="LANC")
        .select_related("measure")
        .latest("period_end")
    )
    return format_value(observation.measure, observation.value)


def draft_observation(value: Decimal = SENTINEL) -> Observation:
    return Observation.objects.create(
        measure=Measure.objects.get(code=MEASURE_CODE),
        area=Area.objects.get(code="LANC"),
        value=value,
        status=Status.DRAFT,
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
        table = page.get_by_role("table")
        expect(table).to_contain_text(published)
        expect(table).to_contain_text("12 months to March 2021")
        assert SENTINEL_TEXT not in page.content(), f"the draft is shown to {visitor}"
        assert "Draft" not in table.inner_text()
        browser.screenshot(f"journey-{visitor}-measure-without-drafts")
        browser.assert_no_problems()

    # The control: the draft is on the page for staff who ask for it, so its absence above is
    # the visibility rule at work, not a page that shows nothing new.
    lead = browser_factory()
    lead.sign_in("lead")
    page = lead.goto(f"{MEASURE_PATH}?drafts=1")
    expect(page.get_by_role("row").filter(has_text=SENTINEL_TEXT)).to_contain_text("Draft")
    expect(page.get_by_role("region", name="Drafts shown")).to_be_visible()


def test_panel_member_signs_in_and_follows_a_priority_to_a_measure(browser):
    published = latest_published_text("domestic-abuse-crime")
    page = browser.sign_in("panel")
    page.get_by_role("link", name="Police and Crime Plan for Lancashire 2021–2025").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Police and Crime Plan for Lancashire 2021–2025"
    )
    page.get_by_role("link", name="Tackling domestic abuse and sexual violence").click()
    page.get_by_role("link", name="Domestic abuse crime", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Domestic abuse crime")
    expect(page.get_by_role("table")).to_contain_text(published)
    browser.screenshot("journey-panel-priority-to-measure")
    browser.assert_no_problems()


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


def test_lead_publishes_a_draft_in_the_admin_and_the_public_then_see_it(browser, browser_factory):
    observation = draft_observation()
    public = browser_factory()
    assert SENTINEL_TEXT not in public.goto(MEASURE_PATH).content()

    page = browser.sign_in("lead")
    page.goto(f"{browser.base_url}/admin/performance/observation/{observation.pk}/change/")
    page.locator("select[name=status]").select_option("published")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    observation.refresh_from_db()
    assert observation.status == Status.PUBLISHED

    row = public.goto(MEASURE_PATH).get_by_role("row").filter(has_text="12 months to March 2022")
    expect(row).to_contain_text(SENTINEL_TEXT)
    # Compared with the year before: 119,515 → 987,654 is an increase of 868,139.
    expect(row).to_contain_text("868,139")
    public.screenshot("journey-public-sees-the-published-figure")


# Journeys through pages that other issues build. Each names the URLs its issue gives.


def sample_quarter_csv() -> bytes:
    return (
        "measure,area,period_start,period_end,value,note\n"
        f'{MEASURE_CODE},LANC,2021-04-01,2022-03-31,"{SENTINEL_TEXT}",browser suite\n'
        "rape,LANC,2021-04-01,2022-03-31,2100,\n"
    ).encode("utf-8-sig")


@NEEDS_IMPORT
def test_officer_imports_a_quarter_from_a_spreadsheet_and_submits_it(browser):
    page = browser.sign_in("officer")
    page.goto(f"{browser.base_url}/admin/performance/observation/import/")
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "q1.csv", "mimeType": "text/csv", "buffer": sample_quarter_csv()}]
    )
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("table")).to_contain_text(SENTINEL_TEXT)
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".messagelist, .govuk-notification-banner")).to_contain_text("2")
    assert Observation.objects.filter(status=Status.DRAFT, **NEXT_YEAR).count() == 2
    browser.screenshot("journey-officer-imported-a-quarter")


@NEEDS_SIGN_OFF
def test_lead_verifies_and_publishes_a_quarter_in_bulk(browser):
    draft_observation()
    page = browser.sign_in("lead")
    page.goto(f"{browser.base_url}/admin/performance/observation/?status__exact=draft")
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option(label="Verify selected observations")
    page.get_by_role("button", name="Run").click()
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option(label="Publish selected observations")
    page.get_by_role("button", name="Run").click()
    assert not Observation.objects.exclude(status=Status.PUBLISHED).exists()
    browser.screenshot("journey-lead-published-a-quarter")


@NEEDS_DASHBOARD
def test_panel_member_changes_the_dashboard_period_and_reads_a_chart_as_a_table(browser):
    page = browser.sign_in("panel")
    page.goto(f"{browser.base_url}/performance/")
    page.get_by_label("Period").select_option(label="12 months to March 2020")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("12 months to March 2020")
    page.get_by_role("link", name="All crime").first.click()
    # The chart's text alternative: the table of the same figures.
    expect(page.get_by_role("table").first).to_contain_text("142,374")
    browser.screenshot("journey-panel-dashboard-period-measure")


@NEEDS_CSV
def test_panel_member_downloads_the_measure_table_as_csv(browser):
    published = latest_published_text()
    page = browser.sign_in("panel")
    page.goto(f"{browser.base_url}{MEASURE_PATH}")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").first.click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    assert any(published.replace(",", "") in "".join(row).replace(",", "") for row in rows[1:])
    browser.screenshot("journey-panel-downloaded-csv")


@NEEDS_PACK
def test_panel_member_downloads_a_meetings_public_document_pack(browser):
    page = browser.sign_in("panel")
    page.goto(f"{browser.base_url}/panel/")
    page.get_by_role("link", name="6 December 2021").first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Public Document Pack").click()
    assert download.value.path().read_bytes().startswith(b"%PDF")
    browser.screenshot("journey-panel-downloaded-pack")


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
    expect(officer.goto(page.url.removeprefix(browser.base_url)).locator("main")).to_contain_text(
        RESTRICTED_SUMMARY
    )
