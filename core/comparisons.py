"""Year-on-year comparisons, computed and never typed.

`compare` is the one function every page, export and report uses to turn a current and a
previous value into the wording of the panel reports: `Decrease (16%, -22,859)` for counts,
`+6.5 pp` between two percentages, `-0.1 min` for times, and whether that change is good.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .formatting import format_number, rounded

GOOD = "good"
BAD = "bad"
NEUTRAL = "neutral"
UNKNOWN = "unknown"

ASSESSMENT_LABELS = {GOOD: "Better", BAD: "Worse", NEUTRAL: "No judgement", UNKNOWN: ""}

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

    @property
    def assessment_label(self) -> str:
        return ASSESSMENT_LABELS[self.assessment]

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


def assess(direction: str, change: Decimal | None) -> str:
    if change is None:
        return UNKNOWN
    if direction == "neither" or change == 0:
        return NEUTRAL
    return GOOD if (change > 0) == (direction == "up") else BAD


def compare(
    *, unit: str, decimal_places: int, direction: str, current: Decimal, previous: Decimal | None
) -> Comparison:
    if previous is None:
        return Comparison(current, None, None, None, "No previous figure", UNKNOWN)
    change = rounded(current, decimal_places) - rounded(previous, decimal_places)
    relative = (change / previous) if previous else None
    return Comparison(
        current=current,
        previous=previous,
        change=change,
        relative_change=relative,
        text=change_text(unit, decimal_places, change, relative),
        assessment=assess(direction, change),
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
