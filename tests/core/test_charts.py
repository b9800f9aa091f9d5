"""Every web chart is built by pcc_portal.charts with plotly's Python API, from plain data,
using only the trace types of the plotly-basic bundle the pages load."""

import ast
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from core.periods import Period
from pcc_portal import charts
from performance.spc.xmr import Split, xmr

ROOT = Path(__file__).resolve().parents[2]
BASIC_TRACES = {"scatter", "bar", "pie"}
CHARTS_MODULE = ROOT / "pcc_portal" / "charts.py"


def _types(figure: dict) -> set[str]:
    return {trace["type"] for trace in figure["data"]}


def test_plotly_is_imported_by_the_charts_module_only():
    importers = []
    for path in ROOT.glob("[!.]*/**/*.py"):
        if "node_modules" in path.parts or path == CHARTS_MODULE:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(name.split(".")[0] == "plotly" for name in names):
                importers.append(str(path.relative_to(ROOT)))
    assert importers == []


def test_finance_figures_use_basic_traces_and_carry_the_amounts():
    waterfall = charts.budget_waterfall(
        labels=["Budget requirement 2019/20", "Uplift", "Savings", "Budget requirement 2020/21"],
        base=[Decimal(0), Decimal("289.563"), Decimal("301.807"), Decimal(0)],
        rise=[Decimal(0), Decimal("14.252"), Decimal(0), Decimal(0)],
        fall=[Decimal(0), Decimal(0), Decimal("2.008"), Decimal(0)],
        total=[Decimal("289.563"), Decimal(0), Decimal(0), Decimal("301.807")],
    )
    assert _types(waterfall) == {"bar"}
    assert waterfall["layout"]["barmode"] == "stack"
    assert waterfall["data"][2]["text"][1] == "£14.252m"
    assert waterfall["config"] == {"displayModeBar": False, "responsive": True}
    flat = charts.budget_waterfall(
        labels=["Only"], base=[Decimal(0)], rise=[Decimal(0)], fall=[Decimal(0)], total=[Decimal(5)]
    )
    assert flat["layout"]["yaxis"]["range"] == [4, 6]  # at least £1m either side

    donut = charts.funding_donut(labels=["Grant", "Council tax"], values=[Decimal("2"), None])
    assert _types(donut) == {"pie"} and donut["data"][0]["values"] == [2.0, None]

    bars = charts.year_beside_year_bars(
        labels=["Frontline support"], values=[Decimal("6.2")], year="2020/21"
    )
    assert [trace["name"] for trace in bars["data"]] == ["2020/21"]
    assert bars["data"][0]["x"] == ["Frontline<br>support"]


def test_awarded_bars_put_the_largest_fund_at_the_top_with_the_pounds_as_printed():
    figure = charts.awarded_bars(
        labels=["Big fund", "Small fund"],
        amounts=[Decimal("90000"), Decimal("33939.53")],
        amount_texts=["£90,000", "£33,939.53"],
    )
    bars = figure["data"][0]
    assert bars["type"] == "bar" and bars["orientation"] == "h"
    assert bars["y"] == ["Small fund", "Big fund"]  # plotly draws the first bar at the bottom
    assert bars["text"] == ["£33,939.53", "£90,000"]


