import datetime as dt

from core.periods import Period


def test_financial_year_reads_as_twelve_months_to_march():
    period = Period.financial_year(2020)
    assert period == Period(dt.date(2020, 4, 1), dt.date(2021, 3, 31))
    assert period.kind == "financial_year"
    assert period.label == "12 months to March 2021"


def test_quarter_four_is_january_to_march():
    period = Period.quarter(2020, 4)
    assert (period.start, period.end) == (dt.date(2021, 1, 1), dt.date(2021, 3, 31))
    assert period.label == "Q4 2020/21"
    assert Period.quarter(2020, 2).label == "Q2 2020/21"


def test_month_and_rolling_twelve_months():
    assert Period.month(2021, 3).label == "March 2021"
    rolling = Period.twelve_months_to(dt.date(2021, 6, 30))
    assert rolling.start == dt.date(2020, 7, 1)
    assert rolling.kind == "rolling_12_months"
    assert rolling.label == "12 months to June 2021"


def test_previous_equivalent_is_a_year_earlier_and_keeps_month_ends():
    assert Period.financial_year(2020).previous_equivalent() == Period.financial_year(2019)
    feb = Period.month(2021, 2)
    assert feb.previous_equivalent() == Period(dt.date(2020, 2, 1), dt.date(2020, 2, 29))
    assert Period.quarter(2020, 4).previous_equivalent() == Period.quarter(2019, 4)


def test_irregular_period_is_other():
    period = Period(dt.date(2021, 1, 5), dt.date(2021, 2, 10))
    assert period.kind == "other"
    assert period.label == "5 January 2021 to 10 February 2021"
