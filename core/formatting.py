"""How figures are written: one place, so the page, the export and the PDF print them alike.

Money has one rule everywhere: pounds are grouped in thousands and show pence only when the
amount has pence (£25,000 · £33,939.53); amounts kept in £ million are printed to the
thousand the budget papers use (£312.930m).
"""

from decimal import ROUND_HALF_UP, Decimal

UNIT_SUFFIX = {"minutes": " min", "seconds": " sec"}
MISSING = "–"


# 1, 0.1, 0.01 ...: made once, as a dashboard rounds tens of thousands of figures.
_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(10)}


def rounded(value: Decimal, places: int) -> Decimal:
    if not isinstance(value, Decimal):
        value = Decimal(value)
    quantum = _QUANTA.get(places) or Decimal(1).scaleb(-places)
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def grouped(value: Decimal, places: int, *, sign: bool = False) -> str:
    text = f"{rounded(value, places):,.{places}f}"
    if sign and value > 0:
        text = "+" + text
    return text


def _signed(value: Decimal, body: str, sign: bool) -> str:
    """`body` (written without its sign) with a minus, or a plus where `sign` asks for one."""
    if value < 0:
        return "-" + body
    return ("+" if sign and value > 0 else "") + body


def pounds(value: Decimal | None, *, symbol: bool = True, sign: bool = False) -> str:
    """£25,000 for whole pounds, £33,939.53 when there are pence; without the £ under a £
    column heading (`symbol=False`); "–" when there is no amount."""
    if value is None:
        return MISSING
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    body = f"{'£' if symbol else ''}{abs(value):,.{places}f}"
    return _signed(value, body, sign)


def millions(value: Decimal, *, least: int = 3, sign: bool = False) -> str:
    """A £m amount (without the £ and the m, for a £m column) with at least `least` decimal
    places and no more than the three stored: 312.930 · 6.2 (least=1)."""
    value = Decimal(value)
    text = f"{abs(value):,.3f}"
    while least < 3 and text.endswith("0") and len(text.split(".")[1]) > least:
        text = text[:-1]
    return _signed(value, text, sign)


def money_text(value: Decimal | None, unit: str) -> str:
    """£312.930m for £ million figures (unit "m"), pounds by `pounds` for anything else."""
    if value is None:
        return MISSING
    if unit == "m":
        return f"£{millions(value)}m"
    return pounds(value)


def format_number(unit: str, value: Decimal, places: int, *, sign: bool = False) -> str:
    """A value in its unit: 142,374 · 83.8% · 10.2 min · 6.48 sec · £108.7m."""
    if value is None:
        return ""
    if unit == "money":
        return _signed(Decimal(value), f"£{grouped(abs(value), places)}m", sign)
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
