"""The vectorised readings of many control charts (performance.spc.batch) are exactly the
per-chart readings of `read_xmr(xmr(...))`, worked out on the hand-computed series of
test_spc.py, all in one pass, and on a few hundred irregular series besides."""

import datetime as dt
import random

from core.comparisons import BAD, GOOD, NEUTRAL, UNKNOWN
from core.periods import Period
from performance.spc.batch import Chart, Series, readings
from performance.spc.xmr import OUTSIDE, RUN, TREND, Split, read_xmr, xmr
from tests.performance.test_spc import RUN_OF_8, SPIKE, TREND_OF_6, months

PANDEMIC = Split(dt.date(2020, 4, 1), "Start of the pandemic")


def quarters(count, year=2015):
    return [Period.quarter(year + i // 4, i % 4 + 1) for i in range(count)]


def without(periods, *positions):
    return [p for i, p in enumerate(periods) if i not in positions]


# (periods, values, chart): each a case of test_spc.py's, read by the one-chart code and by
# the batch alike. The expected readings are written out for the first few.
CASES = {
    "spike": (months(12), SPIKE, Chart("down", fmt=lambda v: f"{v:g}")),
    "run of 8": (months(14), RUN_OF_8, Chart("up")),
    "trend of 6": (months(13), TREND_OF_6, Chart("neither")),
    "falling trend": (months(13), list(reversed(TREND_OF_6)), Chart("down")),
    "too short": (months(11), SPIKE[:11], Chart("down")),
    "no figures": ([], [], Chart("down")),
    "flat": (months(12), [50] * 12, Chart("down", fmt=lambda v: f"{v:g}")),
    "on the mean": (
        months(18),
        [2, 4, 2, 4, 2, 4, 10, 10, 10, 12, 10, 12, 8, 10, 12, 10, 12, 10],
        Chart("up"),
    ),
    "run of seven": (months(14), [5, 3, 5, 3, 5, 3, 7, 9, 7, 9, 7, 9, 7, 3], Chart("up")),
    "ceiling": (months(12), [94, 98] * 6, Chart("up", floor=0.0, ceiling=100.0)),
    "floor": (months(12), SPIKE, Chart("down", floor=0.0)),
    "missing month": (
        without(months(14), 6),
        [10, 14, 10, 14, 10, 14, 14, 10, 14, 10, 14, 10, 14],
        Chart("down"),
    ),
    "missing quarters": (without(quarters(16), 5, 6), [100, 110] * 7, Chart("down")),
    "run across a gap": (
        without(months(15), 10),
        [5, 3, 5, 3, 5, 3, 7, 9, 7, 9, 7, 9, 7, 9],
        Chart("up"),
    ),
    "baseline": (months(24), [98, 102] * 6 + [58, 62] * 6, Chart("down", splits=(PANDEMIC,))),
    "no baseline": (months(24), [98, 102] * 6 + [58, 62] * 6, Chart("down")),
    "baseline too late": (
        months(14),
        SPIKE + [12, 13],
        Chart("down", splits=(Split(dt.date(2020, 1, 1), "New recording rules"),)),
    ),
    "baseline at the start": (
        months(12, 2020),
        SPIKE,
        Chart("down", splits=(Split(dt.date(2019, 1, 1), "From the start"),)),
    ),
    "two baselines": (
        months(30),
        [98, 102] * 6 + [58, 62] * 4 + [70, 72, 71, 90, 95, 99, 101, 103, 104, 110],
        Chart(
            "up",
            splits=(PANDEMIC, Split(dt.date(2020, 12, 1), "New force control room")),
            floor=0.0,
        ),
    ),
    "gaps everywhere": (
        without(months(26), *range(1, 26, 2)),
        list(range(13)),
        Chart("down"),
    ),
}


def one_at_a_time(periods, values, chart):
    result = xmr(
        zip(periods, values, strict=True),
        splits=chart.splits,
        floor=chart.floor,
        ceiling=chart.ceiling,
    )
    return read_xmr(
        result,
        direction_of_good=chart.direction_of_good,
        fmt=chart.fmt,
        period_noun=chart.period_noun,
    )


def all_at_once(cases):
    series = Series.of([list(zip(p, v, strict=True)) for p, v, _ in cases])
    return readings(series, [chart for _, _, chart in cases])


def test_batch_readings_equal_the_one_chart_readings_on_the_hand_computed_series():
    expected = [one_at_a_time(*case) for case in CASES.values()]
    got = all_at_once(list(CASES.values()))
    for name, old, new in zip(CASES, expected, got, strict=True):
        assert new == old, name


def test_batch_readings_say_what_the_hand_computed_series_show():
    got = dict(zip(CASES, all_at_once(list(CASES.values())), strict=True))
    # mean 14, mR-bar 68/11 → upper 30.44: the 38 of March 2020 is outside
    assert got["spike"].text == "Unusual point in March 2020"
    assert got["spike"].assessment == BAD
    assert (got["spike"].signal.rule, got["spike"].signal.start) == (OUTSIDE, 11)
    assert "The figure of 38 is above the upper process limit of 30.4436" in got["spike"].detail
    # eight above the mean 6.29 from October 2019, still going
    assert got["run of 8"].text == "Significant increase since October 2019"
    assert (got["run of 8"].signal.rule, got["run of 8"].assessment) == (RUN, GOOD)
    # 9, 11 … 19 from August 2019 to January 2020, then down again
    assert got["trend of 6"].text == "Significant rising trend from August 2019 to January 2020"
    assert (got["trend of 6"].signal.rule, got["trend of 6"].assessment) == (TREND, NEUTRAL)
    assert got["too short"].assessment == UNKNOWN
    assert got["too short"].detail == "There are 11 figures; a control chart needs at least 12."
    assert got["no figures"].detail == "There are 0 figures; a control chart needs at least 12."
    assert "Every figure is 50" in got["flat"].detail
    assert got["baseline"].text == "No significant change since April 2020"
    assert got["missing month"].notes == ("No figure for October 2019",)
    assert got["missing quarters"].notes == ("No figure for Q2 2016/17 to Q3 2016/17",)
    assert got["baseline too late"].notes == (
        "Limits are not recalculated from New recording rules: each part of the chart needs "
        "at least 6 figures (9 before, 5 after).",
    )
    assert got["gaps everywhere"].notes[-1] == (
        "Part 1 of the chart has no two consecutive figures."
    )


def test_batch_readings_equal_the_one_chart_readings_on_irregular_series():
    """Series with steps, ties, repeated values, gaps and baselines, from a fixed seed."""
    rng = random.Random(20)
    cases = []
    for number in range(300):
        length = rng.randint(8, 40)
        periods = months(length + 6, 2014 + number % 5)
        for _ in range(rng.choice([0, 0, 1, 2])):
            del periods[rng.randrange(1, len(periods) - 1)]
        periods = periods[:length]
        level = rng.choice([10, 100, 1000])
        values = [
            rng.choice([level, level + rng.randint(-5, 5), round(rng.uniform(0, 2 * level), 1)])
            for _ in periods
        ]
        if rng.random() < 0.3:  # a step change half way
            values = values[: length // 2] + [v + level for v in values[length // 2 :]]
        splits = ()
        if rng.random() < 0.4:
            splits = (Split(periods[rng.randrange(len(periods))].start, "A change"),)
        chart = Chart(
            rng.choice(["up", "down", "neither"]),
            splits=splits,
            floor=rng.choice([None, 0.0]),
            ceiling=rng.choice([None, 100.0]),
        )
        cases.append((periods, values, chart))
    expected = [one_at_a_time(*case) for case in cases]
    assert all_at_once(cases) == expected
    # the seed gives every kind of reading, so the comparison above covers them all
    assert {r.signal.rule for r in expected if r.signal} == {OUTSIDE, RUN, TREND}
    assert {r.assessment for r in expected} == {GOOD, BAD, NEUTRAL, UNKNOWN}
    assert any("since" in r.text for r in expected)
    assert any(r.notes for r in expected)
