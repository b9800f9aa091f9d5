"""Control charts and peer rankings in the Performance Monitoring Report: the reading the
dashboard prints, the chart with a text alternative naming it, drafts kept from the public,
nothing for a short series, and the PDF rendered afresh when a baseline changes."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from core.periods import Period
from panel.reports.control_charts import control_chart
from panel.reports.documents import DocumentRequest, get_pdf
from panel.reports.performance_report import build_performance_report, render_performance_report
from performance.models import Observation, SpcBaseline, Status
from performance.selectors import dashboard, priorities_with_measures
from performance.spc.selectors import measure_spc, spc_for_measures
from tests.factories import AreaFactory, MeasureFactory, PlanFactory, PriorityFactory
from tests.performance.factories import add_figures
from tests.reports.conftest import pdf_text

pytestmark = pytest.mark.django_db
YEAR_END = dt.date(2021, 3, 31)
MONTHS = [Period.month(2019 + (3 + i) // 12, (3 + i) % 12 + 1) for i in range(24)]
# April 2019 to March 2021 swinging 95/105 around 100, with September 2020 far above the limits.
STEADY = [Decimal(95 if i % 2 else 105) for i in range(24)]
WITH_OUTLIER = [Decimal(200) if i == 17 else v for i, v in enumerate(STEADY)]


def struct_alts(pdf: bytes) -> list[str]:
    """Every text alternative in the tagged PDF's structure tree (where WeasyPrint puts alt)."""
    reader = PdfReader(io.BytesIO(pdf))
    found, stack = [], [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            stack.extend(node)
        elif hasattr(node, "get"):
            if "/Alt" in node:
                found.append(" ".join(str(node["/Alt"]).split()))
            if "/K" in node:
                stack.append(node["/K"])
    return found


@pytest.fixture
def lanc():
    return AreaFactory(code="LANC", name="Lancashire", kind="force", position=0)


@pytest.fixture
def priority(lanc):
    plan = PlanFactory(code="PCP-TEST", start=dt.date(2016, 4, 1), end=YEAR_END)
    return PriorityFactory(plan=plan, title="Tackling crime")


def monthly_measure(priority, lanc, name, values, *, status=Status.PUBLISHED):
    """A monthly count measure with its figures from April 2019 and both 12-month totals."""
    measure = MeasureFactory(name=name, frequency="month", direction_of_good="down")
    measure.priorities.add(priority)
    add_months(measure, lanc, MONTHS[: len(values)], values, status=status)
    for year, part in ((2019, values[:12]), (2020, values[12:24])):
        if part:
            add_months(measure, lanc, [Period.financial_year(year)], [sum(part)])
    return measure


def add_months(measure, area, periods, values, *, status=Status.PUBLISHED):
    add_figures(
        (measure, area, period, value, status)
        for period, value in zip(periods, values, strict=True)
    )


def test_unusual_point_is_read_in_the_table_and_charted_with_its_alt_text(priority, lanc):
    measure = monthly_measure(priority, lanc, "Shed burglary", WITH_OUTLIER)
    rendered = render_performance_report(period_end=YEAR_END)
    text = pdf_text(rendered.pdf)
    assert "Control chart: Unusual point in September 2020" in text
    assert "Shed burglary: Unusual point in September 2020" in text  # the chart's heading
    assert "Figure 1.2: Control chart of Shed burglary for Lancashire, monthly figures." in text
    alts = struct_alts(rendered.pdf)
    alt = next(a for a in alts if a.startswith("Control chart of Shed burglary"))
    assert "Unusual point in September 2020" in alt
    assert "September 2020 200 (" in alt  # the figure, with the signal it raises
    assert "April 2019 105" in alt and "March 2021 95" in alt
    # The same words as the dashboard, from the same selector.
    board = dashboard(
        priorities=list(priorities_with_measures(plan=priority.plan)),
        period=Period.financial_year(2020),
        periods=[],
    )
    (row,) = board.sections[0].rows
    assert row.measure == measure
    assert f"Control chart: {row.spc.reading.text}" in text


def test_public_reading_ignores_draft_months_that_staff_preview_shows(priority, lanc, officer):
    measure = monthly_measure(priority, lanc, "Shed burglary", STEADY)
    # The year's last three months are still drafts, far above anything before them.
    Observation.objects.filter(measure=measure, period_start__gte=dt.date(2021, 1, 1)).update(
        value=Decimal(400), status=Status.DRAFT
    )

    public = pdf_text(render_performance_report(period_end=YEAR_END).pdf)
    assert "Control chart: No significant change" in public
    assert "400" not in public

    preview = pdf_text(
        render_performance_report(period_end=YEAR_END, user=officer, preview=True).pdf
    )
    staff_reading = spc_for_measures(
        measures=[measure], area=lanc, user=officer, show_drafts=True, until=YEAR_END
    )[measure.pk].reading
    assert staff_reading.text.startswith("Unusual point")
    assert f"Control chart: {staff_reading.text}" in preview
    assert "No significant change" not in preview


def test_fewer_than_twelve_months_gives_no_chart_and_no_reading(priority, lanc):
    measure = monthly_measure(priority, lanc, "Shed burglary", WITH_OUTLIER[:11])
    # A figure for the report's own year: a year with none published has no report at all.
    add_months(measure, lanc, [Period.financial_year(2020)], [Decimal(100)])
    report = build_performance_report(period_end=YEAR_END)
    (section,) = report.sections
    assert section.analyses == []
    assert [row.spc for row in section.rows] == [None]
    text = pdf_text(render_performance_report(period_end=YEAR_END).pdf)
    assert "Shed burglary" in text
    assert "Control chart" not in text


def test_peer_position_and_ranking_chart_for_the_year(priority, lanc):
    measure = monthly_measure(priority, lanc, "Shed burglary", STEADY)
    year = Period.financial_year(2020)
    peers = [
        AreaFactory(code=f"F{i}", name=f"Force {i}", kind="force", position=i) for i in range(1, 8)
    ]
    # Lower is better: two forces below Lancashire's 1,200, so Lancashire is 3rd of 8.
    for area, value in zip(peers, (900, 1000, 1300, 1400, 1500, 1600, 1700), strict=True):
        add_months(measure, area, [year], [Decimal(value)])
    rendered = render_performance_report(period_end=YEAR_END)
    text = pdf_text(rendered.pdf)
    assert "Among the forces: 3rd of 8" in text
    assert "Lancashire is 3rd of 8 among the forces for the 12 months to March 2021" in text
    assert "Control charts and comparison with other forces" in text
    alt = next(a for a in struct_alts(rendered.pdf) if a.startswith("Shed burglary, 12 months"))
    assert "Lancashire 3rd of 8" in alt
    assert "1. Force 1 900; 2. Force 2 1,000; 3. Lancashire 1,200" in alt


def test_draft_peer_figures_do_not_rank_the_force_for_the_public(priority, lanc):
    measure = monthly_measure(priority, lanc, "Shed burglary", STEADY)
    rival = AreaFactory(code="F1", name="Force 1", kind="force", position=1)
    add_months(measure, rival, [Period.financial_year(2020)], [Decimal(5)], status=Status.DRAFT)
    report = build_performance_report(period_end=YEAR_END)
    assert [a.ranking for a in report.sections[0].analyses] == [None]


def test_measure_in_two_priorities_is_charted_in_both_with_its_own_numbers(priority, lanc):
    measure = monthly_measure(priority, lanc, "Shed burglary", WITH_OUTLIER)
    other = PriorityFactory(plan=priority.plan, title="Rural crime")
    measure.priorities.add(other)
    report = build_performance_report(period_end=YEAR_END)
    analyses = [section.analyses for section in report.sections]
    assert [len(a) for a in analyses] == [1, 1]
    assert analyses[0][0].control_chart is analyses[1][0].control_chart  # drawn once
    assert report.chart_count == sum(len(s.charts) for s in report.sections) + 2


def test_control_chart_uses_the_report_chart_format(priority, lanc, settings):
    measure = monthly_measure(priority, lanc, "Shed burglary", WITH_OUTLIER)
    spc = measure_spc(measure=measure, area=lanc)
    chart = control_chart(spc)
    assert chart.mime == "image/png" and chart.image.startswith(b"\x89PNG")
    settings.REPORT_CHART_FORMAT = "svg"
    assert control_chart(spc).mime == "image/svg+xml"


def test_adding_a_baseline_renders_the_report_afresh(priority, lanc):
    measure = monthly_measure(priority, lanc, "Shed burglary", STEADY)
    request = DocumentRequest.make("performance", YEAR_END.isoformat())
    first = get_pdf(request)
    SpcBaseline.objects.create(
        measure=measure, area=lanc, start=dt.date(2020, 4, 1), label="Start of the pandemic"
    )
    second = get_pdf(request)
    assert first != second
    assert "No significant change since April 2020" in pdf_text(second)
