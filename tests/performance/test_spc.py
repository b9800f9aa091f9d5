"""XmR control charts: limits and signals on hand-computed series, the plain-English reading,
the selector (drafts hidden, fixed query count), the page include and the PDF's SVG.

Every expected mean, mR-bar and limit below is worked out by hand in the comment beside it
(limits = mean ± 2.66 × mR-bar), never by calling the code under test.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.comparisons import BAD, GOOD, NEUTRAL, UNKNOWN
from core.periods import Period
from pcc_portal.charts import xmr_chart
from performance.models import SpcBaseline, Status
from performance.spc.selectors import measure_spc, spc_for_measures
from performance.spc.xmr import OUTSIDE, RUN, TREND, TWO_OF_THREE, Split, read_xmr, xmr
from tests.factories import AreaFactory, MeasureFactory, ObservationFactory
from tests.performance.factories import observation

approx = pytest.approx


def months(count, year=2019, month=4):
    """`count` consecutive calendar months from April 2019 (or the given start)."""
    first = year * 12 + month - 1
    return [Period.month((first + i) // 12, (first + i) % 12 + 1) for i in range(count)]


def series(values, **kwargs):
    return xmr(zip(months(len(values)), values, strict=True), **kwargs)


def signals(result):
    return [(s.rule, s.start, s.end, s.direction) for s in result.signals]


def assert_limits(result, *, mean, mr_bar, upper, lower):
    """One segment, its centre line and average moving range, its limits to four places."""
    (segment,) = result.segments
    assert segment.mean == approx(mean)
    assert segment.mr_bar == approx(mr_bar)
    assert segment.upper == approx(upper, abs=1e-4)
    assert segment.lower == approx(lower, abs=1e-4)


# A point outside the limits: ten alternating 10/14 then a 38.
#   sum = 6×10 + 5×14 + 38 = 168, n = 12 → mean 14
#   moving ranges: ten of 4, then |38 − 10| = 28 → 68 / 11 = 6.1818…
#   upper = 14 + 2.66 × 68/11 = 14 + 16.4436 = 30.4436; lower = 14 − 16.4436 = −2.4436
SPIKE = [10, 14, 10, 14, 10, 14, 10, 14, 10, 14, 10, 38]

# A run of 8 above the mean: six low (5/3) then eight high (7/9).
#   sum = 3×5 + 3×3 + 4×7 + 4×9 = 15 + 9 + 28 + 36 = 88, n = 14 → mean 88/14 = 6.2857
#   moving ranges: five of 2, |7 − 3| = 4, seven of 2 → 28 / 13 = 2.1538
#   upper = 6.2857 + 2.66 × 28/13 = 12.0149; lower = 0.5565
RUN_OF_8 = [5, 3, 5, 3, 5, 3, 7, 9, 7, 9, 7, 9, 7, 9]

# A rising trend of 6 points (9, 11, 13, 15, 17, 19) in the middle.
#   sum = 172, n = 13 → mean 13.2308
#   moving ranges 6, 6, 6, 1, 2, 2, 2, 2, 2, 9, 6, 6 → 50 / 12 = 4.1667
#   upper = 13.2308 + 11.0833 = 24.3141; lower = 2.1474
TREND_OF_6 = [16, 10, 16, 10, 9, 11, 13, 15, 17, 19, 10, 16, 10]


def test_point_outside_the_limits_is_a_signal():
    result = series(SPIKE)
    assert_limits(result, mean=14, mr_bar=68 / 11, upper=30.4436, lower=-2.4436)
    assert signals(result) == [(OUTSIDE, 11, 11, "up")]
    assert result.points[11].rules == (OUTSIDE,)
    assert result.points[10].rules == ()


def test_lower_limit_below_zero_is_shown_at_the_floor_without_changing_signals():
    clipped = series(SPIKE, floor=0)
    assert clipped.segments[0].lower == approx(-2.4436, abs=1e-4)
    assert clipped.segments[0].lower_shown == 0
    assert clipped.signals == series(SPIKE).signals


def test_percentage_upper_limit_is_shown_at_the_ceiling():
    # mean 96, moving ranges all 4 → upper 96 + 10.64 = 106.64, shown as 100
    result = series([94, 98] * 6, floor=0, ceiling=100)
    assert result.segments[0].upper == approx(106.64)
    assert result.segments[0].upper_shown == 100


def test_run_of_eight_above_the_mean_is_a_signal():
    result = series(RUN_OF_8)
    assert_limits(result, mean=88 / 14, mr_bar=28 / 13, upper=12.0149, lower=0.5565)
    assert signals(result) == [(RUN, 6, 13, "up")]


def test_run_of_seven_is_not_a_signal_but_the_length_is_configurable():
    seven = [5, 3, 5, 3, 5, 3, 7, 9, 7, 9, 7, 9, 7, 3]
    # sum = 24 + 55 + 3 = 82 → mean 5.857: six below, seven above, one below
    assert series(seven).signals == ()
    assert [(s.rule, s.start, s.end) for s in series(seven, run_length=7).signals] == [(RUN, 6, 12)]


def test_a_point_on_the_mean_breaks_a_run():
    # the 8 sits on the mean and splits eleven high figures into runs of 6 and 5
    values = [2, 4, 2, 4, 2, 4, 10, 10, 10, 12, 10, 12, 8, 10, 12, 10, 12, 10]
    # sum = 18 + 54 + 8 + 64 = 144, n = 18 → mean 8
    result = series(values)
    assert result.segments[0].mean == approx(8)
    assert [s for s in result.signals if s.rule == RUN] == []


def test_trend_of_six_rising_points_is_a_signal():
    result = series(TREND_OF_6)
    assert_limits(result, mean=172 / 13, mr_bar=50 / 12, upper=24.3141, lower=2.1474)
    assert signals(result) == [(TREND, 4, 9, "up")]


def test_five_rising_points_or_a_tie_are_not_a_trend():
    five = [16, 10, 16, 10, 9, 11, 13, 15, 17, 10, 16, 10, 16]
    tied = [16, 10, 16, 10, 9, 11, 13, 13, 15, 17, 10, 16, 10]
    assert [s for s in series(five).signals if s.rule == TREND] == []
    assert [s for s in series(tied).signals if s.rule == TREND] == []


def test_falling_trend_points_down():
    result = series(list(reversed(TREND_OF_6)))
    assert signals(result) == [(TREND, 3, 8, "down")]


def test_two_of_three_beyond_two_sigma_only_when_asked():
    values = [10, 14] * 6 + [22, 22, 14, 10]
    # sum = 6×10 + 6×14 + 22 + 22 + 14 + 10 = 144 + 68 = 212, n = 16 → mean 13.25
    # moving ranges: eleven of 4, then 8, 0, 8, 4 → 64 / 15 = 4.2667
    # two sigma above = 13.25 + (2 × 2.66 / 3) × 4.2667 = 13.25 + 7.5662 = 20.8162
    # upper = 13.25 + 2.66 × 4.2667 = 24.5993: both 22s are inside the limits
    result = series(values, two_of_three=True)
    (segment,) = result.segments
    assert segment.mean == approx(13.25)
    assert segment.mr_bar == approx(64 / 15)
    assert segment.two_sigma_upper == approx(20.8162, abs=1e-4)
    assert segment.upper == approx(24.5993, abs=1e-4)
    assert signals(result) == [(TWO_OF_THREE, 12, 13, "up")]
    assert series(values).signals == ()


def test_constant_series_has_limits_on_the_mean_and_no_signal():
    result = series([50] * 12)
    (segment,) = result.segments
    assert (segment.mean, segment.mr_bar, segment.upper, segment.lower) == (50, 0, 50, 50)
    assert segment.is_flat
    assert result.signals == ()
    reading = read_xmr(result, direction_of_good="down", fmt=lambda v: f"{v:g}")
    assert reading.text == "No significant change"
    assert reading.assessment == NEUTRAL
    assert "Every figure is 50" in reading.detail


def test_a_change_after_a_constant_baseline_is_a_signal():
    # limits from the first 12 points (all 50) collapse onto 50: the 51 is outside them
    result = series([50] * 12 + [51], baseline_points=12)
    assert [(s.rule, s.start) for s in result.signals] == [(OUTSIDE, 12)]


def test_fewer_points_than_needed_gives_no_chart():
    result = series(SPIKE[:11])
    assert not result.enough_data
    assert result.segments == () and result.signals == ()
    assert len(result.points) == 11
    reading = read_xmr(result, direction_of_good="down")
    assert reading.text == "Not enough data for a control chart"
    assert reading.assessment == UNKNOWN
    assert reading.detail == "There are 11 figures; a control chart needs at least 12."


def test_minimum_number_of_points_is_configurable():
    assert series(SPIKE[:8], min_points=8).enough_data


def test_moving_range_is_not_taken_across_a_missing_month():
    # Apr–Sep 2019, then no October, then Nov 2019–May 2020
    periods = months(14)
    del periods[6]
    values = [10, 14, 10, 14, 10, 14, 14, 10, 14, 10, 14, 10, 14]
    result = xmr(zip(periods, values, strict=True))
    (gap,) = result.gaps
    assert (gap.after, gap.missing, gap.label) == (5, 1, "No figure for October 2019")
    assert result.points[6].moving_range is None
    # eleven moving ranges of 4; across the gap it would have been 0 (→ 44/12 = 3.667)
    assert result.segments[0].mr_bar == approx(4)
    # sum = 6×10 + 7×14 = 158, n = 13
    assert result.segments[0].mean == approx(158 / 13)
    assert result.segments[0].upper == approx(158 / 13 + 10.64)


def test_gap_of_several_quarters_is_reported():
    quarters = [Period.quarter(2015 + i // 4, i % 4 + 1) for i in range(16)]
    kept = quarters[:5] + quarters[7:]
    result = xmr(zip(kept, [100, 110] * 7, strict=True))
    assert [g.label for g in result.gaps] == ["No figure for Q2 2016/17 to Q3 2016/17"]


def test_a_run_does_not_cross_a_gap():
    periods = months(15)
    del periods[10]  # the eight high figures are split 4 + 4 by the missing month
    values = [5, 3, 5, 3, 5, 3, 7, 9, 7, 9, 7, 9, 7, 9]
    assert [s for s in xmr(zip(periods, values, strict=True)).signals if s.rule == RUN] == []


def test_limits_are_recalculated_from_a_baseline():
    # Apr 2019–Mar 2020 alternate 98/102; from April 2020 they alternate 58/62.
    #   before: mean 100, mR-bar 4 → 100 ± 10.64; after: mean 60, mR-bar 4 → 60 ± 10.64
    values = [98, 102] * 6 + [58, 62] * 6
    split = Split(dt.date(2020, 4, 1), "Start of the pandemic")
    result = series(values, splits=[split])
    before, after = result.segments
    assert (before.start, before.end, before.label) == (0, 12, "")
    assert (after.start, after.end, after.label) == (12, 24, "Start of the pandemic")
    assert after.start_label == "April 2020"
    assert (before.mean, before.mr_bar) == (approx(100), approx(4))
    assert (before.upper, before.lower) == (approx(110.64), approx(89.36))
    assert (after.mean, after.mr_bar) == (approx(60), approx(4))
    assert (after.upper, after.lower) == (approx(70.64), approx(49.36))
    assert result.points[12].moving_range is None  # |58 − 102| belongs to neither segment
    assert result.signals == ()
    reading = read_xmr(result, direction_of_good="down")
    assert reading.text == "No significant change since April 2020"


def test_without_the_baseline_the_same_series_signals_a_shift():
    result = series([98, 102] * 6 + [58, 62] * 6)
    assert {(s.rule, s.start, s.end) for s in result.signals if s.rule == RUN} == {
        (RUN, 0, 11),
        (RUN, 12, 23),
    }


def test_baseline_points_fix_the_limits_and_later_figures_are_judged_against_them():
    # limits from the first 12 (98/102: 100 ± 10.64); the next 8 at 112 are all above 110.64
    result = series([98, 102] * 6 + [112] * 8, baseline_points=12)
    assert result.segments[0].upper == approx(110.64)
    assert {s.rule for s in result.signals} == {OUTSIDE, RUN}


def test_baseline_with_too_few_points_after_it_is_not_used_and_says_why():
    split = Split(dt.date(2020, 1, 1), "New recording rules")
    result = series(SPIKE + [12, 13], splits=[split])  # Apr 2019 – May 2020: 5 from January
    assert len(result.segments) == 1
    assert result.notes == (
        "Limits are not recalculated from New recording rules: each part of the chart needs "
        "at least 6 figures (9 before, 5 after).",
    )


# --- the reading -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "direction, assessment", [("down", BAD), ("up", GOOD), ("neither", NEUTRAL)]
)
def test_sustained_increase_is_judged_by_the_direction_of_good(direction, assessment):
    reading = read_xmr(series(RUN_OF_8), direction_of_good=direction, fmt=lambda v: f"{v:.1f}")
    assert reading.text == "Significant increase since October 2019"
    assert reading.assessment == assessment
    assert reading.detail == (
        "8 figures in a row from October 2019 are above the average of 6.3: a sustained "
        "shift, not chance."
    )


def test_sustained_decrease_of_a_crime_count_is_good():
    low_then_high = [9, 7, 9, 7, 9, 7, 3, 5, 3, 5, 3, 5, 3, 5]
    reading = read_xmr(series(low_then_high), direction_of_good="down")
    assert reading.text == "Significant decrease since October 2019"
    assert reading.assessment == GOOD


def test_unusual_point_is_named_with_its_period_and_limit():
    reading = read_xmr(series(SPIKE, floor=0), direction_of_good="up", fmt=lambda v: f"{v:.0f}")
    assert reading.text == "Unusual point in March 2020"
    assert reading.assessment == GOOD
    assert reading.detail.startswith("The figure of 38 is above the upper process limit of 30")


def test_finished_trend_is_dated_from_start_to_end():
    reading = read_xmr(series(TREND_OF_6), direction_of_good="down")
    assert reading.text == "Significant rising trend from August 2019 to January 2020"
    assert reading.assessment == BAD


def test_ordinary_variation_reads_no_significant_change():
    reading = read_xmr(series([10, 14] * 6), direction_of_good="up", fmt=lambda v: f"{v:.2f}")
    # mean 12, mR-bar 4 → 12 ± 10.64
    assert reading.text == "No significant change"
    assert reading.assessment == NEUTRAL
    assert reading.detail.startswith("Every figure lies between 1.36 and 22.64")


def test_reading_reports_gaps():
    periods = months(14)
    del periods[6]
    result = xmr(zip(periods, [10, 14] * 6 + [10], strict=True))
    assert read_xmr(result, direction_of_good="up").notes == ("No figure for October 2019",)


# --- the selector ----------------------------------------------------------------------------


@pytest.fixture
def crime(db):
    return MeasureFactory(code="burglary", name="Burglary", direction_of_good="down")


@pytest.fixture
def lancashire(db):
    return AreaFactory(code="LANC", name="Lancashire", kind="force")


def add_months_of(measure, area, values, *, status=Status.PUBLISHED, start=0):
    for period, value in zip(months(start + len(values))[start:], values, strict=True):
        observation(measure, area, period, value, status=status)


@pytest.mark.django_db
def test_measure_spc_reads_the_published_monthly_series(crime, lancashire):
    add_months_of(crime, lancashire, RUN_OF_8)
    ObservationFactory(  # a rolling 12-month figure is not part of a monthly chart
        measure=crime,
        area=lancashire,
        period=Period.financial_year(2019),
        value=Decimal(1000),
    )
    spc = measure_spc(measure=crime, area=lancashire, user=None)
    assert spc.period_kind == "month"
    assert len(spc.result.points) == 14
    assert spc.reading.text == "Significant increase since October 2019"
    assert spc.reading.assessment == BAD
    assert spc.rows[6].signals.startswith("Run of 8 or more figures on one side of the mean")


@pytest.mark.django_db
def test_series_stops_at_the_period_asked_for(crime, lancashire):
    add_months_of(crime, lancashire, RUN_OF_8)
    whole = spc_for_measures(measures=[crime], area=lancashire)[crime.pk]
    until = months(12)[-1].end
    earlier = spc_for_measures(measures=[crime], area=lancashire, until=until)[crime.pk]
    assert len(whole.result.points) == 14
    assert len(earlier.result.points) == 12
    assert earlier.result.points[-1].label == months(12)[-1].label


@pytest.mark.django_db
def test_quarterly_measure_uses_its_quarters(lancashire):
    measure = MeasureFactory(code="asb", frequency="quarter", direction_of_good="down")
    for i, value in enumerate([100, 110] * 6):
        quarter = Period.quarter(2017 + i // 4, i % 4 + 1)
        ObservationFactory(measure=measure, area=lancashire, period=quarter, value=value)
    spc = measure_spc(measure=measure, area=lancashire, user=None)
    assert spc.period_kind == "quarter"
    assert spc.result.points[0].label == "Q1 2017/18"
    # mean 105, mR-bar 10 → upper 105 + 26.6 = 131.6
    assert spc.rows[0].upper == "132"


@pytest.mark.django_db
def test_stored_baseline_recalculates_the_limits(crime, lancashire, lead):
    add_months_of(crime, lancashire, [98, 102] * 6 + [58, 62] * 6)
    SpcBaseline.objects.create(
        measure=crime,
        area=lancashire,
        start=dt.date(2020, 4, 1),
        label="Start of the pandemic",
        created_by=lead,
    )
    spc = measure_spc(measure=crime, area=lancashire, user=None)
    assert [round(s.mean) for s in spc.result.segments] == [100, 60]
    assert spc.reading.text == "No significant change since April 2020"
    assert spc.rows[12].baseline == "Start of the pandemic"
    html = render_to_string("performance/includes/spc.html", {"spc": spc})
    assert (
        '<th scope="rowgroup" colspan="7" class="govuk-table__header">Limits recalculated from '
        "April 2020: Start of the pandemic</th>"
    ) in html


@pytest.mark.django_db
def test_draft_figures_are_left_out_for_the_public(crime, lancashire, panel_member, officer):
    add_months_of(crime, lancashire, [10, 14] * 6)
    add_months_of(crime, lancashire, [90], status=Status.DRAFT, start=12)
    for user in (None, panel_member):
        spc = measure_spc(measure=crime, area=lancashire, user=user, show_drafts=True)
        assert len(spc.result.points) == 12
        assert spc.reading.text == "No significant change"
        assert not any(row.is_draft for row in spc.rows)
    staff = measure_spc(measure=crime, area=lancashire, user=officer, show_drafts=True)
    assert len(staff.result.points) == 13
    assert staff.reading.text == "Unusual point in April 2020"
    assert staff.rows[-1].is_draft
    html = render_to_string("performance/includes/spc.html", {"spc": staff})
    assert 'April 2020 <span class="opcc-draft">Draft</span></th>' in html
    assert len(measure_spc(measure=crime, area=lancashire, user=officer).result.points) == 12


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_series(crime, lancashire, officer):
    officer.groups.all()  # role lookups are cached per user; measure the selector itself

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            spc = measure_spc(measure=crime, area=lancashire, user=None)
            spc.rows, spc.figure  # noqa: B018 - building the page's data must not query
        return len(ctx.captured_queries), len(spc.result.points)

    add_months_of(crime, lancashire, [10, 14] * 6)
    small = queries()
    add_months_of(crime, lancashire, [10, 14] * 30, start=12)
    large = queries()
    assert small == (2, 12)
    assert large == (2, 72)


@pytest.mark.django_db
def test_measure_without_figures_reads_not_enough_data(lancashire):
    measure = MeasureFactory(code="new-measure", frequency="year")
    spc = measure_spc(measure=measure, area=lancashire, user=None)
    assert spc.result.points == ()
    assert spc.reading.text == "Not enough data for a control chart"
    assert spc.reading.detail == "There are 0 figures; a control chart needs at least 12."


@pytest.mark.django_db
def test_charts_for_many_measures_take_two_queries(lancashire):
    measures = [MeasureFactory(code=f"m{n}") for n in range(5)]
    for number, measure in enumerate(measures):
        add_months_of(measure, lancashire, [10 + number, 14] * 6)
    with CaptureQueriesContext(connection) as ctx:
        charts = spc_for_measures(measures=measures, area=lancashire, user=None)
    assert len(ctx.captured_queries) == 2
    assert [len(charts[m.pk].result.points) for m in measures] == [12] * 5
    # the fifth: mean (14 + 14)/2 = 14 with every moving range 0 → a flat chart
    assert charts[measures[4].pk].result.segments[0].is_flat


# --- the include, the web figure and the SVG -----------------------------------------------


@pytest.mark.django_db
def test_include_shows_reading_chart_data_and_table(crime, lancashire):
    add_months_of(crime, lancashire, SPIKE)
    spc = measure_spc(measure=crime, area=lancashire, user=None)
    html = render_to_string("performance/includes/spc.html", {"spc": spc})
    assert "Unusual point in March 2020" in html
    assert 'data-chart="spc-burglary-LANC-figure"' in html
    assert '<script id="spc-burglary-LANC-figure" type="application/json">' in html
    assert "<strong>Outside the process limits</strong>" in html
    assert html.count('<th scope="row"') == 12
    assert "Worse" in html  # an increase in burglary


@pytest.mark.django_db
def test_include_table_marks_a_missing_month(crime, lancashire):
    add_months_of(crime, lancashire, [10, 14] * 3)
    add_months_of(crime, lancashire, [10, 14] * 4, start=7)  # October 2019 missing
    spc = measure_spc(measure=crime, area=lancashire, user=None)
    assert spc.rows[5].gap_after == "No figure for October 2019"
    html = render_to_string("performance/includes/spc.html", {"spc": spc})
    assert "No figure for October 2019: no moving range is taken across it." in html


@pytest.mark.django_db
def test_include_without_enough_data_shows_no_chart(crime, lancashire):
    add_months_of(crime, lancashire, [10, 14, 10])
    spc = measure_spc(measure=crime, area=lancashire, user=None)
    html = render_to_string("performance/includes/spc.html", {"spc": spc})
    assert "Not enough data for a control chart" in html
    assert "There are 3 monthly figures; a control chart needs at least 12." in html
    assert "data-chart" not in html


def test_about_spc_explains_in_two_paragraphs():
    html = render_to_string("performance/includes/about_spc.html")
    assert html.count('<p class="govuk-body">') == 2
    assert "eight figures in a row" in html


def test_web_figure_marks_signals_limits_and_baseline():
    values = [98, 102] * 6 + [58, 62] * 6 + [80]
    # after the baseline: mean 800/13 = 61.54, mR-bar (44 + 18)/12 = 5.17 → upper 75.28
    result = series(values, splits=[Split(dt.date(2020, 4, 1), "Start of the pandemic")])
    figure = xmr_chart(result)
    names = [trace["name"] for trace in figure["data"]]
    assert names.count("Average") == 2 and names.count("Process limits") == 4
    (signal,) = [t for t in figure["data"] if t["name"] == "Signal"]
    assert signal["marker"]["symbol"] == "diamond"
    assert signal["marker"]["color"] != figure["data"][0]["marker"]["color"]
    assert signal["y"] == [80]
    (annotation,) = figure["layout"]["annotations"]
    assert annotation["text"] == "Limits recalculated: Start of the pandemic"
    assert figure["layout"]["shapes"][0]["x0"] == "2020-03-16"  # between March and April


def test_web_figure_breaks_the_line_at_a_gap():
    periods = months(14)
    del periods[6]
    figure = xmr_chart(xmr(zip(periods, [10, 14] * 6 + [10], strict=True)))
    assert figure["data"][0]["y"][6] is None
    assert figure["data"][0]["connectgaps"] is False


# --- the stored baseline, set in the admin -------------------------------------------------


@pytest.mark.django_db
def test_officer_sets_a_baseline_in_the_admin_and_is_recorded_as_its_author(
    officer_client, officer, crime, lancashire
):
    response = officer_client.post(
        reverse("admin:performance_spcbaseline_add"),
        {
            "measure": crime.pk,
            "area": lancashire.pk,
            "start": "2020-04-01",
            "label": "Start of the pandemic",
        },
    )
    assert response.status_code == 302
    baseline = SpcBaseline.objects.get()
    assert (baseline.label, baseline.start, baseline.created_by) == (
        "Start of the pandemic",
        dt.date(2020, 4, 1),
        officer,
    )
    assert str(baseline) == "Burglary – Lancashire: Start of the pandemic (from April 2020)"


@pytest.mark.django_db
def test_second_baseline_on_the_same_date_is_refused_with_a_message(
    officer_client, officer, crime, lancashire
):
    SpcBaseline.objects.create(
        measure=crime, area=lancashire, start=dt.date(2020, 4, 1), label="Pandemic"
    )
    response = officer_client.post(
        reverse("admin:performance_spcbaseline_add"),
        {"measure": crime.pk, "area": lancashire.pk, "start": "2020-04-01", "label": "Again"},
    )
    assert response.status_code == 200
    assert "This measure and area already have a baseline from that date." in response.text
    assert SpcBaseline.objects.count() == 1


@pytest.mark.django_db
def test_public_cannot_open_the_baseline_admin(public_client):
    response = public_client.get(reverse("admin:performance_spcbaseline_changelist"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.django_db
def test_charts_for_no_measures_are_none(lancashire):
    assert spc_for_measures(measures=[], area=lancashire, user=None) == {}
