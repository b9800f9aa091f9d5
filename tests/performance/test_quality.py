"""Data-quality warnings (performance/quality.py)."""

import datetime as dt
from decimal import Decimal

import pytest

from core.periods import Period
from performance.imports.spreadsheet import plan_import
from performance.quality import previous_in_series, quality_warnings, robust_z
from tests.factories import AreaFactory, MeasureFactory, ObservationFactory
from tests.performance.factories import observation
from tests.performance.import_helpers import csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def area():
    return AreaFactory()


def _series(measure, area, values, first=(2019, 1)):
    """Stored quarterly values from Q`first[1]` of financial year `first[0]` on."""
    year, number = first
    made = []
    for value in values:
        period = Period.quarter(year, number)
        made.append(observation(measure, area, period, value))
        year, number = (year + 1, 1) if number == 4 else (year, number + 1)
    return made


def _candidate(measure, area, value, quarter=(2021, 1)):
    period = Period.quarter(*quarter)
    return ObservationFactory.build(
        measure=measure,
        area=area,
        period_start=period.start,
        period_end=period.end,
        value=Decimal(value),
    )


def _checks(found):
    return [w.check for w in found]


def test_robust_z_uses_median_and_mad_and_needs_four_values():
    assert robust_z(Decimal("100"), [Decimal(v) for v in ("98", "100", "102")]) is None
    history = [Decimal(v) for v in ("96", "100", "104", "100", "1000")]
    # Median 100, MAD 4: the stray 1000 in the history does not mask an outlier.
    assert robust_z(Decimal("140"), history) == Decimal("0.6745") * 40 / 4
    assert robust_z(Decimal("100"), [Decimal("5")] * 6) is None  # a flat series has no scale


def test_value_far_from_history_is_an_outlier(area):
    measure = MeasureFactory(frequency="quarter")
    _series(measure, area, ["100", "104", "98", "101", "99", "103", "97", "100"])

    [far] = quality_warnings(candidates=[_candidate(measure, area, "160")])
    [near] = quality_warnings(candidates=[_candidate(measure, area, "106")])

    assert _checks(far) == ["outlier"]
    assert far[0].message == (
        "160 is far from the recent figures for Lancashire (median 100 of the last 8): check it."
    )
    assert near == []


def test_outlier_compares_like_periods_only(area):
    measure = MeasureFactory(frequency="quarter")
    _series(measure, area, ["100", "104", "98", "101"])
    for year, value in [(2015, "400"), (2016, "410"), (2017, "395"), (2018, "405")]:
        observation(measure, area, Period.financial_year(year), value)
    # Against the annual figures too, 400 would look ordinary; against the quarters it is not.
    [found] = quality_warnings(candidates=[_candidate(measure, area, "400", quarter=(2020, 1))])
    assert _checks(found) == ["outlier"]


def test_total_that_is_not_the_sum_of_its_parts_is_flagged_on_every_figure_involved(area):
    total = MeasureFactory(code="all-sexual-offences", name="All sexual offences")
    rape = MeasureFactory(code="rape", name="Rape")
    other = MeasureFactory(code="other-sexual", name="Other sexual offences")
    total.parts.set([rape, other])
    ObservationFactory(measure=rape, area=area, value=Decimal("1200"))
    stored_other = ObservationFactory(measure=other, area=area, value=Decimal("2000"))

    wrong_total = ObservationFactory.build(measure=total, area=area, value=Decimal("3250"))
    [found] = quality_warnings(candidates=[wrong_total])
    assert [w.message for w in found] == [
        "All sexual offences for 12 months to March 2021 is 3,250 but its parts add up to "
        "3,200 (Other sexual offences 2,000 + Rape 1,200)."
    ]

    right_total = ObservationFactory.build(measure=total, area=area, value=Decimal("3200"))
    assert quality_warnings(candidates=[right_total]) == [[]]

    # A part imported with the total already stored is checked too.
    ObservationFactory(measure=total, area=area, value=Decimal("3200"))
    stored_other.value = Decimal("2100")
    [found] = quality_warnings(candidates=[stored_other])
    assert _checks(found) == ["parts"]


