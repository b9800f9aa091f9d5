"""Data-quality checks run before figures are published and in the import preview.

They warn, never block: the performance lead reads the warnings and acknowledges them when
publishing. Each check looks at a candidate value against the rest of its series (the same
measure and area), using the figures already stored plus the other candidates of the batch,
so a spreadsheet holding a whole year is judged as a whole.

The checks:

- **outlier**: the value is far from its history: the values of the same measure, area and
  kind of period just before it. Robust z-score (Iglewicz and Hoaglin): 0.6745 × (value −
  median) / MAD over up to 12 earlier values, flagged above 3.5; needs at least 4 values.
  Median and MAD ignore the odd extreme figure, which a mean and standard deviation would not.
- **parts**: a measure that declares parts ("is the sum of") does not equal the sum of its
  parts for the same area and period, when every part has a value.
- **percentage_scale**: a percentage that looks like another kind of number: a proportion
  (0.84 entered for 84%: at most 1 while the series' median is above 5), or a count (a whole
  number that is also an outlier, as when a numerator is pasted into the percentage column).
  Percentages above 100 are refused outright by the unit rules.
- **scale**: a value 10, 100 or 1,000 times off the measure's scale: a £ million figure typed
  in pounds or thousands (judged from the unit alone, so it works on a measure's first figure),
  a proportion typed for a percentage on a series with no history yet, or a value about ten
  times or more away from the same period a year earlier or the period before.
- **change**: a change far outside the series' history, with whatever history there is: the
  control limits (XmR natural process limits) once there are 12 earlier values of the kind;
  the robust z-score above (outlier) from 4; with fewer, a value more than double or less than
  half of both the period before and the same period a year earlier.
- **odd_period**: the period is not a whole month, quarter or 12 months (a typing slip in a
  date, usually); such figures are taken, but do not line up with anything to compare with.
- **missing_period**: the series has earlier values of the same kind but none for the period
  just before this one (the previous quarter; the previous month for monthly figures; the
  previous financial year for annual ones): a gap that usually means a forgotten row.
"""

import datetime as dt
import functools
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from core.formatting import format_value
from core.periods import FINANCIAL_YEAR, MONTH, QUARTER, ROLLING_12_MONTHS, Period

from .models import Measure, Observation, Unit

OUTLIER_THRESHOLD = Decimal("3.5")
# £ million figures of ten thousand or more (£10 billion) are beyond any force's budget.
MONEY_THOUSANDS = Decimal(10_000)
MONEY_POUNDS = Decimal(1_000_000)
SCALE_RATIO = Decimal("9.5")  # "about ten times" or more
CHANGE_RATIO = Decimal(2)  # with little history: more than double, or less than half
OUTLIER_MIN_HISTORY = 4
OUTLIER_WINDOW = 12
# Months between consecutive periods of a series, by kind: rolling 12-month figures are
# reported quarterly in the OPCC's reports.
SERIES_STEP_MONTHS = {MONTH: 1, QUARTER: 3, ROLLING_12_MONTHS: 3, FINANCIAL_YEAR: 12}
STEP_WORDS = {1: "month", 3: "quarter", 12: "year"}


@dataclass(frozen=True)
class QualityWarning:
    check: str
    message: str

    def __str__(self) -> str:
        return self.message


Key = tuple[int, int, dt.date, dt.date]


def _key(candidate) -> Key:
    return (candidate.measure.pk, candidate.area.pk, candidate.period_start, candidate.period_end)


