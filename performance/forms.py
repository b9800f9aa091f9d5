"""The dashboards' and staff pages' pickers (GET forms, so a chosen period is a shareable
link) and the quarter's entry grid."""

import datetime as dt
from collections.abc import Callable

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
from .staff_selectors import plan_quarters

KIND_GROUPS = {
    "rolling_12_months": "12 months",
    "financial_year": "12 months",
    "quarter": "Quarters",
    "month": "Months",
    "other": "Other periods",
}


# The kinds a dashboard opens on, in order of preference: 12 months (the reports' usual
# basis), then quarters.
DEFAULT_KINDS = ({"rolling_12_months", "financial_year"}, {"quarter"})
# How many of the newest periods of a kind a dashboard weighs up when it opens.
RECENT_PERIODS = 8


def _recent(periods: list[Period], kinds: set[str]) -> list[Period]:
    return [p for p in periods if p.kind in kinds][:RECENT_PERIODS]


def default_candidates(periods: list[Period]) -> list[Period]:
    """The periods a dashboard may open on: the newest RECENT_PERIODS of each preferred kind."""
    return [p for kinds in DEFAULT_KINDS for p in _recent(periods, kinds)]


def default_period(
    periods: list[Period], coverage: dict[Period, int] | None = None
) -> Period | None:
    """The period a dashboard opens on: of the newest 12-month periods (else quarters), the
    newest that at least half as many measures report as the best reported of them, so that a
    lone newer figure (one table published ahead of the rest) does not open a dashboard of
    empty rows; else the newest period of any kind. `periods` come newest first; `coverage`
    gives how many measures report each (without it, the newest of the kind)."""
    for kinds in DEFAULT_KINDS:
        candidates = _recent(periods, kinds)
        if not candidates:
            continue
        if not coverage:
            return candidates[0]
        best = max(coverage.get(p, 0) for p in candidates)
        return next(p for p in candidates if 2 * coverage.get(p, 0) >= best)
    return periods[0] if periods else None


class PeriodPickerForm(forms.Form):
    period = forms.ChoiceField(
        label="Period", required=False, widget=forms.Select(attrs={"class": "govuk-select"})
    )

    def __init__(
        self,
        data,
        *,
        periods: list[Period],
        coverage_of: Callable[[list[Period]], dict[Period, int]] | None = None,
    ):
        """`coverage_of(candidates)` counts the measures each candidate period has; it is asked
        only when the dashboard opens on its default (no period, or an unknown one, chosen)."""
        super().__init__(data if data and data.get("period") else None)
        self.periods = {period_key(p): p for p in periods}
        groups: dict[str, list] = {}
        for key, period in self.periods.items():
            groups.setdefault(KIND_GROUPS.get(period.kind, KIND_LABELS[period.kind]), []).append(
                (key, period.label)
            )
        self.fields["period"].choices = list(groups.items())
        self.fields["period"].error_messages["invalid_choice"] = (
            "“%(value)s” is not a period with figures to show; showing the latest period instead."
        )
        self.default = None
        if not (self.is_bound and self.is_valid() and self.cleaned_data["period"]):
            coverage = coverage_of(default_candidates(periods)) if coverage_of else None
            self.default = default_period(periods, coverage)
            if self.default:
                self.fields["period"].initial = period_key(self.default)

    @property
    def chosen_period(self) -> Period | None:
        """The chosen period, or the default one when none (or an unknown one) was chosen."""
        if self.is_bound and self.is_valid() and self.cleaned_data["period"]:
            return self.periods[self.cleaned_data["period"]]
        return self.default


def plain_number(value) -> str:
    """A stored value as an officer would type it: 108.7, not 108.7000."""
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    return text


