from decimal import Decimal

import pytest

from core.comparisons import compare, percent_text, target_met
from performance.models import Measure
from performance.selectors import comparisons_for
from tests.factories import AreaFactory, MeasureFactory, ObservationFactory

D = Decimal


def _compare(unit, places, direction, previous, current):
    return compare(
        unit=unit,
        decimal_places=places,
        direction=direction,
        current=D(current),
        previous=D(previous),
    )


@pytest.mark.parametrize(
    ("previous", "current", "text"),
    [
        ("142374", "119515", "Decrease (16%, -22,859)"),
        ("16140", "14068", "Decrease (13%, -2,072)"),
        ("57031", "96391", "Increase (69%, +39,360)"),
        ("120", "139", "Increase (16%, +19)"),
        ("2598", "2586", "Decrease (0.5%, -12)"),
        ("529", "524", "Decrease (1%, -5)"),
        ("43", "23", "Decrease (47%, -20)"),
        ("500", "500", "No change"),
    ],
)
def test_count_change_is_worded_as_in_the_panel_reports(previous, current, text):
    assert _compare("count", 0, "down", previous, current).text == text


def test_change_between_percentages_is_in_percentage_points():
    result = _compare("percentage", 1, "up", "77.3", "83.8")
    assert result.text == "+6.5 pp"
    assert result.change == D("6.5")
    assert result.assessment == "good"


def test_fall_in_percentage_points_has_a_minus_sign():
    assert _compare("percentage", 1, "up", "54.4", "44.3").text == "-10.1 pp"


def test_time_change_is_in_its_unit():
    assert _compare("minutes", 1, "down", "10.3", "10.2").text == "-0.1 min"
    assert _compare("minutes", 1, "down", "33.8", "34.5").text == "+0.7 min"
    assert _compare("seconds", 2, "down", "192.59", "105.18").text == "-87.41 sec"


def test_direction_of_good_decides_good_or_bad():
    assert _compare("count", 0, "down", "142374", "119515").assessment == "good"
    assert _compare("count", 0, "up", "20409", "22558").assessment == "good"
    assert _compare("count", 0, "down", "57031", "96391").assessment == "bad"
    assert _compare("count", 0, "neither", "232605", "195562").assessment == "neutral"


def test_no_previous_figure_is_said_plainly():
    result = compare(unit="count", decimal_places=0, direction="down", current=D(5), previous=None)
    assert result.text == "No previous figure"
    assert result.assessment == "unknown"


def test_money_change_is_in_pounds_million():
    assert _compare("money", 1, "up", "103.7", "108.7").text == "Increase (5%, +£5.0m)"


def test_small_relative_change_keeps_one_decimal():
    assert percent_text(D("-0.0046")) == "0.5%"
    assert percent_text(D("0.1606")) == "16%"


@pytest.mark.django_db
def test_target_met_follows_the_operator():
    measure = MeasureFactory(
        unit="minutes", decimal_places=1, target_operator="<", target_value=D("15")
    )
    assert target_met(measure, D("10.2")) is True
    assert target_met(measure, D("15")) is False
    assert target_met(Measure(unit="count"), D("1")) is None
    assert measure.target_text == "< 15 minutes"


@pytest.mark.django_db
def test_comparison_uses_the_same_period_a_year_earlier():
    measure = MeasureFactory(unit="count", direction_of_good="down")
    lancs = AreaFactory()
    ObservationFactory(
        measure=measure,
        area=lancs,
        period_start="2019-04-01",
        period_end="2020-03-31",
        value=142374,
    )
    current = ObservationFactory(measure=measure, area=lancs, value=119515)
    result = comparisons_for(observations=[current])[current.pk]
    assert result.text == "Decrease (16%, -22,859)"
    assert result.previous == D("142374")


@pytest.mark.django_db
def test_comparison_for_the_public_ignores_a_draft_previous_year(officer):
    measure = MeasureFactory()
    ObservationFactory(
        measure=measure,
        period_start="2019-04-01",
        period_end="2020-03-31",
        value=10,
        status="draft",
    )
    current = ObservationFactory(measure=measure, value=12)
    assert comparisons_for(observations=[current])[current.pk].previous is None
    staff_view = comparisons_for(observations=[current], user=officer, show_drafts=True)
    assert staff_view[current.pk].previous == D(10)


@pytest.mark.django_db
def test_comparisons_for_many_observations_take_one_query(django_assert_num_queries):
    lancs = AreaFactory()
    currents = []
    for n in range(20):
        measure = MeasureFactory()
        ObservationFactory(
            measure=measure,
            area=lancs,
            period_start="2019-04-01",
            period_end="2020-03-31",
            value=100 + n,
        )
        currents.append(ObservationFactory(measure=measure, area=lancs, value=110 + n))
    with django_assert_num_queries(1):
        results = comparisons_for(observations=currents)
    assert len(results) == 20
    assert all(r.has_previous for r in results.values())


def test_targets_print_in_their_own_unit():
    from core.formatting import format_target

    assert format_target("minutes", Decimal("60"), 1) == "1 hour"
    assert format_target("minutes", Decimal("2880"), 1) == "48 hours"
    assert format_target("minutes", Decimal("15"), 1) == "15 minutes"
    assert format_target("percentage", Decimal("90"), 1) == "90.0%"
