"""How figures are written: one place, so the page, the export and the PDF print them alike."""

from decimal import ROUND_HALF_UP, Decimal

UNIT_SUFFIX = {"minutes": " min", "seconds": " sec"}


def rounded(value: Decimal, places: int) -> Decimal:
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def grouped(value: Decimal, places: int, *, sign: bool = False) -> str:
    text = f"{rounded(value, places):,.{places}f}"
    if sign and value > 0:
        text = "+" + text
    return text


def format_number(unit: str, value: Decimal, places: int, *, sign: bool = False) -> str:
    """A value in its unit: 142,374 · 83.8% · 10.2 min · 6.48 sec · £108.7m."""
    if value is None:
        return ""
    if unit == "money":
        body = grouped(abs(value), places)
        prefix = ("+" if value > 0 else "") if sign else ""
        prefix = "-" if value < 0 else prefix
        return f"{prefix}£{body}m"
    text = grouped(value, places, sign=sign)
    if unit == "percentage":
        return text + "%"
    return text + UNIT_SUFFIX.get(unit, "")


def format_value(measure, value: Decimal, *, sign: bool = False) -> str:
    return format_number(measure.unit, value, measure.decimal_places, sign=sign)


def format_target(unit: str, value: Decimal, places: int) -> str:
    """A target as the plan words it: a time in whole hours as hours ("48 hours", "1 hour"),
    other times in whole minutes ("15 minutes"); any other unit as its figures print."""
    if unit == "minutes" and value == value.to_integral_value():
        minutes = int(value)
        if minutes >= 60 and minutes % 60 == 0:
            hours = minutes // 60
            return f"{hours:,} hour" + ("" if hours == 1 else "s")
        return f"{minutes:,} minute" + ("" if minutes == 1 else "s")
    return format_number(unit, value, places)
