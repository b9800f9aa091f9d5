"""The dashboards' and staff pages' pickers: GET forms, so a chosen period is a shareable link."""

import datetime as dt

from django import forms

from core.periods import (
    KIND_LABELS,
    Period,
    financial_year_of,
    latest_complete_quarter,
    parse_quarter_code,
    recent_quarters,
)

from .selectors import period_key

KIND_GROUPS = {
    "rolling_12_months": "12 months",
    "financial_year": "12 months",
    "quarter": "Quarters",
    "month": "Months",
    "other": "Other periods",
}


def default_period(periods: list[Period]) -> Period | None:
    """The newest 12-month period (the reports' usual basis), else the newest quarter, else
    the newest period of any kind; `periods` come newest first."""
    for kinds in ({"rolling_12_months", "financial_year"}, {"quarter"}):
        for period in periods:
            if period.kind in kinds:
                return period
    return periods[0] if periods else None


class PeriodPickerForm(forms.Form):
    period = forms.ChoiceField(
        label="Period", required=False, widget=forms.Select(attrs={"class": "govuk-select"})
    )

    def __init__(self, data, *, periods: list[Period]):
        super().__init__(data if data and data.get("period") else None)
        self.periods = {period_key(p): p for p in periods}
        groups: dict[str, list] = {}
        for key, period in self.periods.items():
            groups.setdefault(KIND_GROUPS.get(period.kind, KIND_LABELS[period.kind]), []).append(
                (key, period.label)
            )
        self.fields["period"].choices = list(groups.items())
        self.default = default_period(periods)
        if self.default:
            self.fields["period"].initial = period_key(self.default)
        self.fields["period"].error_messages["invalid_choice"] = (
            "“%(value)s” is not a period with figures to show; showing the latest period instead."
        )

    @property
    def chosen_period(self) -> Period | None:
        """The chosen period, or the newest one when none (or an unknown one) was chosen."""
        if self.is_bound and self.is_valid() and self.cleaned_data["period"]:
            return self.periods[self.cleaned_data["period"]]
        return self.default


class QuarterPickerForm(forms.Form):
    """The quarter of the outstanding-data page (?quarter=2020-Q4 is January–March 2021);
    an unknown one is explained and the latest complete quarter shown instead."""

    quarter = forms.CharField(required=False)

    def __init__(self, data, *, today: dt.date):
        super().__init__(data)
        # Any text, NUL bytes included, gets the one explanation below.
        self.fields["quarter"].validators.clear()
        self.today = today
        self.latest = latest_complete_quarter(today)
        self.choices = [(p.quarter_code, p.label) for p in recent_quarters(today)]

    def clean_quarter(self) -> Period | None:
        text = self.cleaned_data["quarter"]
        if not text:
            return None
        problem = f"“{text}” is not a quarter such as 2020-Q4; showing {self.latest.label}."
        try:
            quarter = parse_quarter_code(text)
        except ValueError:
            raise forms.ValidationError(problem) from None
        if not 1990 <= financial_year_of(quarter.start) <= self.today.year:
            raise forms.ValidationError(problem)
        return quarter

    @property
    def chosen_quarter(self) -> Period:
        return (self.is_valid() and self.cleaned_data["quarter"]) or self.latest

    @property
    def problem(self) -> str:
        return " ".join(self.errors.get("quarter", []))


class SeriesKindForm(forms.Form):
    """?kind=quarter on a measure's page: which kind of period its chart and table follow."""

    kind = forms.ChoiceField(choices=[("", ""), *KIND_LABELS.items()], required=False)

    @property
    def kind_asked(self) -> str | None:
        """The kind asked for, or None for none (or one that is not a kind of period)."""
        return (self.is_valid() and self.cleaned_data["kind"]) or None