class QuarterEntryForm(forms.Form):
    """The quarter's grid: a value and a note for every figure due, and each priority's
    commentary. Values are read like spreadsheet cells (22,859 · 83.8% · £108.7) and checked
    by the same rules as every other way in; nothing is saved if any is refused."""

    def __init__(self, data=None, *, sections, check_url: str):
        super().__init__(data)
        self.sections = sections
        for section in sections:
            for row in section.rows:
                if not row.is_locked:
                    self._add_row_fields(row, check_url)
            text = section.commentary.text if section.commentary else ""
            self.fields[f"commentary-{section.priority.pk}"] = forms.CharField(
                label=f"Commentary on {section.priority.title}",
                required=False,
                initial=text,
                strip=True,
                widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 4}),
            )

    def _add_row_fields(self, row, check_url: str) -> None:
        observation = row.observation
        query = f"?measure={row.measure.pk}&start={row.period.start}&end={row.period.end}"
        self.fields[f"value-{row.key}"] = forms.CharField(
            label=f"{row.measure.name}, {row.period.label}",
            required=False,
            initial=plain_number(observation.value) if observation else "",
            widget=forms.TextInput(
                attrs={
                    "class": "govuk-input govuk-input--width-10 opcc-entry-value",
                    "inputmode": "decimal",
                    "autocomplete": "off",
                    "data-check-url": check_url + query,
                    "data-output": f"check-{row.key}",
                    "aria-describedby": f"unit-{row.key} check-{row.key}",
                }
            ),
        )
        self.fields[f"note-{row.key}"] = forms.CharField(
            label="Note",
            required=False,
            initial=observation.note if observation else "",
            widget=forms.TextInput(attrs={"class": "govuk-input opcc-entry-note"}),
        )

    @property
    def grid(self):
        """The sections with each row's bound fields, for the template."""
        for section in self.sections:
            rows = [
                (
                    row,
                    None if row.is_locked else self[f"value-{row.key}"],
                    None if row.is_locked else self[f"note-{row.key}"],
                )
                for row in section.rows
            ]
            yield section, rows, self[f"commentary-{section.priority.pk}"]

    def clean(self):
        from performance.imports.spreadsheet import parse_value  # the importers' cell reader

        from .models import observation_problems

        cleaned = super().clean()
        self.values = {}
        for section in self.sections:
            for row in section.rows:
                name = f"value-{row.key}"
                text = (cleaned.get(name) or "").strip()
                if row.is_locked or not text:
                    continue
                try:
                    value = parse_value(text, row.measure.unit)
                except ValueError as error:
                    self.add_error(name, str(error))
                    continue
                problems = observation_problems(
                    measure=row.measure,
                    period_start=row.period.start,
                    period_end=row.period.end,
                    value=value,
                )
                for message in problems.values():
                    self.add_error(name, message)
                if not problems:
                    self.values[row.key] = value
        return cleaned

    def changes(self, *, area):
        """The figures and commentary that differ from what is stored, ready to save."""
        from .models import Commentary, Observation

        figures, texts = [], []
        for section in self.sections:
            for row in section.rows:
                value = self.values.get(row.key)
                note = self.cleaned_data.get(f"note-{row.key}") or ""
                observation = row.observation
                if row.is_locked or value is None:
                    continue
                if observation is None:
                    observation = Observation(
                        measure=row.measure,
                        area=area,
                        period_start=row.period.start,
                        period_end=row.period.end,
                    )
                elif observation.value == value and observation.note == note:
                    continue
                observation.value, observation.note = value, note
                figures.append(observation)
            text = self.cleaned_data.get(f"commentary-{section.priority.pk}") or ""
            stored = section.commentary
            if text and (stored is None or stored.text != text):
                period = section.period
                stored = stored or Commentary(
                    priority=section.priority, period_start=period.start, period_end=period.end
                )
                stored.text = text
                texts.append(stored)
        return figures, texts


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


class EntryCheckForm(forms.Form):
    """The grid's live check of one typed value: ?measure=PK&start=DATE&end=DATE&value=TEXT."""

    VALUE_LIMIT = 40

    measure = forms.ModelChoiceField(queryset=None)
    start = forms.DateField(input_formats=["%Y-%m-%d"])
    end = forms.DateField(input_formats=["%Y-%m-%d"])
    value = forms.CharField(required=False, strip=False)

    def __init__(self, data):
        from .models import Measure

        super().__init__(data)
        self.fields["measure"].queryset = Measure.objects.all()

    def clean_value(self) -> str:
        return self.cleaned_data["value"][: self.VALUE_LIMIT]

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data["start"], self.cleaned_data["end"])


class StaffPickerForm(forms.Form):
    """The plan, priorities and quarter of a staff page: ?scope=PLAN (every priority) or
    ?scope=PLAN/priority, and ?quarter=2020-Q4 among the plan's quarters. Anything else shows
    the default (the newest plan's first priority, or the whole plan, and its latest quarter)
    and says so for a quarter."""

    scope = forms.ChoiceField(required=False)
    quarter = forms.ChoiceField(required=False)

    def __init__(self, data, *, plans, today: dt.date, whole_plan: bool = False):
        super().__init__(data)
        self.targets: dict[str, tuple] = {}
        choices = []
        for plan in plans:
            priorities = list(plan.priorities.all())
            options = [(plan.code, f"Every priority of {plan.title}")]
            self.targets[plan.code] = (plan, priorities)
            for priority in priorities:
                options.append((f"{plan.code}/{priority.code}", priority.title))
                self.targets[options[-1][0]] = (plan, [priority])
            choices.append((plan.title, options))
        self.fields["scope"].choices = choices
        self.default_scope = ""
        if plans:
            plan, priorities = plans[0], self.targets[plans[0].code][1]
            whole = whole_plan or not priorities
            self.default_scope = plan.code if whole else f"{plan.code}/{priorities[0].code}"
        asked = self.data.get("scope", "")
        plan = self.targets.get(asked, self.targets.get(self.default_scope, (None,)))[0]
        self.quarters = plan_quarters(plan, today) if plan else []
        self.fields["quarter"].choices = [(q.quarter_code, q.label) for q in self.quarters]
        self.is_valid()

    @property
    def chosen_scope(self) -> str:
        return self.cleaned_data.get("scope") or self.default_scope

    @property
    def plan_and_priorities(self) -> tuple:
        return self.targets.get(self.chosen_scope, (None, []))

    @property
    def chosen_quarter(self) -> Period | None:
        code = self.cleaned_data.get("quarter")
        chosen = [q for q in self.quarters if q.quarter_code == code]
        return (chosen or self.quarters or [None])[0]

    @property
    def quarter_problem(self) -> str:
        if "quarter" not in self.errors or not self.quarters:
            return ""
        return (
            f"“{self.data.get('quarter')}” is not a quarter of this plan; "
            f"showing {self.quarters[0].label}."
        )