class _Series:
    """Every known value by (measure, area) → {(start, end): value}: stored, then the batch."""

    def __init__(self, candidates: Sequence, measure_ids: set[int]):
        area_ids = {c.area.pk for c in candidates}
        self.values: dict[tuple[int, int], dict[tuple[dt.date, dt.date], Decimal]] = defaultdict(
            dict
        )
        stored = Observation.objects.filter(
            measure_id__in=measure_ids, area_id__in=area_ids
        ).values_list("measure_id", "area_id", "period_start", "period_end", "value")
        for measure_id, area_id, start, end, value in stored:
            self.values[(measure_id, area_id)][(start, end)] = value
        for c in candidates:
            self.values[(c.measure.pk, c.area.pk)][(c.period_start, c.period_end)] = c.value

        self._runs: dict[tuple, tuple[list, dict]] = {}

    def _run(self, measure_id: int, area_id: int, kind: str) -> tuple[list, dict]:
        """The series' periods of one kind in date order, and each period's position."""
        key = (measure_id, area_id, kind)
        if key not in self._runs:
            periods = sorted(
                (p for p in self.values[(measure_id, area_id)] if _kind(*p) == kind),
                key=lambda p: (p[1], p[0]),
            )
            self._runs[key] = (periods, {p: i for i, p in enumerate(periods)})
        return self._runs[key]

    def history(self, candidate) -> list[Decimal]:
        """The values of the same kind of period before the candidate's, latest last."""
        own = (candidate.period_start, candidate.period_end)
        series_key = (candidate.measure.pk, candidate.area.pk)
        periods, position = self._run(*series_key, _kind(*own))
        index = position[own]
        values = self.values[series_key]
        return [values[p] for p in periods[max(0, index - OUTLIER_WINDOW) : index]]

    def has(self, candidate, period: Period) -> bool:
        return (period.start, period.end) in self.values[(candidate.measure.pk, candidate.area.pk)]

    def value_at(self, candidate, period: Period | None) -> Decimal | None:
        if period is None:
            return None
        series = self.values[(candidate.measure.pk, candidate.area.pk)]
        return series.get((period.start, period.end))

    def history_points(self, candidate) -> list[tuple[Period, Decimal]]:
        """The whole series of the candidate's kind before it, oldest first, as (period, value)."""
        own = (candidate.period_start, candidate.period_end)
        series_key = (candidate.measure.pk, candidate.area.pk)
        periods, position = self._run(*series_key, _kind(*own))
        values = self.values[series_key]
        return [(Period(*p), values[p]) for p in periods[: position[own]]]


@functools.lru_cache(maxsize=8192)
def _kind(start: dt.date, end: dt.date) -> str:
    return Period(start, end).kind


def robust_z(value: Decimal, history: Sequence[Decimal]) -> Decimal | None:
    """0.6745 × (value − median) / MAD, or None when the history is too short or flat."""
    if len(history) < OUTLIER_MIN_HISTORY:
        return None
    median = statistics.median(history)
    mad = statistics.median(abs(v - median) for v in history)
    if mad == 0:
        return None
    return Decimal("0.6745") * (value - median) / mad


def _outlier(candidate, series: _Series) -> QualityWarning | None:
    history = series.history(candidate)
    z = robust_z(candidate.value, history)
    if z is None or abs(z) <= OUTLIER_THRESHOLD:
        return None
    measure = candidate.measure
    median = statistics.median(history)
    return QualityWarning(
        "outlier",
        f"{format_value(measure, candidate.value)} is far from the recent figures for "
        f"{candidate.area} (median {format_value(measure, median)} of the last "
        f"{len(history)}): check it.",
    )


def _percentage_scale(candidate, series: _Series) -> QualityWarning | None:
    measure, value = candidate.measure, candidate.value
    if measure.unit != Unit.PERCENTAGE:
        return None
    history = series.history(candidate)
    if not history:
        return None
    median = statistics.median(history)
    if 0 < value <= 1 and median > 5:
        return QualityWarning(
            "percentage_scale",
            f"{value} looks like a proportion, not a percentage (the series' median is "
            f"{format_value(measure, median)}): enter {value * 100:g} for {value * 100:g}%.",
        )
    z = robust_z(value, history)
    if value == value.to_integral_value() and z is not None and abs(z) > OUTLIER_THRESHOLD:
        return QualityWarning(
            "percentage_scale",
            f"{value:f} is a whole number far from this measure's usual percentages (median "
            f"{format_value(measure, median)}): is it a count rather than a percentage?",
        )
    return None


def _references(candidate, series: _Series) -> list[tuple[str, Decimal]]:
    """The figures a new value is first compared with: the period before, a year earlier."""
    period = Period(candidate.period_start, candidate.period_end)
    found, seen = [], set()
    previous = previous_in_series(period)
    year_earlier = period.previous_equivalent() if period.kind != "other" else None
    for label, other in (("the period before", previous), ("a year earlier", year_earlier)):
        value = series.value_at(candidate, other)
        if value is not None and other not in seen:
            seen.add(other)
            found.append((f"{other.label}, {label}", value))
    return found


def _times(ratio: Decimal) -> str:
    """'about 10 times', 'about 300 times': one significant figure is enough to spot a slip."""
    rounded_ratio = Decimal(f"{ratio:.0e}")
    return f"about {rounded_ratio:,.0f} times"


