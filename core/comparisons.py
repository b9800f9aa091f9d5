"""Year-on-year comparisons, computed and never typed.

`compare` is the one function every page, export and report uses to turn a current and a
previous value into the wording of the panel reports: `Decrease (16%, -22,859)` for counts,
`+6.5 pp` between two percentages, `-0.1 min` for times, and whether that change is good.

A measure may set a tolerance: a change no larger than it reads "Similar", neither better nor
worse (38.7% to 38.6% is not a deterioration anyone should act on). The tolerance is in
percentage points for percentages, a relative change in per cent for counts, money and rates,
and the measure's own unit otherwise. Every "Better" or "Worse" carries its reason in words:
"up 11% on a year earlier; lower is better".
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .formatting import format_number, rounded

GOOD = "good"
BAD = "bad"
NEUTRAL = "neutral"
SIMILAR = "similar"
UNKNOWN = "unknown"

ASSESSMENT_LABELS = {
    GOOD: "Better",
    BAD: "Worse",
    NEUTRAL: "No judgement",
    SIMILAR: "Similar",
    UNKNOWN: "",
}
DIRECTION_WORDS = {"up": "higher is better", "down": "lower is better"}

# Units whose change is worded as a relative change, as the reports do for counts.
RELATIVE_UNITS = {"count", "money", "rate"}


@dataclass(frozen=True)
class Comparison:
    current: Decimal
    previous: Decimal | None
    change: Decimal | None
    relative_change: Decimal | None  # a fraction: -0.16 for a 16% fall
    text: str
    assessment: str
    direction: str = "neither"
    unit: str = "count"
    decimal_places: int = 0
    tolerance: Decimal | None = None

    @property
    def assessment_label(self) -> str:
        return ASSESSMENT_LABELS[self.assessment]

    @property
    def movement(self) -> str:
        """The change in a few words: "up 11%", "down 0.1 pp", "up 2.0 min"."""
        if self.change is None or self.change == 0:
            return "unchanged"
        word = "up" if self.change > 0 else "down"
        if self.unit == "percentage":
            return f"{word} {rounded(abs(self.change), max(self.decimal_places, 1))} pp"
        if self.unit in RELATIVE_UNITS and self.relative_change is not None:
            return f"{word} {percent_text(self.relative_change)}"
        return f"{word} {format_number(self.unit, abs(self.change), self.decimal_places)}"

    @property
    def reason(self) -> str:
        """Why the change is judged as it is, in words a reader can check."""
        if self.assessment in (GOOD, BAD):
            return f"{self.movement} on a year earlier; {DIRECTION_WORDS[self.direction]}"
        if self.assessment == SIMILAR:
            return f"{self.movement} on a year earlier, within {self.tolerance_text}"
        return ""

    @property
    def tolerance_text(self) -> str:
        if self.tolerance is None:
            return ""
        return tolerance_text(self.unit, self.tolerance, self.decimal_places)

    @property
    def has_previous(self) -> bool:
        return self.previous is not None


def percent_text(fraction: Decimal) -> str:
    """16% for a 0.1606 change; one decimal place only when whole percent would read 0%."""
    percent = abs(fraction) * 100
    whole = percent.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if whole == 0 and percent != 0:
        return f"{percent.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"
    return f"{whole}%"


def tolerance_text(unit: str, tolerance: Decimal, places: int = 0) -> str:
    """The tolerance as a reader sees it: "1 pp", "2%", "0.5 min"."""
    if unit == "percentage":
        return f"{tolerance.normalize():f} pp"
    if unit in RELATIVE_UNITS:
        return f"{tolerance.normalize():f}%"
    return format_number(unit, tolerance, places)


def within_tolerance(
    unit: str, change: Decimal, relative: Decimal | None, tolerance: Decimal | None
) -> bool:
    """Whether a change is no larger than the measure's tolerance (see the module's doc)."""
    if tolerance is None or change == 0:
        return False
    if unit in RELATIVE_UNITS:
        return relative is not None and abs(relative) * 100 <= tolerance
    return abs(change) <= tolerance


def assess(direction: str, change: Decimal | None, *, similar: bool = False) -> str:
    if change is None:
        return UNKNOWN
    if direction == "neither" or change == 0:
        return NEUTRAL
    if similar:
        return SIMILAR
    return GOOD if (change > 0) == (direction == "up") else BAD


def compare(
    *,
    unit: str,
    decimal_places: int,
    direction: str,
    current: Decimal,
    previous: Decimal | None,
    tolerance: Decimal | None = None,
) -> Comparison:
    if previous is None:
        return Comparison(current, None, None, None, "No previous figure", UNKNOWN)
    change = rounded(current, decimal_places) - rounded(previous, decimal_places)
    relative = (change / previous) if previous else None
    similar = within_tolerance(unit, change, relative, tolerance)
    return Comparison(
        current=current,
        previous=previous,
        change=change,
        relative_change=relative,
        text=change_text(unit, decimal_places, change, relative),
        assessment=assess(direction, change, similar=similar),
        direction=direction,
        unit=unit,
        decimal_places=decimal_places,
        tolerance=tolerance,
    )


def change_text(unit: str, places: int, change: Decimal, relative: Decimal | None) -> str:
    if unit == "percentage":
        return f"{'+' if change > 0 else ''}{rounded(change, max(places, 1))} pp"
    if unit not in RELATIVE_UNITS:
        return format_number(unit, change, places, sign=True)
    if change == 0:
        return "No change"
    word = "Increase" if change > 0 else "Decrease"
    amount = format_number(unit, change, places, sign=True)
    if relative is None:
        return f"{word} ({amount})"
    return f"{word} ({percent_text(relative)}, {amount})"


def compare_measure(measure, current: Decimal, previous: Decimal | None) -> Comparison:
    return compare(
        unit=measure.unit,
        decimal_places=measure.decimal_places,
        direction=measure.direction_of_good,
        current=current,
        previous=previous,
        tolerance=getattr(measure, "tolerance", None),
    )


def target_met(measure, value: Decimal) -> bool | None:
    """Whether `value` meets the measure's target; None where the measure has no target."""
    if not measure.has_target or value is None:
        return None
    target = measure.target_value
    return {
        "<": value < target,
        "<=": value <= target,
        ">": value > target,
        ">=": value >= target,
    }[measure.target_operator]
