"""Reporting periods: UK financial years (April–March), quarters, months, rolling 12 months.

A period is only a start and an end date; its kind and its label follow from them, so an
officer never types "Q4 2020/21" and a typo can never disagree with the dates.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

MONTH = "month"
QUARTER = "quarter"
FINANCIAL_YEAR = "financial_year"
ROLLING_12_MONTHS = "rolling_12_months"
OTHER = "other"

KIND_LABELS = {
    MONTH: "Month",
    QUARTER: "Quarter",
    FINANCIAL_YEAR: "Financial year",
    ROLLING_12_MONTHS: "Rolling 12 months",
    OTHER: "Other period",
}


@cache  # every period's kind asks for it; there are few months and many figures
def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of month `months` later, clipped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def financial_year_of(day: dt.date) -> int:
    """The calendar year in which the financial year containing `day` starts."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


FINANCIAL_YEAR_PATTERN = re.compile(r"^(\d{4})[/-](\d{2})$")
QUARTER_CODE_PATTERN = re.compile(r"^(\d{4})-Q([1-4])$")


def parse_financial_year(text: str) -> int:
    """'2020/21' (or '2020-21') → 2020, the calendar year the financial year starts in."""
    match = FINANCIAL_YEAR_PATTERN.match(text.strip())
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise ValueError(f"“{text}” is not a financial year; write it as 2020/21.")
    return int(match[1])


def quarter_number(day: dt.date) -> int:
    """1–4: the quarter of the financial year (April–June is 1) that contains `day`."""
    return (day.month - 4) % 12 // 3 + 1


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date

    @classmethod
    def financial_year(cls, start_year: int) -> "Period":
        return cls(dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31))

    @classmethod
    def quarter(cls, start_year: int, number: int) -> "Period":
        """Quarter `number` (1–4) of the financial year starting in April `start_year`."""
        start = add_months(dt.date(start_year, 4, 1), 3 * (number - 1))
        end = add_months(start, 3) - dt.timedelta(days=1)
        return cls(start, end)

    @classmethod
    def quarter_of(cls, day: dt.date) -> "Period":
        """The financial quarter that contains `day`."""
        return cls.quarter(financial_year_of(day), quarter_number(day))

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        return cls(dt.date(year, month, 1), month_end(year, month))

    @classmethod
    def twelve_months_to(cls, end: dt.date) -> "Period":
        return cls(add_months(end.replace(day=1), -11), month_end(end.year, end.month))

    @property
    def months(self) -> int | None:
        """Whole calendar months covered, or None when the dates are not month-aligned."""
        if self.start.day != 1 or self.end != month_end(self.end.year, self.end.month):
            return None
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def kind(self) -> str:
        months = self.months
        if months == 1:
            return MONTH
        if months == 3 and self.start.month in (1, 4, 7, 10):
            return QUARTER
        if months == 12:
            return FINANCIAL_YEAR if self.start.month == 4 else ROLLING_12_MONTHS
        return OTHER

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def label(self) -> str:
        kind = self.kind
        if kind == MONTH:
            return self.start.strftime("%B %Y")
        if kind == QUARTER:
            fy = financial_year_of(self.start)
            return f"Q{quarter_number(self.start)} {financial_year_label(fy)}"
        if kind in (FINANCIAL_YEAR, ROLLING_12_MONTHS):
            return f"12 months to {self.end.strftime('%B %Y')}"
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"

    @property
    def short_label(self) -> str:
        """Compact form for table headings and chart axes: 'Apr 20 – Mar 21'."""
        if self.kind == MONTH:
            return self.start.strftime("%b %Y")
        if self.kind == QUARTER:
            return self.label
        return f"{self.start:%b %y} – {self.end:%b %y}"

    def previous_equivalent(self) -> "Period":
        """The same period one year earlier: the basis of every year-on-year comparison."""
        return self.shifted(-12)

    def shifted(self, months: int) -> "Period":
        """The period of the same length `months` later (earlier when negative)."""
        if self.months is not None:
            start = add_months(self.start, months)
            return Period(start, add_months(start, self.months) - dt.timedelta(days=1))
        return Period(add_months(self.start, months), add_months(self.end, months))

    @property
    def quarter_code(self) -> str:
        """A quarter as written in a link: 2020-Q4 is January to March 2021."""
        return f"{financial_year_of(self.start)}-Q{quarter_number(self.start)}"

    def __str__(self) -> str:
        return self.label


class PeriodFields:
    """For a record that keeps its period as `period_start` and `period_end` (a figure, its
    source, commentary, a quarterly judgement, a row of an import): the period they make."""

    __slots__ = ()

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.period_end)


def parse_quarter_code(text: str) -> Period:
    """2020-Q4 → the fourth quarter of 2020/21; ValueError for anything else."""
    match = QUARTER_CODE_PATTERN.match(text.strip())
    if not match:
        raise ValueError(f"“{text}” is not a quarter such as 2020-Q4.")
    return Period.quarter(int(match[1]), int(match[2]))


def latest_complete_quarter(today: dt.date) -> Period:
    """The last financial quarter that ended before `today` (Q3 2020/21 on 5 January 2021)."""
    return Period.quarter_of(today).shifted(-3)


def recent_quarters(today: dt.date, count: int = 8) -> list[Period]:
    """The `count` quarters that ended before `today`, newest first."""
    latest = latest_complete_quarter(today)
    return [latest.shifted(-3 * n) for n in range(count)]


def report_periods(period_end: dt.date) -> tuple[Period, Period, Period | None]:
    """What the Performance Monitoring Report for `period_end` covers: the 12 months to it,
    the 12 months before, and the quarter ending then (None when it ends mid-quarter)."""
    period = Period.twelve_months_to(period_end)
    end = month_end(period_end.year, period_end.month)
    quarter = Period(add_months(end.replace(day=1), -2), end)
    return period, period.previous_equivalent(), quarter if quarter.kind == QUARTER else None