def _money_scale(candidate) -> QualityWarning | None:
    measure, value = candidate.measure, candidate.value
    if measure.unit != Unit.MONEY or abs(value) < MONEY_THOUSANDS:
        return None
    divisor, words = (
        (MONEY_POUNDS, "pounds") if abs(value) >= MONEY_POUNDS else (1000, "thousands of pounds")
    )
    meant = value / divisor
    return QualityWarning(
        "scale",
        f"{format_value(measure, value)} looks like a figure in {words}: this measure is in "
        f"£ million, so £{meant:,.1f}m is entered as {meant:.1f}.",
    )


def _proportion_without_history(candidate, series: _Series) -> QualityWarning | None:
    value = candidate.value
    if candidate.measure.unit != Unit.PERCENTAGE or series.history(candidate):
        return None
    # 0.6 may be a true 0.6%; 0.838 typed for a one-decimal percentage is a proportion.
    places = -value.normalize().as_tuple().exponent
    if 0 < value < 1 and places > candidate.measure.decimal_places:
        percent = f"{(value * 100).normalize():f}"
        return QualityWarning(
            "scale",
            f"{value.normalize():f} looks like a proportion, not a percentage: enter "
            f"{percent} for {percent}%.",
        )
    return None


def _ratio_warning(candidate, series: _Series) -> QualityWarning | None:
    """A value ten times or more away from the figures it is first compared with."""
    measure, value = candidate.measure, candidate.value
    for label, reference in _references(candidate, series):
        if not value or not reference or (value > 0) != (reference > 0):
            continue
        ratio = abs(value / reference)
        if ratio >= SCALE_RATIO or ratio <= 1 / SCALE_RATIO:
            bigger = ratio >= 1
            return QualityWarning(
                "scale",
                f"{format_value(measure, value)} is {_times(ratio if bigger else 1 / ratio)} "
                f"{'larger' if bigger else 'smaller'} than {format_value(measure, reference)} "
                f"({label}): check the unit and the digits.",
            )
    return None


def _small_history_change(candidate, series: _Series) -> QualityWarning | None:
    """With fewer than OUTLIER_MIN_HISTORY figures: more than double or less than half of
    every figure it is compared with."""
    if len(series.history(candidate)) >= OUTLIER_MIN_HISTORY:
        return None
    measure, value = candidate.measure, candidate.value
    references = [(label, ref) for label, ref in _references(candidate, series) if ref > 0]
    if not references or value < 0:
        return None
    if all(value > ref * CHANGE_RATIO or value < ref / CHANGE_RATIO for _, ref in references):
        compared = "; ".join(f"{format_value(measure, r)} for {label}" for label, r in references)
        return QualityWarning(
            "change",
            f"{format_value(measure, value)} is far from the earlier figures ({compared}): "
            "check it.",
        )
    return None


def _control_limits(candidate, series: _Series) -> QualityWarning | None:
    """Outside the natural process limits of the series' earlier figures, once there are
    enough of them for a control chart."""
    from performance.spc.xmr import MIN_POINTS, xmr  # the SPC maths, shared with the charts

    points = series.history_points(candidate)
    if len(points) < MIN_POINTS:
        return None
    segment = xmr(points).current_segment
    if segment is None or segment.mr_bar == 0:
        return None
    value = float(candidate.value)
    if segment.lower <= value <= segment.upper:
        return None
    measure = candidate.measure
    low, high = (Decimal(str(round(x, 4))) for x in (segment.lower, segment.upper))
    return QualityWarning(
        "change",
        f"{format_value(measure, candidate.value)} is outside the control limits of the "
        f"{len(points)} earlier figures for {candidate.area} ({format_value(measure, low)} to "
        f"{format_value(measure, high)}): check it, or explain the change in the commentary.",
    )


def _odd_period(candidate) -> QualityWarning | None:
    period = Period(candidate.period_start, candidate.period_end)
    if period.kind != "other" or period.end <= period.start:
        return None
    return QualityWarning(
        "odd_period",
        f"{period.label} is not a whole month, quarter or 12 months: check the dates.",
    )


def previous_in_series(period: Period) -> Period | None:
    """The period just before `period` in a series of its kind, or None for odd periods."""
    step = SERIES_STEP_MONTHS.get(period.kind)
    if step is None:
        return None
    return period.shifted(-step)