def test_parts_are_not_checked_while_a_part_is_missing(area):
    total = MeasureFactory()
    total.parts.set([MeasureFactory(), MeasureFactory()])
    candidate = ObservationFactory.build(measure=total, area=area, value=Decimal("5"))
    assert quality_warnings(candidates=[candidate]) == [[]]


def test_percentage_entered_as_a_proportion_is_flagged(area):
    measure = MeasureFactory(percentage=True, frequency="quarter")
    _series(measure, area, ["83.8", "85.1", "82.9"])
    [found] = quality_warnings(candidates=[_candidate(measure, area, "0.84", quarter=(2019, 4))])
    assert _checks(found) == ["percentage_scale"]
    assert "0.84 looks like a proportion, not a percentage" in found[0].message


def test_percentage_that_looks_like_a_count_is_flagged_once(area):
    measure = MeasureFactory(percentage=True, frequency="quarter")
    _series(measure, area, ["83.8", "85.1", "82.9", "84.4", "83.1"])
    [count_like] = quality_warnings(candidates=[_candidate(measure, area, "12", quarter=(2020, 2))])
    [whole_but_usual] = quality_warnings(
        candidates=[_candidate(measure, area, "84", quarter=(2020, 2))]
    )
    assert _checks(count_like) == ["percentage_scale"]
    assert "12 is a whole number far from this measure's usual percentages" in count_like[0].message
    assert whole_but_usual == []


def test_a_gap_before_the_value_is_a_missing_quarter(area):
    measure = MeasureFactory(frequency="quarter")
    _series(measure, area, ["100", "101", "102"], first=(2020, 1))  # Q1–Q3 2020/21
    [gap] = quality_warnings(candidates=[_candidate(measure, area, "101", quarter=(2021, 1))])
    [next_one] = quality_warnings(candidates=[_candidate(measure, area, "101", quarter=(2020, 4))])
    assert [w.message for w in gap] == [
        "There is no value for Q4 2020/21, the quarter before Q1 2021/22, for Lancashire: a gap "
        "in the series."
    ]
    assert next_one == []


def test_first_value_of_a_series_has_no_gap(area):
    measure = MeasureFactory(frequency="quarter")
    assert quality_warnings(candidates=[_candidate(measure, area, "5")]) == [[]]


def test_a_batch_fills_its_own_gaps(area):
    measure = MeasureFactory(frequency="quarter")
    _series(measure, area, ["100"], first=(2020, 1))
    batch = [_candidate(measure, area, "101", quarter=q) for q in ((2020, 2), (2020, 3))]
    assert quality_warnings(candidates=batch) == [[], []]


@pytest.mark.parametrize(
    ("period", "previous"),
    [
        (Period.quarter(2021, 1), Period.quarter(2020, 4)),
        (Period.month(2021, 1), Period.month(2020, 12)),
        (Period.financial_year(2021), Period.financial_year(2020)),
        (
            Period.twelve_months_to(dt.date(2021, 6, 1)),
            Period.twelve_months_to(dt.date(2021, 3, 1)),
        ),
        (Period(dt.date(2021, 4, 3), dt.date(2021, 5, 9)), None),
    ],
)
def test_previous_period_in_a_series(period, previous):
    assert previous_in_series(period) == previous


def test_quality_check_queries_do_not_grow_with_the_batch(area, django_assert_max_num_queries):
    measure = MeasureFactory(frequency="quarter")
    _series(measure, area, ["100"] * 8)
    batch = [_candidate(measure, area, "100", quarter=(2030 + n, 1)) for n in range(40)]
    with django_assert_max_num_queries(4):
        quality_warnings(candidates=batch)


def test_import_preview_carries_the_warnings(area):
    measure = MeasureFactory(code="lvs-referrals", frequency="quarter")
    _series(measure, area, ["100", "104", "98", "101"])
    plan = plan_import(csv_bytes("lvs-referrals,,2020-04-01,2020-06-30,900,"), "q.csv")
    assert plan.ok
    assert [w.check for w in plan.rows[0].warnings] == ["outlier"]
    assert plan.warning_count == 1
