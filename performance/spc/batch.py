"""The readings of many XmR charts in one vectorised pass (numpy), for a page of measures.

`performance.spc.xmr.xmr` builds one chart point by point: right for the one chart a measure
page draws, far too slow for the five hundred readings of a plan dashboard. This module works
out, for every series of a frame at once, exactly what `read_xmr(xmr(...))` needs (the
gaps, the segments and their limits, the latest signal of the current segment) and words it
with the same `read_summary`, so the dashboard, the measure page and the PDF never disagree.

The arithmetic is the pure-Python chart's, operation for operation, so that the two agree to
the last bit, not only to a tolerance (a figure exactly on the mean breaks a run in both):

- a segment's mean and mR-bar are sums taken left to right (a cumulative sum along each row
  of a segment-per-row table, padded with zeros), divided by the count, as `sum(...) / len`;
- limits are `mean ± 2.66 × mR-bar`, compared strictly, with the same expressions.

Covered: splits (recalculated limits), gaps, floor and ceiling, the outside, run and trend
rules with their default lengths: what the selectors ask for. Two-of-three and a fixed number
of baseline points stay with `xmr` (no page asks for them for many series at once).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from core.periods import Period
from performance.spc.xmr import (
    DOWN,
    MIN_POINTS,
    MIN_SEGMENT_POINTS,
    OUTSIDE,
    RULE_PRIORITY,
    RUN,
    RUN_LENGTH,
    SCALING,
    TREND,
    TREND_LENGTH,
    UP,
    ChartSummary,
    Segment,
    Signal,
    SpcReading,
    Split,
    clip,
    read_summary,
)


@dataclass(frozen=True)
class Chart:
    """How one series is charted and worded: `xmr`'s and `read_xmr`'s arguments."""

    direction_of_good: str
    fmt: Callable[[float], str] = lambda v: f"{v:,.1f}"
    period_noun: str = "figures"
    splits: tuple[Split, ...] = field(default=())
    floor: float | None = None
    ceiling: float | None = None


@dataclass(frozen=True)
class Series:
    """Many series as columns, sorted by series then period start: `index` numbers the series
    0, 1, 2 … (a series with no figures simply has no rows)."""

    index: np.ndarray  # int, the series of each row
    start: np.ndarray  # datetime64[D], each period's first day
    end: np.ndarray  # datetime64[D], its last day
    value: np.ndarray  # float

    @classmethod
    def of(cls, series: Sequence[Sequence[tuple[Period, Decimal | float]]]) -> Series:
        """From lists of (Period, value) pairs, each sorted by start as `xmr` sorts it."""
        rows = [
            (number, period.start, period.end, float(value))
            for number, pairs in enumerate(series)
            for period, value in sorted(pairs, key=lambda pair: pair[0].start)
        ]
        return cls(
            np.array([r[0] for r in rows], dtype=np.int64),
            np.array([r[1] for r in rows], dtype="datetime64[D]"),
            np.array([r[2] for r in rows], dtype="datetime64[D]"),
            np.array([r[3] for r in rows], dtype=np.float64),
        )


def readings(series: Series, charts: Sequence[Chart]) -> list[SpcReading]:
    """The reading of each chart (one per series number), as `read_xmr(xmr(...))` gives it."""
    return [
        read_summary(
            summary,
            direction_of_good=chart.direction_of_good,
            fmt=chart.fmt,
            period_noun=chart.period_noun,
        )
        for summary, chart in zip(summaries(series, charts), charts, strict=True)
    ]


def _month_number(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[M]").astype(np.int64)


EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


class _Periods:
    """The period of any row, made only for the few rows a reading names."""

    def __init__(self, series: Series):
        self.first = series.start.astype(np.int64).tolist()
        self.last = series.end.astype(np.int64).tolist()

    def __call__(self, row: int) -> Period:
        return Period(
            dt.date.fromordinal(self.first[row] + EPOCH_ORDINAL),
            dt.date.fromordinal(self.last[row] + EPOCH_ORDINAL),
        )


def summaries(series: Series, charts: Sequence[Chart]) -> list[ChartSummary]:
    """What each chart's reading needs, every series at once."""
    count = len(charts)
    rows = len(series.value)
    index, value = series.index, series.value
    n = np.bincount(index, minlength=count)
    if not rows:
        return [ChartSummary(0, MIN_POINTS, (), None) for _ in charts]
    offset = np.concatenate(([0], np.cumsum(n)[:-1]))
    position = np.arange(rows) - offset[index]
    first = position == 0

    # Gaps: missing periods between consecutive figures, in the series' usual step.
    period_of = _Periods(series)
    month = _month_number(series.start)
    step = _steps(series, n, offset, month)
    between = np.diff(month, prepend=month[:1])
    missing = np.where(first, 0, between // np.maximum(step[index], 1) - 1)
    gap = missing > 0
    gap_notes: list[list[str]] = [[] for _ in range(count)]
    for row in np.flatnonzero(gap):
        number, before = index[row], period_of(row - 1)
        size = int(step[number])
        first_missing, last_missing = before.shifted(size), before.shifted(size * missing[row])
        span = first_missing.label
        if missing[row] > 1:
            span = f"{first_missing.label} to {last_missing.label}"
        gap_notes[number].append(f"No figure for {span}")

    enough = n >= MIN_POINTS
    # Segments: the series' start, then each split that leaves enough figures either side.
    segment_start = first.copy()
    segment_label: dict[int, str] = {}
    split_notes: list[list[str]] = [[] for _ in range(count)]
    start_days = series.start.astype(np.int64)
    for number, chart in enumerate(charts):
        if not chart.splits or not enough[number]:
            continue
        low, size = int(offset[number]), int(n[number])
        days = start_days[low : low + size]
        last_start = 0
        for split in sorted(chart.splits, key=lambda s: s.start):
            at = int(np.searchsorted(days, np.datetime64(split.start, "D").astype(np.int64)))
            if at == 0:
                segment_label[low] = split.label
                continue
            before, after = at - last_start, size - at
            if before < MIN_SEGMENT_POINTS or after < MIN_SEGMENT_POINTS:
                split_notes[number].append(
                    f"Limits are not recalculated from {split.label}: each part of the chart "
                    f"needs at least {MIN_SEGMENT_POINTS} figures ({before} before, "
                    f"{after} after)."
                )
                continue
            segment_start[low + at] = True
            segment_label[low + at] = split.label
            last_start = at

    # Moving ranges, never across a gap or the start of a segment.
    broken = segment_start | gap
    previous = np.concatenate((value[:1], value[:-1]))
    moving_range = np.where(broken, np.nan, np.abs(value - previous))

    # Each segment's limits from all of its figures, summed left to right.
    segment = np.cumsum(segment_start) - 1
    segments = int(segment[-1]) + 1
    length = np.bincount(segment, minlength=segments)
    column = np.arange(rows) - np.concatenate(([0], np.cumsum(length)[:-1]))[segment]
    table = np.zeros((segments, int(length.max())))
    table[segment, column] = value
    mean = np.cumsum(table, axis=1)[:, -1] / length
    table[:] = 0.0
    usable = ~np.isnan(moving_range)
    table[segment[usable], column[usable]] = moving_range[usable]
    ranges = np.bincount(segment[usable], minlength=segments)
    totals = np.cumsum(table, axis=1)[:, -1]
    mr_bar = np.where(ranges > 0, totals / np.maximum(ranges, 1), 0.0)
    upper = mean + SCALING * mr_bar
    lower = mean - SCALING * mr_bar

    # The rules, inside unbroken stretches (no gap, one segment).
    outside_up = value > upper[segment]
    outside_down = value < lower[segment]
    side = np.sign(value - mean[segment]).astype(np.int64)
    run_start = broken | (side != np.concatenate(([0], side[:-1])))
    run_id = np.cumsum(run_start) - 1
    run_length = np.bincount(run_id)
    run_first = np.flatnonzero(run_start)
    run_side = side[run_first]
    long_run = (run_side != 0) & (run_length >= RUN_LENGTH)

    steps = np.where(broken, 0, np.sign(value - previous)).astype(np.int64)
    has_step = ~broken
    trend_start = has_step & (
        ~np.concatenate(([False], has_step[:-1])) | (steps != np.concatenate(([0], steps[:-1])))
    )
    trend_id = np.cumsum(trend_start) - 1
    trend_rows = np.flatnonzero(has_step)
    trend_first = np.flatnonzero(trend_start)
    trend_length = np.bincount(trend_id[trend_rows], minlength=len(trend_first))
    long_trend = (steps[trend_first] != 0) & (trend_length >= TREND_LENGTH - 1)

    # Candidates for the latest signal: (end row, rule, start row, direction).
    ends, rules, starts, ups = [], [], [], []
    outside = np.flatnonzero(outside_up | outside_down)
    ends.append(outside), starts.append(outside), ups.append(outside_up[outside])
    rules.append(np.full(len(outside), RULE_PRIORITY[OUTSIDE]))
    run_rows = run_first[long_run]
    ends.append(run_rows + run_length[long_run] - 1), starts.append(run_rows)
    ups.append(run_side[long_run] > 0), rules.append(np.full(len(run_rows), RULE_PRIORITY[RUN]))
    trend_rows = trend_first[long_trend]
    ends.append(trend_rows + trend_length[long_trend] - 1), starts.append(trend_rows - 1)
    ups.append(steps[trend_rows] > 0)
    rules.append(np.full(len(trend_rows), RULE_PRIORITY[TREND]))
    end, rule = np.concatenate(ends), np.concatenate(rules)
    start, up = np.concatenate(starts), np.concatenate(ups)
    # Only signals of the current (last) segment of a series with enough figures count; the
    # latest ends last, and of two ending together the more sustained rule wins.
    last_segment = np.zeros(count, dtype=np.int64)
    np.maximum.at(last_segment, index, segment)
    keep = enough[index[end]] & (segment[end] == last_segment[index[end]])
    end, rule, start, up = end[keep], rule[keep], start[keep], up[keep]
    # Rows are in series order, so sorting by end row sorts by series too; the last candidate
    # of each series is then its latest signal.
    order = np.lexsort((-rule, end))
    owner = index[end[order]]
    is_last = np.concatenate((owner[1:] != owner[:-1], [True])) if len(owner) else owner
    latest = dict(zip(owner[is_last].tolist(), order[is_last].tolist(), strict=True))

    rule_names = {priority: name for name, priority in RULE_PRIORITY.items()}
    floor = [chart.floor for chart in charts]
    ceiling = [chart.ceiling for chart in charts]
    part_notes = (length >= 2) & (ranges == 0)
    result = []
    segment_first = np.flatnonzero(segment_start)
    for number in range(count):
        notes = tuple(gap_notes[number])
        if not enough[number]:
            result.append(ChartSummary(int(n[number]), MIN_POINTS, notes, None))
            continue
        low = int(offset[number])
        own = segment[low : low + int(n[number])]
        first_segment, last = int(own[0]), int(own[-1])
        notes += tuple(split_notes[number])
        notes += tuple(
            f"Part {part - first_segment + 1} of the chart has no two consecutive figures."
            for part in range(first_segment, last + 1)
            if part_notes[part]
        )
        seg_row = int(segment_first[last])
        current = Segment(
            start=seg_row - low,
            end=int(n[number]),
            label=segment_label.get(seg_row, ""),
            start_label=period_of(seg_row).label,
            baseline_points=int(length[last]),
            mean=float(mean[last]),
            mr_bar=float(mr_bar[last]),
            upper=float(upper[last]),
            lower=float(lower[last]),
            upper_shown=clip(float(upper[last]), floor[number], ceiling[number]),
            lower_shown=clip(float(lower[last]), floor[number], ceiling[number]),
        )
        if number not in latest:
            result.append(ChartSummary(int(n[number]), MIN_POINTS, notes, current))
            continue
        candidate = latest[number]
        a, b = int(start[candidate]), int(end[candidate])
        signal = Signal(
            rule_names[int(rule[candidate])], a - low, b - low, UP if up[candidate] else DOWN
        )
        result.append(
            ChartSummary(
                int(n[number]),
                MIN_POINTS,
                notes,
                current,
                signal,
                (period_of(a).label, float(value[a])),
                (period_of(b).label, float(value[b])),
            )
        )
    return result


def _steps(series: Series, n: np.ndarray, offset: np.ndarray, month: np.ndarray) -> np.ndarray:
    """Each series' usual step in months, as `xmr` finds it: its first period's length in
    months when it is whole months, else the smallest step between its starts, else 1."""
    step = np.ones(len(n), dtype=np.int64)
    present = np.flatnonzero(n)
    first = offset[present]
    starts, ends = series.start[first], series.end[first]
    first_month = starts.astype("datetime64[M]")
    last_month = ends.astype("datetime64[M]")
    whole = (first_month.astype("datetime64[D]") == starts) & (
        (last_month + 1).astype("datetime64[D]") - 1 == ends
    )
    step[present] = (last_month - first_month).astype(np.int64) + 1
    for number in present[~whole].tolist():
        low = int(offset[number])
        between = np.diff(month[low : low + int(n[number])])
        positive = between[between > 0]
        step[number] = int(positive.min()) if len(positive) else 1
    return step