def _missing_period(candidate, series: _Series) -> QualityWarning | None:
    period = Period(candidate.period_start, candidate.period_end)
    previous = previous_in_series(period)
    if previous is None:
        return None
    if not series.history(candidate) or series.has(candidate, previous):
        return None
    word = STEP_WORDS[SERIES_STEP_MONTHS[period.kind]]
    return QualityWarning(
        "missing_period",
        f"There is no value for {previous.label}, the {word} before {period.label}, for "
        f"{candidate.area}: a gap in the series.",
    )


def _parts_warnings(candidates: Sequence, series: _Series, parts_of: dict, names: dict):
    """(candidate index, warning) for each total that does not equal the sum of its parts."""
    totals_of = defaultdict(set)
    for total_id, part_ids in parts_of.items():
        for part_id in part_ids:
            totals_of[part_id].add(total_id)
    touched = defaultdict(list)  # (total, area, start, end) → candidate indexes involved
    for index, c in enumerate(candidates):
        for total_id in {c.measure.pk} & set(parts_of) | totals_of.get(c.measure.pk, set()):
            touched[(total_id, c.area.pk, c.period_start, c.period_end)].append(index)
    found = []
    for (total_id, area_id, start, end), indexes in touched.items():
        total = series.values[(total_id, area_id)].get((start, end))
        parts = [
            (pid, series.values[(pid, area_id)].get((start, end))) for pid in parts_of[total_id]
        ]
        if total is None or any(value is None for _, value in parts):
            continue
        parts_sum = sum(value for _, value in parts)
        if parts_sum == total:
            continue
        measure = names[total_id]
        detail = " + ".join(
            f"{names[pid].name} {format_value(names[pid], value)}"
            for pid, value in sorted(parts, key=lambda pair: names[pair[0]].name)
        )
        message = (
            f"{measure.name} for {Period(start, end).label} is {format_value(measure, total)} "
            f"but its parts add up to {format_value(measure, parts_sum)} ({detail})."
        )
        found.extend((index, QualityWarning("parts", message)) for index in indexes)
    return found


def _value_warnings(candidate, series: _Series) -> list[QualityWarning | None]:
    """The most precise warning about the value: a slip of scale says more than "far from
    the history", so a value gets one of them, not several saying the same thing."""
    for check in (
        lambda: _money_scale(candidate),
        lambda: _proportion_without_history(candidate, series),
        lambda: _percentage_scale(candidate, series),
        lambda: _ratio_warning(candidate, series),
        lambda: _control_limits(candidate, series),
        lambda: _outlier(candidate, series),
        lambda: _small_history_change(candidate, series),
    ):
        found = check()
        if found:
            return [found]
    return []


def quality_warnings(*, candidates: Sequence) -> list[list[QualityWarning]]:
    """The warnings of each candidate, in the candidates' order.

    A candidate is an Observation or anything with `measure`, `area`, `period_start`,
    `period_end` and `value` (an import row). Four queries whatever the number of candidates.
    """
    candidates = list(candidates)
    if not candidates:
        return []
    measure_ids = {c.measure.pk for c in candidates}
    through = Measure.parts.through.objects
    totals = set(
        through.filter(
            Q(from_measure_id__in=measure_ids) | Q(to_measure_id__in=measure_ids)
        ).values_list("from_measure_id", flat=True)
    )
    links = through.filter(from_measure_id__in=totals).values_list(
        "from_measure_id", "to_measure_id"
    )
    parts_of = defaultdict(set)
    for total_id, part_id in links:
        parts_of[total_id].add(part_id)
    related_ids = measure_ids | set(parts_of) | {p for ps in parts_of.values() for p in ps}
    names = {m.pk: m for m in Measure.objects.filter(pk__in=related_ids)} if parts_of else {}
    series = _Series(candidates, related_ids)

    warnings: list[list[QualityWarning]] = [[] for _ in candidates]
    for index, candidate in enumerate(candidates):
        warnings[index].extend(w for w in _value_warnings(candidate, series) if w)
        odd = _odd_period(candidate)
        warnings[index].append(odd or _missing_period(candidate, series))
        warnings[index] = [w for w in warnings[index] if w]
    for index, warning in _parts_warnings(candidates, series, parts_of, names):
        warnings[index].append(warning)
    return warnings
