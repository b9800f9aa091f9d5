"""Figures in their units, rounded half up as the published reports round them."""

from decimal import Decimal

import pytest

from core.formatting import format_number, rounded


@pytest.mark.parametrize(
    ("unit", "value", "places", "text"),
    [
        ("count", Decimal("142373.5"), 0, "142,374"),
        ("count", Decimal("2.5"), 0, "3"),  # half up, not to the even 2
        ("percentage", Decimal("83.85"), 1, "83.9%"),
        ("minutes", Decimal("10.249"), 1, "10.2 min"),
        ("seconds", Decimal("6.485"), 2, "6.49 sec"),
        ("money", Decimal("-108.65"), 1, "-£108.7m"),
        ("rate", 7, 2, "7.00"),
    ],
)
def test_a_figure_is_written_in_its_unit_rounded_half_up(unit, value, places, text):
    assert format_number(unit, value, places) == text


def test_rounding_takes_any_number_of_places_and_plain_numbers():
    assert rounded(Decimal("0.12345678905"), 10) == Decimal("0.1234567891")
    assert rounded(Decimal("1.05"), 1) == Decimal("1.1")
    assert rounded(3, 2) == Decimal("3.00")
