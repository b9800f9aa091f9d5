"""A measure's charts in the PDFs are drawn on the value axis of its chart on the measure's
page (one function, `pcc_portal.charts.measure_axis`, gives both), and a value label never
sits under a target line."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest

from core.periods import Period
from panel.papers import figures
from panel.reports import charts as chart_kit
from panel.reports.performance_report import build_performance_report
from tests.reports.conftest import drawn_chart

pytestmark = pytest.mark.django_db
YEAR_END = dt.date(2021, 3, 31)
# Measures the report of the year to March 2021 charts: three times with their targets
# (15 minutes, 1 hour, 48 hours) and a share of calls.
CHARTED = {
    "grade-1-response-median": "Grade 1 - Emergency response median time to arrive",
    "grade-2-response-median": "Grade 2 - Priority response median time to arrive",
    "grade-3-response-median": "Grade 3 - Routine response median time to arrive",
    "calls-999-service-level": "999 calls - service level (answered within 10 seconds)",
}


def _page_axis(client, code: str) -> list[float]:
    page = client.get(f"/performance/measures/{code}/").content.decode()
    found = re.search(r'<script id="measure-chart" type="application/json">(.*?)</script>', page)
    return json.loads(found.group(1))["layout"]["yaxis"]["range"]


def test_report_charts_a_measure_on_the_axis_of_its_page(anon_client, demo):
    report = build_performance_report(period_end=YEAR_END)
    charts = [chart for section in report.sections for chart in section.charts]
    for code, name in CHARTED.items():
        (chart,) = [c for c in charts if f"{name}:" in c.alt and "this year and last" in c.title]
        assert list(chart.value_range) == _page_axis(anon_client, code), code
    grade_2 = next(c for c in charts if "Grade 2" in c.title)
    assert grade_2.value_range == (0.0, 70.0)  # 34.5 minutes against a target of 1 hour


def test_a_composed_papers_measure_chart_has_the_axis_of_the_measures_page(anon_client, demo):
    context = figures.PaperContext(period=Period(dt.date(2020, 4, 1), YEAR_END))
    block = figures.build(context, "measure-chart", "grade-3-response-median")
    bars = block.context["charts"][0]
    assert list(bars.value_range) == _page_axis(anon_client, "grade-3-response-median")


def test_no_value_label_sits_under_a_target_line():
    bars = [
        # Both bars short of the target; one past it; one short of it by less than a label.
        chart_kit.PairedBar(
            "Grade 2",
            Decimal("33.8"),
            Decimal("34.5"),
            "33.8 min",
            "34.5 min",
            Decimal("60"),
            "< 1 hour",
        ),
        chart_kit.PairedBar(
            "Grade 1",
            Decimal("10.3"),
            Decimal("16.2"),
            "10.3 min",
            "16.2 min",
            Decimal("15"),
            "< 15 minutes",
        ),
        chart_kit.PairedBar(
            "Grade 4",
            Decimal("58.9"),
            Decimal("57.0"),
            "58.9 min",
            "57.0 min",
            Decimal("60"),
            "< 1 hour",
        ),
    ]
    fig, _ = chart_kit.paired_bars_figure(
        "Response times",
        bars,
        previous_label="2019/20",
        current_label="2020/21",
        unit_label="Minutes",
        value_range=(0.0, 70.0),
    )
    renderer, ax = drawn_chart(fig)
    lines = [line.get_window_extent(renderer) for line in ax.get_lines()]
    labels = [text.get_window_extent(renderer) for text in ax.texts]
    assert len(lines) == 3 and len(labels) == 6
    for line in lines:
        for label in labels:
            same_row = label.y0 < line.y1 and line.y0 < label.y1
            assert not (same_row and label.x0 < line.x1 and line.x0 < label.x1)