def test_control_chart_marks_recalculated_limits_and_breaks_at_gaps():
    months = [Period.month(2019 + (3 + i) // 12, (3 + i) % 12 + 1) for i in range(35)]
    del months[30]
    values = [98, 102] * 12 + [58, 62] * 5
    result = xmr(
        list(zip(months, values, strict=True)),
        splits=[Split(dt.date(2021, 4, 1), "Start of the pandemic")],
    )
    figure = charts.xmr_chart(result, title="Crimes")
    assert _types(figure) <= BASIC_TRACES
    assert None in figure["data"][0]["y"]  # the line breaks at the missing month
    annotations = [a["text"] for a in figure["layout"]["annotations"]]
    assert annotations == ["Limits recalculated: Start of the pandemic"]
    assert figure["layout"]["xaxis"]["ticktext"][-1] == result.points[-1].short_label


def test_ranking_chart_puts_the_force_in_its_own_colour():
    entries = [
        SimpleNamespace(
            rank_text=str(n),
            area=SimpleNamespace(name=name),
            value=Decimal(v),
            value_text=v,
            is_home=name == "Lancashire",
        )
        for n, (name, v) in enumerate([("Kent", "70.1"), ("Lancashire", "61.7")], 1)
    ]
    figure = charts.ranking_chart(SimpleNamespace(entries=entries, references=[]))
    colours = figure["data"][0]["marker"]["color"]
    assert colours[1] == charts.FORCE_COLOUR and colours[0] != charts.FORCE_COLOUR
    assert figure["layout"]["yaxis"]["autorange"] == "reversed"


def test_trend_charts_of_a_page_are_the_trend_charts_of_each_measure():
    months = [Period.month(2020, m) for m in range(1, 5)]
    crime = SimpleNamespace(
        name="All crime", unit="count", decimal_places=0, get_unit_display=lambda: "Count"
    )
    grade_1 = SimpleNamespace(
        name="Grade 1 median time to arrive",
        unit="minutes",
        decimal_places=1,
        get_unit_display=lambda: "Minutes",
    )
    rows = [
        (crime, list(zip(months, [Decimal(11200), Decimal(10950), Decimal(11020)], strict=False))),
        (grade_1, list(zip(months, [Decimal("10.3"), Decimal("10.24")], strict=False))),
    ]
    together = charts.trend_charts(rows=rows, area_name="Lancashire")
    assert together == [
        charts.trend_chart(measure=m, trend=t, area_name="Lancashire") for m, t in rows
    ]
    (bars,) = together[1]["data"]
    assert (bars["x"], bars["y"], bars["text"]) == (
        ["Jan 2020", "Feb 2020"],
        [10.3, 10.24],
        ["10.3 min", "10.2 min"],
    )
    assert together[1]["layout"]["title"]["text"] == "Grade 1 median time to arrive"
    assert together[1]["layout"]["yaxis"]["title"]["text"] == "Minutes"


def test_a_value_axis_runs_from_zero_to_the_round_number_above_the_figures_and_target():
    # Grade 1, 2 and 3 response times with their targets (15 minutes, 1 hour, 48 hours).
    assert charts.value_range([Decimal("10.2"), Decimal("10.3"), Decimal("15")]) == (0.0, 20.0)
    assert charts.value_range([Decimal("33.8"), Decimal("34.5"), Decimal("60")]) == (0.0, 70.0)
    assert charts.value_range([Decimal("297.5"), Decimal("2880")]) == (0.0, 3500.0)
    assert charts.value_range([Decimal("1.1")]) == (0.0, 1.2)
    assert charts.value_range([Decimal("-4"), Decimal("9")]) == (-5.0, 10.0)
    # A share of a whole is drawn against the whole; a percentage past 100 is not.
    assert charts.value_range([Decimal("32.0"), Decimal("83.8")], unit="percentage") == (0, 100)
    assert charts.value_range([Decimal("120")], unit="percentage") == (0.0, 150.0)
    assert charts.value_range([]) == (0.0, 1.0)


def test_a_measure_axis_holds_its_figures_and_its_target():
    grade_2 = SimpleNamespace(unit="minutes", has_target=True, target_value=Decimal("60"))
    untargeted = SimpleNamespace(unit="minutes", has_target=False, target_value=None)
    assert charts.measure_axis([(grade_2, (Decimal("33.8"), Decimal("34.5")))]) == (0.0, 70.0)
    assert charts.measure_axis([(untargeted, (Decimal("33.8"), Decimal("34.5")))]) == (0, 40)
    assert charts.measure_axis([(grade_2, None)]) == (0.0, 70.0)


def _every_kind_of_chart() -> list[dict]:
    """One figure from each chart function, from plain data."""
    quarters = [Period.quarter(2020, q) for q in range(1, 5)]
    crime = SimpleNamespace(
        name="All crime",
        unit="count",
        decimal_places=0,
        has_target=True,
        target_value=Decimal(10000),
        target_text="10,000",
        get_unit_display=lambda: "Count",
    )
    force = SimpleNamespace(pk=1, name="Lancashire", ons_code="E23000003")
    values = dict(
        zip(quarters, [Decimal(11200), Decimal(10950), None, Decimal(11020)], strict=True)
    )
    series = SimpleNamespace(
        periods=quarters,
        areas=[force],
        extent=(Decimal(10950), Decimal(11200)),
        value=lambda area, period: (
            values[period] and SimpleNamespace(value=values[period], text=f"{values[period]:,}")
        ),
    )
    months = [Period.month(2019 + (3 + i) // 12, (3 + i) % 12 + 1) for i in range(30)]
    result = xmr(list(zip(months, [98, 102] * 10 + [58, 62] * 5, strict=True)))
    entries = [
        SimpleNamespace(rank_text="1", area=force, value=Decimal(7), value_text="7", is_home=True)
    ]
    return [
        charts.measure_chart(measure=crime, series=series),
        charts.trend_chart(measure=crime, trend=list(values.items()), area_name="Lancashire"),
        charts.xmr_chart(result, title="Crimes"),
        charts.ranking_chart(SimpleNamespace(entries=entries, references=[])),
        charts.budget_waterfall(
            labels=["2019/20", "2020/21"],
            base=[Decimal(0), Decimal(0)],
            rise=[Decimal(0), Decimal("14.252")],
            fall=[Decimal(0), Decimal(0)],
            total=[Decimal("289.563"), Decimal("301.807")],
        ),
        charts.funding_donut(labels=["Grant", "Council tax"], values=[Decimal(2), Decimal(1)]),
        charts.year_beside_year_bars(
            labels=["Frontline"], values=[Decimal("6.2")], year="2020/21", previous=[Decimal(6)]
        ),
        charts.awarded_bars(labels=["Fund"], amounts=[Decimal(90000)], amount_texts=["£90,000"]),
    ]


def test_a_live_site_builds_the_very_figures_the_checked_build_gives(settings):
    """The tests build every chart with plotly's property checks (settings.CHART_CHECKS); a
    live site builds them without: the figures must be the same, property for property."""
    settings.CHART_CHECKS = True
    checked = json.dumps(_every_kind_of_chart(), sort_keys=True)
    settings.CHART_CHECKS = False
    unchecked = json.dumps(_every_kind_of_chart(), sort_keys=True)
    assert unchecked == checked
    assert '"type": "pie"' in checked and '"Target (10,000)"' in checked


def test_a_misspelt_chart_property_fails_where_the_checks_are_on(settings):
    settings.CHART_CHECKS = True
    with pytest.raises(ValueError, match="titel"):
        charts.figure([], xaxis={"titel": "Quarter"})
    settings.CHART_CHECKS = False
    assert charts.figure([], xaxis={"titel": "Quarter"})["layout"]["xaxis"] == {"titel": "Quarter"}
