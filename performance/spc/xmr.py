"""Statistical process control: the XmR (individuals) chart and its plain-English reading.

Pure Python on purpose (no Django), so the web page, the CSV and the PDF report all read the
same numbers from one function, and the maths can be tested on hand-computed series.

An XmR chart puts each figure against the **natural process limits** of the series:

    mean ± 2.66 × mR-bar

where mR-bar is the average of the moving ranges |xᵢ − xᵢ₋₁|. Wheeler's constant 2.66 is
3 / 1.128 (d₂ for ranges of two), i.e. three estimated standard deviations. A figure inside
the limits is ordinary variation; the usual rules below flag the exceptions ("signals").

Choices made here (and why):

- Arithmetic is in float: limits are statistical estimates, not accounting figures, and every
  value is rounded by `core.formatting` before anyone sees it.
- Limits are compared with strict inequalities, so a point exactly on a limit, or on the mean,
  is not a signal and breaks a run (the conservative reading: no false alarms at the line).
- A moving range is never taken across a gap in the series (a missing month or quarter) nor
  across the start of a recalculated segment; runs and trends do not cross them either, since
  "consecutive" means consecutive periods. Gaps are reported so the page can say so.
- `floor` (0 for counts, times and rates) and `ceiling` (100 for percentages) clip the limits
  *for display*: a lower limit of −35 crimes is unreachable and only confuses a reader. Clipping
  cannot add or remove a signal: no value can lie below the floor, and the test is strict.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from core.comparisons import NEUTRAL, UNKNOWN, assess
from core.periods import Period, add_months

SCALING = 2.66  # 3 / d₂ for moving ranges of two points (d₂ = 1.128)
MIN_POINTS = 12
MIN_SEGMENT_POINTS = 6
RUN_LENGTH = 8
TREND_LENGTH = 6

# Signal rules, in the order a reading prefers them when two end on the same point: a
# sustained shift says more than a single odd figure.
RUN = "run"
TREND = "trend"
OUTSIDE = "outside"
TWO_OF_THREE = "two_of_three"
RULE_PRIORITY = {RUN: 0, TREND: 1, OUTSIDE: 2, TWO_OF_THREE: 3}
UP = "up"
DOWN = "down"

Key = Period | dt.date


@dataclass(frozen=True)
class Split:
    """Where limits are recalculated from (a step change such as the start of the pandemic)."""

    start: dt.date
    label: str


@dataclass(frozen=True)
class Segment:
    """A stretch of the series with its own limits, computed from its first points."""

    start: int  # index of its first point
    end: int  # index after its last point
    label: str  # "" for the series' own start, else the baseline's label
    start_label: str  # the period it starts in, e.g. "April 2020"
    baseline_points: int  # how many of its points the limits were computed from
    mean: float
    mr_bar: float
    upper: float
    lower: float
    upper_shown: float  # after clipping to the ceiling
    lower_shown: float  # after clipping to the floor

    @property
    def is_recalculated(self) -> bool:
        return bool(self.label)

    @property
    def is_flat(self) -> bool:
        """No variation at all: the limits collapse onto the mean."""
        return self.mr_bar == 0

    @property
    def two_sigma_upper(self) -> float:
        return self.mean + 2 * SCALING / 3 * self.mr_bar

    @property
    def two_sigma_lower(self) -> float:
        return self.mean - 2 * SCALING / 3 * self.mr_bar


@dataclass(frozen=True)
class Signal:
    """Points that break a rule: indices `start` to `end` inclusive, pointing up or down."""

    rule: str
    start: int
    end: int
    direction: str

    @property
    def indices(self) -> range:
        return range(self.start, self.end + 1)


@dataclass(frozen=True)
class Gap:
    """Missing periods between two points of the series."""

    after: int  # index of the point before the gap
    missing: int  # number of periods missing (None-free: at least 1)
    label: str  # "May 2020 to July 2020 missing"


@dataclass(frozen=True)
class XmrPoint:
    key: Key
    value: Decimal | float
    moving_range: float | None
    segment: int
    rules: tuple[str, ...] = ()

    # Worked out when read: a dashboard computes a chart for every measure but names only the
    # few points its reading mentions.
    @property
    def label(self) -> str:
        return _label(self.key)[0]

    @property
    def short_label(self) -> str:
        return _label(self.key)[1]

    @property
    def x(self) -> float:
        return float(self.value)

    @property
    def is_signal(self) -> bool:
        return bool(self.rules)


@dataclass(frozen=True)
class XmrResult:
    points: tuple[XmrPoint, ...]
    segments: tuple[Segment, ...] = ()
    signals: tuple[Signal, ...] = ()
    gaps: tuple[Gap, ...] = ()
    notes: tuple[str, ...] = ()
    min_points: int = MIN_POINTS
    run_length: int = RUN_LENGTH
    trend_length: int = TREND_LENGTH

    @property
    def enough_data(self) -> bool:
        return bool(self.segments)

    @property
    def current_segment(self) -> Segment | None:
        return self.segments[-1] if self.segments else None

    def segment_of(self, point: XmrPoint) -> Segment:
        return self.segments[point.segment]

    # --- where the points go on a chart (the web page's and the PDF's alike) ---------------

    MAX_TICKS = 12

    @staticmethod
    def plot_date(key: Key) -> dt.date:
        return key.start if isinstance(key, Period) else key

    def plot_points(self) -> tuple[list, list, list]:
        """x (ISO dates), y and hover labels of the series, with a null between the points
        either side of a gap, so the line breaks there instead of drawing a change across
        missing periods."""
        after_gap = {g.after for g in self.gaps}
        xs, ys, hover = [], [], []
        for i, p in enumerate(self.points):
            xs.append(self.plot_date(p.key).isoformat())
            ys.append(p.x)
            hover.append(p.label)
            if i in after_gap:
                xs.append(self._between(i, i + 1).isoformat())
                ys.append(None)
                hover.append("")
        return xs, ys, hover

    def ticks(self) -> tuple[list[str], list[str]]:
        """At most MAX_TICKS evenly spread labels, always including the latest period."""
        step = max(1, -(-len(self.points) // self.MAX_TICKS))
        chosen = list(range(len(self.points) - 1, -1, -step))[::-1]
        return [self.plot_date(self.points[i].key).isoformat() for i in chosen], [
            self.points[i].short_label for i in chosen
        ]

    def segment_span(self, segment: Segment) -> tuple[dt.date, dt.date]:
        return self.plot_date(self.points[segment.start].key), self.plot_date(
            self.points[segment.end - 1].key
        )

    def recalculations(self) -> list[tuple[dt.date, str]]:
        """(where the line goes, the baseline's label) for each segment whose limits were
        recalculated, halfway between its first point and the point before."""
        return [
            (self._between(seg.start - 1, seg.start), seg.label)
            for seg in self.segments
            if seg.is_recalculated and seg.start
        ]

    def rules_text(self, point: XmrPoint) -> str:
        return "; ".join(rule_text(rule, self) for rule in point.rules)

    def _between(self, i: int, j: int) -> dt.date:
        a, b = self.plot_date(self.points[i].key), self.plot_date(self.points[j].key)
        return a + (b - a) / 2


# --- the series ------------------------------------------------------------------------------


def _label(key: Key) -> tuple[str, str]:
    if isinstance(key, Period):
        return key.label, key.short_label
    return key.strftime("%B %Y"), key.strftime("%b %Y")


def _start(key: Key) -> dt.date:
    return key.start if isinstance(key, Period) else key


def _months_between(a: dt.date, b: dt.date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def _step_months(keys: Sequence[Key]) -> int:
    """The series' usual step: a Period's own length, else the smallest step between dates."""
    if keys and isinstance(keys[0], Period) and keys[0].months:
        return keys[0].months
    steps = [_months_between(_start(a), _start(b)) for a, b in zip(keys, keys[1:], strict=False)]
    positive = [s for s in steps if s > 0]
    return min(positive) if positive else 1


def find_gaps(keys: Sequence[Key]) -> tuple[Gap, ...]:
    """Where periods are missing between consecutive points of a monthly or quarterly series."""
    step = _step_months(keys)
    gaps = []
    for i, (a, b) in enumerate(zip(keys, keys[1:], strict=False)):
        missing = _months_between(_start(a), _start(b)) // step - 1
        if missing > 0:
            first = _label(_shift(a, step))[0]
            last = _label(_shift(a, step * missing))[0]
            span = first if missing == 1 else f"{first} to {last}"
            gaps.append(Gap(after=i, missing=missing, label=f"No figure for {span}"))
    return tuple(gaps)


def _shift(key: Key, months: int) -> Key:
    if isinstance(key, Period):
        return key.shifted(months)
    return add_months(key, months)


# --- limits ----------------------------------------------------------------------------------


def _segment_bounds(
    keys: Sequence[Key], splits: Iterable[Split], min_segment: int
) -> tuple[list[tuple[int, str]], list[str]]:
    """Start index and label of each segment; splits that leave too few points are dropped."""
    bounds: list[tuple[int, str]] = [(0, "")]
    notes = []
    for split in sorted(splits, key=lambda s: s.start):
        index = next((i for i, k in enumerate(keys) if _start(k) >= split.start), len(keys))
        if index == 0:
            bounds[0] = (0, split.label)  # the baseline starts with the series: just name it
            continue
        before = index - bounds[-1][0]
        after = len(keys) - index
        if before < min_segment or after < min_segment:
            notes.append(
                f"Limits are not recalculated from {split.label}: each part of the chart needs "
                f"at least {min_segment} figures ({before} before, {after} after)."
            )
            continue
        bounds.append((index, split.label))
    return bounds, notes


def _moving_ranges(values: Sequence[float], breaks: set[int]) -> list[float | None]:
    """|xᵢ − xᵢ₋₁|, or None where i starts the series, a segment, or follows a gap."""
    return [
        None if i == 0 or i in breaks else abs(values[i] - values[i - 1])
        for i in range(len(values))
    ]


def _limits(
    values: Sequence[float], ranges: Sequence[float | None]
) -> tuple[float, float, float, float]:
    mean = sum(values) / len(values)
    usable = [r for r in ranges if r is not None]
    mr_bar = sum(usable) / len(usable) if usable else 0.0
    return mean, mr_bar, mean + SCALING * mr_bar, mean - SCALING * mr_bar


def clip(value: float, floor: float | None, ceiling: float | None) -> float:
    """`value` kept within the measure's natural floor and ceiling (a percentage stays in 0–100)."""
    if floor is not None and value < floor:
        return floor
    if ceiling is not None and value > ceiling:
        return ceiling
    return value


# --- rules -----------------------------------------------------------------------------------


def _runs(flags: Sequence[int], length: int) -> list[tuple[int, int, int]]:
    """Maximal stretches of equal non-zero flags at least `length` long: (start, end, flag)."""
    found, start = [], 0
    for i in range(1, len(flags) + 1):
        if i == len(flags) or flags[i] != flags[start]:
            if flags[start] != 0 and i - start >= length:
                found.append((start, i - 1, flags[start]))
            start = i
    return found


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def _signals_in(
    values: Sequence[float],
    offset: int,
    seg: Segment,
    *,
    run_length: int,
    trend_length: int,
    two_of_three: bool,
) -> list[Signal]:
    """The signals of one unbroken stretch (no gap, one segment) starting at index `offset`."""
    signals = []
    for i, v in enumerate(values):
        if v > seg.upper or v < seg.lower:
            signals.append(Signal(OUTSIDE, offset + i, offset + i, UP if v > seg.upper else DOWN))
    sides = [_sign(v - seg.mean) for v in values]
    for start, end, side in _runs(sides, run_length):
        signals.append(Signal(RUN, offset + start, offset + end, UP if side > 0 else DOWN))
    # A trend of n points is n − 1 steps the same way; step k joins points k and k + 1.
    steps = [_sign(b - a) for a, b in zip(values, values[1:], strict=False)]
    for start, end, side in _runs(steps, trend_length - 1):
        signals.append(Signal(TREND, offset + start, offset + end + 1, UP if side > 0 else DOWN))
    if two_of_three and not seg.is_flat:
        signals.extend(_two_of_three(values, offset, seg))
    return signals


def _two_of_three(values: Sequence[float], offset: int, seg: Segment) -> list[Signal]:
    """Two of three consecutive points beyond two sigma on the same side (Western Electric)."""
    found: dict[tuple[int, int, str], Signal] = {}
    for direction, beyond in (
        (UP, [v > seg.two_sigma_upper for v in values]),
        (DOWN, [v < seg.two_sigma_lower for v in values]),
    ):
        for i in range(len(values) - 2):
            flagged = [i + j for j in range(3) if beyond[i + j]]
            if len(flagged) >= 2:
                start, end = offset + flagged[0], offset + flagged[-1]
                found[(start, end, direction)] = Signal(TWO_OF_THREE, start, end, direction)
    return list(found.values())


def _stretches(n: int, breaks: set[int]) -> list[tuple[int, int]]:
    """[start, end) index ranges of the series between breaks (gaps and segment starts)."""
    cuts = sorted({0, n} | breaks)
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


# --- the chart -------------------------------------------------------------------------------


def xmr(
    series: Iterable[tuple[Key, Decimal | float]],
    *,
    splits: Iterable[Split] = (),
    baseline_points: int | None = None,
    min_points: int = MIN_POINTS,
    min_segment_points: int = MIN_SEGMENT_POINTS,
    run_length: int = RUN_LENGTH,
    trend_length: int = TREND_LENGTH,
    two_of_three: bool = False,
    floor: float | None = None,
    ceiling: float | None = None,
) -> XmrResult:
    """The XmR chart of a series of (Period or date, value) pairs, in time order.

    `splits` recalculate the limits from a date onward (a step change); `baseline_points`
    computes each segment's limits from its first N points only and extends them forward
    (Wheeler's "baseline"), None uses all of the segment's points. With fewer than
    `min_points` figures the result has points but no segments: not enough data for a chart.
    """
    pairs = sorted(series, key=lambda pair: _start(pair[0]))
    keys = [k for k, _ in pairs]
    values = [float(v) for _, v in pairs]
    gaps = find_gaps(keys)
    if len(pairs) < min_points:
        points = tuple(XmrPoint(k, value=v, moving_range=None, segment=0) for k, v in pairs)
        return XmrResult(points, gaps=gaps, min_points=min_points)

    bounds, notes = _segment_bounds(keys, splits, min_segment_points)
    gap_breaks = {g.after + 1 for g in gaps}
    segment_breaks = {start for start, _ in bounds[1:]}
    ranges = _moving_ranges(values, gap_breaks | segment_breaks)

    segments = []
    ends = [start for start, _ in bounds[1:]] + [len(values)]
    for number, ((start, label), end) in enumerate(zip(bounds, ends, strict=True)):
        used = end - start if baseline_points is None else min(baseline_points, end - start)
        mean, mr_bar, upper, lower = _limits(
            values[start : start + used], ranges[start + 1 : start + used]
        )
        if start + 1 < start + used and all(r is None for r in ranges[start + 1 : start + used]):
            notes.append(f"Part {number + 1} of the chart has no two consecutive figures.")
        segments.append(
            Segment(
                start=start,
                end=end,
                label=label,
                start_label=_label(keys[start])[0],
                baseline_points=used,
                mean=mean,
                mr_bar=mr_bar,
                upper=upper,
                lower=lower,
                upper_shown=clip(upper, floor, ceiling),
                lower_shown=clip(lower, floor, ceiling),
            )
        )

    signals: list[Signal] = []
    segment_index = [0] * len(values)
    for number, seg in enumerate(segments):
        segment_index[seg.start : seg.end] = [number] * (seg.end - seg.start)
    for a, b in _stretches(len(values), gap_breaks | segment_breaks):
        signals += _signals_in(
            values[a:b],
            a,
            segments[segment_index[a]],
            run_length=run_length,
            trend_length=trend_length,
            two_of_three=two_of_three,
        )
    signals.sort(key=lambda s: (s.start, s.end, RULE_PRIORITY[s.rule]))

    rules_at: dict[int, list[str]] = {}
    for s in signals:
        for i in s.indices:
            rules_at.setdefault(i, []).append(s.rule)
    points = tuple(
        XmrPoint(
            key=k,
            value=v,
            moving_range=ranges[i],
            segment=segment_index[i],
            rules=tuple(dict.fromkeys(rules_at.get(i, ()))),
        )
        for i, (k, v) in enumerate(pairs)
    )
    return XmrResult(
        points=points,
        segments=tuple(segments),
        signals=tuple(signals),
        gaps=gaps,
        notes=tuple(notes),
        min_points=min_points,
        run_length=run_length,
        trend_length=trend_length,
    )


# --- the reading -----------------------------------------------------------------------------

RULE_TEXT = {
    OUTSIDE: "outside the process limits",
    RUN: "run of {n} or more figures on one side of the mean",
    TREND: "{n} or more figures in a row rising or falling",
    TWO_OF_THREE: "two of three figures close to a limit",
}


def rule_text(rule: str, result: XmrResult) -> str:
    n = result.run_length if rule == RUN else result.trend_length
    return RULE_TEXT[rule].format(n=n)


@dataclass(frozen=True)
class SpcReading:
    """What the chart says, in words a councillor can use, and whether that is good news."""

    text: str  # the headline: "Significant increase since April 2020"
    assessment: str  # GOOD, BAD, NEUTRAL or UNKNOWN, as in core.comparisons
    detail: str = ""  # one or two sentences of explanation
    signal: Signal | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def is_signal(self) -> bool:
        return self.signal is not None


def _direction_word(direction: str) -> str:
    return "increase" if direction == UP else "decrease"


def _latest_signal(result: XmrResult) -> Signal | None:
    """The signal that ends latest in the current segment (ties: the more sustained rule)."""
    current = result.current_segment
    candidates = [s for s in result.signals if s.end >= current.start]
    if not candidates:
        return None
    return max(candidates, key=lambda s: (s.end, -RULE_PRIORITY[s.rule]))


@dataclass(frozen=True)
class ChartSummary:
    """What a reading needs of a chart: how many figures, why some may be missing, the
    current segment's limits and the latest signal in it with its first and last figures.
    `summarise` takes it from one XmrResult; `performance.spc.batch` works it out for many
    series at once, without building their points."""

    count: int
    min_points: int
    notes: tuple[str, ...]  # the gaps' labels, then the chart's own notes
    segment: Segment | None  # the current segment; None without enough data
    signal: Signal | None = None
    first: tuple[str, float] = ("", 0.0)  # label and value of the signal's first point
    last: tuple[str, float] = ("", 0.0)  # and of its last

    @property
    def enough_data(self) -> bool:
        return self.segment is not None


def summarise(result: XmrResult) -> ChartSummary:
    notes = tuple(g.label for g in result.gaps) + result.notes
    if not result.enough_data:
        return ChartSummary(len(result.points), result.min_points, notes, None)
    signal = _latest_signal(result)
    if signal is None:
        return ChartSummary(len(result.points), result.min_points, notes, result.current_segment)
    first, last = result.points[signal.start], result.points[signal.end]
    return ChartSummary(
        len(result.points),
        result.min_points,
        notes,
        result.current_segment,
        signal,
        (first.label, first.x),
        (last.label, last.x),
    )


def read_xmr(result: XmrResult, **wording) -> SpcReading:
    """The plain-English reading of an XmR chart, judged by the measure's direction of good
    (`wording` is `read_summary`'s: direction_of_good, fmt, period_noun).

    It speaks about the latest segment only: a recalculated baseline *is* the acknowledged
    change, so earlier signals stay on the chart but do not drive the headline.
    """
    return read_summary(summarise(result), **wording)


def read_summary(
    summary: ChartSummary,
    *,
    direction_of_good: str,
    fmt: Callable[[float], str] = lambda v: f"{v:,.1f}",
    period_noun: str = "figures",
) -> SpcReading:
    """The reading of `read_xmr` from a chart's summary."""
    notes = summary.notes
    if not summary.enough_data:
        return SpcReading(
            text="Not enough data for a control chart",
            assessment=UNKNOWN,
            detail=f"There are {summary.count} {period_noun}; a control chart needs at least "
            f"{summary.min_points}.",
            notes=notes,
        )
    segment = summary.segment
    since = f" since {segment.start_label}" if segment.is_recalculated else ""
    signal = summary.signal
    if signal is None:
        return _no_change(segment, since, fmt, notes)
    assessment = assess(direction_of_good, Decimal(1 if signal.direction == UP else -1))
    text, detail = _signal_words(summary, segment, signal, fmt)
    return SpcReading(text, assessment, detail, signal, notes)


def _no_change(segment, since, fmt, notes) -> SpcReading:
    if segment.is_flat:
        detail = (
            f"Every figure{since} is {fmt(segment.mean)}: there is no variation, so any "
            "different figure would be a signal of change."
        )
    else:
        detail = (
            f"Every figure{since} lies between {fmt(segment.lower_shown)} and "
            f"{fmt(segment.upper_shown)} around an average of {fmt(segment.mean)}, with no "
            "unusual runs or trends: the ups and downs are ordinary variation."
        )
    return SpcReading(f"No significant change{since}", NEUTRAL, detail, None, notes)


def _signal_words(summary, segment, signal, fmt) -> tuple[str, str]:
    (first_label, first_x), (last_label, last_x) = summary.first, summary.last
    ongoing = signal.end == summary.count - 1
    word = _direction_word(signal.direction)
    if signal.rule == OUTSIDE:
        side = "above the upper" if signal.direction == UP else "below the lower"
        limit = segment.upper_shown if signal.direction == UP else segment.lower_shown
        return (
            f"Unusual point in {first_label}",
            f"The figure of {fmt(first_x)} is {side} process limit of {fmt(limit)}: "
            "worth asking about, though one figure is not yet a sustained change.",
        )
    if signal.rule == TWO_OF_THREE:
        which = "upper" if signal.direction == UP else "lower"
        return (
            f"Unusual points in {first_label} to {last_label}",
            f"Two of three figures are close to the {which} process limit: an early sign of "
            "a possible change.",
        )
    side = "above" if signal.direction == UP else "below"
    if signal.rule == RUN:
        detail = (
            f"{signal.end - signal.start + 1} figures in a row from {first_label} are {side} "
            f"the average of {fmt(segment.mean)}: a sustained shift, not chance."
        )
    else:
        detail = (
            f"{signal.end - signal.start + 1} figures in a row from {first_label} "
            f"{'rise' if signal.direction == UP else 'fall'} each time "
            f"({fmt(first_x)} to {fmt(last_x)}): a trend, not chance."
        )
    if signal.rule == TREND:
        word = "rising trend" if signal.direction == UP else "falling trend"
    if ongoing:
        return f"Significant {word} since {first_label}", detail
    return f"Significant {word} from {first_label} to {last_label}", detail
