"""The Performance Monitoring Report for a period end whose 12 months have no published
figures: the demo's September 2020 quarter, which has only Lancashire Victim Services'
quarterly referrals (as the December 2020 panel paper reports them). It prints those, and
says once, in a sentence, what is missing, never an empty table; a period end whose report
would print no figure at all is refused before any render is queued."""

import datetime as dt

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from core.periods import month_end, report_periods
from panel.reports.performance_report import (
    NoFigures,
    build_performance_report,
    render_performance_report,
)
from pcc_portal.models import BackgroundJob
from performance.models import Area, Measure, Observation, Plan, Status
from performance.selectors import (
    period_rows,
    plan_in_force,
    plan_measures,
    report_has_figures,
    series_within,
)
from tests.reports.conftest import pdf_text

pytestmark = pytest.mark.django_db
SEPTEMBER_QUARTER = dt.date(2020, 9, 30)
PRIORITIES_2016 = (
    "Protecting local policing",
    "Tackling crime and re-offending",
    "Supporting vulnerable people and victims",
    "Developing safe and confident communities",
)


def test_a_quarter_without_twelve_months_figures_prints_its_quarter_and_no_empty_table(demo):
    text = pdf_text(render_performance_report(period_end=SEPTEMBER_QUARTER).pdf)
    # The quarter's published figures are printed, under the quarter's title.
    assert "Report for Q2 2020/21 (1 July to 30 September 2020)" in text
    for figure in ("13,005", "11,022", "3,940", "551", "989", "268"):
        assert figure in text, figure
    # The missing 12 months are said once, in the summary ...
    assert text.count("No figures for the 12 months to September 2020") == 1
    assert "no appendix of summary tables" in text
    # ... each priority without the quarter's figures says so once ...
    missing = "No figures have been published for this priority for Q2 2020/21."
    assert text.count(missing) == 3
    # ... and no table is printed without figures: no year tables, no appendix.
    assert "compared with the year before" not in text
    assert "Appendix: summary tables" not in text
    assert "In Year Performance" not in text
    assert "N/A" not in text


def test_each_priority_has_its_figures_or_one_sentence_never_both_nor_neither(demo):
    report = build_performance_report(period_end=SEPTEMBER_QUARTER)
    assert [section.priority.title for section in report.sections] == list(PRIORITIES_2016)
    for section in report.sections:
        has_table = bool(section.rows or section.quarter_rows)
        assert has_table != bool(section.missing), section.priority.title
    assert report.summary_tables == []


def test_the_year_end_report_keeps_every_table_and_says_nothing_is_missing(demo):
    report = build_performance_report(period_end=dt.date(2021, 3, 31), with_charts=False)
    assert all(section.rows and not section.missing for section in report.sections)
    assert len(report.summary_tables) == 4 and report.summary_note == ""


def test_an_appendix_table_without_figures_is_one_sentence(demo):
    """The year to March 2021 without the confidence survey's figures: its table would print
    no figure, so the appendix names it in one sentence instead."""
    Observation.objects.filter(measure__code="confidence-csew").delete()
    year_end = dt.date(2021, 3, 31)
    report = build_performance_report(period_end=year_end, with_charts=False)
    assert "Developing confident communities" not in [t.heading for t in report.summary_tables]
    text = pdf_text(render_performance_report(period_end=year_end).pdf)
    appendix = text[text.index("Appendix: summary tables") :]
    assert "TACKLING CRIME & RE-OFFENDING" in appendix
    sentence = (
        "No figures for the 12 months to March 2021 have been published for developing "
        "confident communities."
    )
    assert appendix.count(sentence) == 1
    assert "DEVELOPING CONFIDENT COMMUNITIES" not in appendix


@pytest.fixture
def months(demo):
    """All crime's monthly figures for October to December 2020, published (the demo's own
    monthly figures come from the open data files, not loaded in tests)."""
    Observation.objects.bulk_create(
        Observation(
            measure=Measure.objects.get(code="all-crime"),
            area=Area.objects.get(code="LANC"),
            unit="count",
            period_start=dt.date(2020, month, 1),
            period_end=month_end(2020, month),
            value=9000 + month,
            status=Status.PUBLISHED,
        )
        for month in (10, 11, 12)
    )


# Month ends around the demo's move from yearly to monthly figures (October 2020).
MONTH_ENDS = [
    dt.date(2020, 3, 31),
    dt.date(2020, 6, 30),
    *(dt.date(2020, month, day) for month, day in ((9, 30), (10, 31), (11, 30), (12, 31))),
    dt.date(2021, 3, 31),
    dt.date(2021, 6, 30),
    dt.date(2021, 12, 31),
]


@pytest.mark.parametrize("period_end", MONTH_ENDS, ids=str)
def test_the_download_check_asks_what_the_report_prints(months, period_end):
    """`report_has_figures` (the download's check) is true exactly when the selectors the
    report prints from give it a figure: a row for its 12 months or quarter, or a series."""
    plan = plan_in_force(period_end)
    measures = plan_measures(plan=plan)
    period, _, quarter = report_periods(period_end)
    printed = [
        row
        for basis in (period, quarter)
        if basis
        for row in period_rows(measures=measures, period=basis).values()
        if row.force
    ]
    series = series_within(measures=measures, period=period)
    assert report_has_figures(plan=plan, period_end=period_end) == bool(printed or series)


def test_a_report_that_would_print_no_figure_is_not_built(months):
    plan = Plan.objects.get(code="PCP-2016")
    november = dt.date(2020, 11, 30)  # two monthly figures: too few to chart, no table
    assert not report_has_figures(plan=plan, period_end=november)
    with pytest.raises(NoFigures):
        build_performance_report(period_end=november)
    # A third month makes a line worth charting: the report for January 2021 has it.
    january = dt.date(2021, 1, 31)
    assert report_has_figures(plan=plan, period_end=january)
    report = build_performance_report(period_end=january)
    assert any(
        chart.title.endswith("monthly figures") for s in report.sections for chart in s.charts
    )
    # Any other day of a month is not a report of its own.
    assert not report_has_figures(plan=plan, period_end=dt.date(2021, 1, 30))


def test_a_dashboard_offers_the_report_only_for_a_period_that_has_one(months, anon_client):
    """The button leads where the download gives a report: never to a refusal."""
    plan_page = Plan.objects.get(code="PCP-2016").get_absolute_url()
    button = "Download the Performance Monitoring Report for this period (PDF)"
    november = anon_client.get(plan_page, {"period": "2020-11-01..2020-11-30"})
    assert "November 2020" in november.content.decode()
    assert button not in november.content.decode()
    quarter = anon_client.get(plan_page, {"period": "2020-07-01..2020-09-30"}).content.decode()
    assert button in quarter and "2020-09-30" in quarter


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return DBTaskResult.objects


def _url(key):
    return reverse("panel:report_pdf", kwargs={"kind": "performance", "key": key})


def test_a_period_end_with_figures_only_in_other_periods_is_not_found_before_queueing(
    months, anon_client, queue
):
    """30 November 2020 has published monthly figures (for October and November), but the
    report for it would print none: it answers 404 with the reason and queues nothing."""
    response = anon_client.get(_url("2020-11-30"))
    assert response.status_code == 404
    assert "No figures have been published for the period ending 30 November 2020" in (
        response.content.decode()
    )
    assert queue.count() == 0 and not BackgroundJob.objects.exists()


def test_the_september_quarter_is_queued_for_rendering(demo, anon_client, queue):
    assert anon_client.get(_url("2020-09-30")).status_code == 202
    assert queue.count() == 1
