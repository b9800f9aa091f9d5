"""Reads for the staff pages: outstanding data and a measure's change history.

Kept apart from selectors.py (the public dashboards' reads) because everything here shows
unpublished material and is served to OPCC staff only.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max

from core.comparisons import compare_measure, target_met
from core.formatting import format_value
from core.periods import Period, add_months, latest_complete_quarter

from .models import (
    Area,
    Commentary,
    Frequency,
    Measure,
    Observation,
    Plan,
    Priority,
    PriorityMeasure,
    Status,
    observation_problems,
)
from .quality import previous_in_series, quality_warnings

LIST_LIMIT = 200
MAX_PLAN_QUARTERS = 40  # a ten-year plan; bounds the period choices


def expected_periods(frequency: str, quarter: Period) -> list[Period]:
    """The periods a measure of `frequency` should have a value for, once `quarter` is over."""
    if frequency == Frequency.QUARTER:
        return [quarter]
    if frequency == Frequency.MONTH:
        return [
            Period.month(day.year, day.month)
            for day in (add_months(quarter.start, n) for n in range(3))
        ]
    return [Period.twelve_months_to(quarter.end)]


@dataclass
class MissingValue:
    measure: Measure
    periods: list[Period]
    latest_end: dt.date | None


@dataclass
class Outstanding:
    quarter: Period
    area: Area | None
    missing: list[MissingValue] = field(default_factory=list)
    drafts: list[Observation] = field(default_factory=list)
    draft_count: int = 0
    drafts_by_author: list[tuple[str, int]] = field(default_factory=list)
    verified: list[Observation] = field(default_factory=list)
    verified_count: int = 0


def outstanding_data(*, quarter: Period) -> Outstanding:
    """Measures without a force-wide value for the quarter, and figures awaiting sign-off.

    A fixed number of queries whatever the number of measures and figures.
    """
    area = Area.objects.home_force()
    result = Outstanding(quarter=quarter, area=area)
    if area is not None:
        result.missing = _missing_values(quarter, area)
    pending = Observation.objects.select_related("measure", "area", "entered_by", "verified_by")
    drafts = pending.filter(status=Status.DRAFT).order_by(
        "entered_by__username", "measure__name", "area__position", "-period_end"
    )
    result.drafts = list(drafts[:LIST_LIMIT])
    result.draft_count = drafts.count()
    authors = (
        Observation.objects.filter(status=Status.DRAFT)
        .values("entered_by__username")
        .annotate(count=Count("pk"))
        .order_by("entered_by__username")
    )
    result.drafts_by_author = [
        (row["entered_by__username"] or "unknown", row["count"]) for row in authors
    ]
    verified = pending.filter(status=Status.VERIFIED).order_by(
        "measure__name", "area__position", "-period_end"
    )
    result.verified = list(verified[:LIST_LIMIT])
    result.verified_count = verified.count()
    return result


def _missing_values(quarter: Period, area: Area) -> list[MissingValue]:
    measures = list(Measure.objects.order_by("name"))
    wanted = {m.pk: expected_periods(m.frequency, quarter) for m in measures}
    ends = {p.end for periods in wanted.values() for p in periods}
    present = set(
        Observation.objects.filter(area=area, period_end__in=ends).values_list(
            "measure_id", "period_start", "period_end"
        )
    )
    latest = dict(
        Observation.objects.filter(area=area)
        .values("measure_id")
        .annotate(latest=Max("period_end"))
        .values_list("measure_id", "latest")
    )
    missing = []
    for measure in measures:
        lacking = [p for p in wanted[measure.pk] if (measure.pk, p.start, p.end) not in present]
        if lacking:
            missing.append(MissingValue(measure, lacking, latest.get(measure.pk)))
    return missing


@dataclass
class Change:
    """One line of a measure's history: who changed which figure, when, from what to what."""

    when: dt.datetime
    user: str
    what: str
    kind: str
    old_value: Decimal | None = None
    new_value: Decimal | None = None
    old_status: str = ""
    new_status: str = ""
    reason: str = ""
    details: list[str] = field(default_factory=list)


HISTORY_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}
MEASURE_FIELDS = [
    "name",
    "code",
    "unit",
    "decimal_places",
    "direction_of_good",
    "frequency",
    "target_operator",
    "target_value",
    "source",
    "notes",
]


def measure_history(*, measure: Measure) -> list[Change]:
    """Every recorded change to the measure and its figures, newest first, in two queries."""
    changes = _measure_changes(measure) + _observation_changes(measure)
    return sorted(changes, key=lambda change: change.when, reverse=True)


def _user_name(record) -> str:
    return record.history_user.get_username() if record.history_user else "–"


def _measure_changes(measure: Measure) -> list[Change]:
    records = list(
        Measure.history.filter(id=measure.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    changes, previous = [], None
    for record in records:
        details = []
        if previous is not None:
            details = [
                f"{name}: {getattr(previous, name)!s} → {getattr(record, name)!s}"
                for name in MEASURE_FIELDS
                if getattr(previous, name) != getattr(record, name)
            ]
        changes.append(
            Change(
                record.history_date,
                _user_name(record),
                "Measure definition",
                HISTORY_TYPES[record.history_type],
                reason=record.history_change_reason or "",
                details=details,
            )
        )
        previous = record
    return changes


def _observation_changes(measure: Measure) -> list[Change]:
    records = (
        Observation.history.filter(measure_id=measure.pk)
        .select_related("history_user", "area")
        .order_by("id", "history_date", "history_id")
    )
    changes, previous = [], {}
    statuses = dict(Status.choices)
    for record in records:
        before = previous.get(record.id)
        period = Period(record.period_start, record.period_end)
        changes.append(
            Change(
                record.history_date,
                _user_name(record),
                f"{record.area.name if record.area else 'Unknown area'}, {period.label}",
                HISTORY_TYPES[record.history_type],
                old_value=before.value if before else None,
                new_value=record.value,
                old_status=statuses.get(before.status, "") if before else "",
                new_status=statuses.get(record.status, record.status),
                reason=record.history_change_reason or "",
            )
        )
        previous[record.id] = record
    return changes


# The quarter's grid, its live check, the lead's review and the quarter's progress ---------


def plan_quarters(plan: Plan, today: dt.date) -> list[Period]:
    """The financial quarters of a plan's term that have ended by `today`, newest first."""
    latest = latest_complete_quarter(today)
    quarters = []
    quarter = Period.quarter_of(plan.start)
    while quarter.start <= min(plan.end, latest.end) and len(quarters) < MAX_PLAN_QUARTERS:
        quarters.append(quarter)
        quarter = quarter.shifted(3)
    return quarters[::-1]


@dataclass
class EntryRow:
    """One figure due in the quarter: a measure, a period, what is stored and what it is
    compared with."""

    measure: Measure
    period: Period
    observation: Observation | None
    previous_period: Period | None
    previous: Decimal | None
    year_earlier: Decimal | None
    warnings: list = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.measure.pk}-{self.period.start:%Y%m%d}-{self.period.end:%Y%m%d}"

    @property
    def comparison(self):
        if self.observation is None:
            return None
        return compare_measure(self.measure, self.observation.value, self.year_earlier)

    @property
    def is_locked(self) -> bool:
        """Published figures change only by a revision with a reason, not in the grid."""
        return self.observation is not None and self.observation.status == Status.PUBLISHED


@dataclass
class EntrySection:
    priority: Priority
    period: Period  # the quarter, which the commentary is written for
    rows: list[EntryRow]
    commentary: Commentary | None


def force_area() -> Area | None:
    return Area.objects.home_force()


def quarter_entry(*, priorities: list[Priority], quarter: Period, area: Area) -> list[EntrySection]:
    """Every figure due from the priorities' measures for the quarter, in the plan's order,
    with the stored value, the period before, the same period a year earlier and any
    warnings, and each priority's commentary for the quarter. A fixed number of queries
    whatever the number of measures."""
    links = list(
        PriorityMeasure.objects.filter(priority__in=priorities)
        .select_related("measure")
        .order_by("position", "measure__name")
    )
    due = {link.measure.pk: expected_periods(link.measure.frequency, quarter) for link in links}
    measures = {link.measure.pk: link.measure for link in links}
    stored = _stored_values(measures, due, area)
    rows: dict[tuple, EntryRow] = {}
    for link in links:
        for period in due[link.measure.pk]:
            key = (link.measure.pk, period)
            if key not in rows:
                rows[key] = _entry_row(link.measure, period, stored)
    current = [row.observation for row in rows.values() if row.observation is not None]
    for observation, found in zip(current, quality_warnings(candidates=current), strict=True):
        rows[(observation.measure_id, observation.period)].warnings = found
    texts = {
        c.priority_id: c
        for c in Commentary.objects.filter(
            priority__in=priorities, period_start=quarter.start, period_end=quarter.end
        )
    }
    return [
        EntrySection(
            priority,
            quarter,
            [
                rows[(link.measure.pk, period)]
                for link in links
                if link.priority_id == priority.pk
                for period in due[link.measure.pk]
            ],
            texts.get(priority.pk),
        )
        for priority in priorities
    ]


def _stored_values(measures: dict, due: dict, area: Area) -> dict:
    """(measure id, period) → Observation, for the due periods and those they compare with."""
    wanted = set()
    for periods in due.values():
        for period in periods:
            wanted |= {period.end, period.previous_equivalent().end}
            previous = previous_in_series(period)
            if previous:
                wanted.add(previous.end)
    found = Observation.objects.filter(
        measure_id__in=measures, area=area, period_end__in=wanted
    ).select_related("entered_by", "returned_by")
    stored = {}
    for observation in found:
        observation.measure = measures[observation.measure_id]
        observation.area = area
        stored[(observation.measure_id, observation.period)] = observation
    return stored


def _entry_row(measure: Measure, period: Period, stored: dict) -> EntryRow:
    previous_period = previous_in_series(period)
    previous = stored.get((measure.pk, previous_period))
    year_earlier = stored.get((measure.pk, period.previous_equivalent()))
    return EntryRow(
        measure,
        period,
        stored.get((measure.pk, period)),
        previous_period,
        previous.value if previous else None,
        year_earlier.value if year_earlier else None,
    )


@dataclass
class EntryCheck:
    """What the grid shows as a value is typed, before it is saved."""

    error: str = ""
    value_text: str = ""
    comparison: str = ""
    assessment: str = ""
    target: str = ""
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "error": self.error,
            "value_text": self.value_text,
            "comparison": self.comparison,
            "assessment": self.assessment,
            "target": self.target,
            "warnings": self.warnings,
        }


@dataclass(frozen=True)
class Candidate:
    """A typed value not yet saved, as the quality checks read it."""

    measure: Measure
    area: Area
    period_start: dt.date
    period_end: dt.date
    value: Decimal


def entry_check(*, measure: Measure, area: Area, period: Period, text: str) -> EntryCheck:
    """The grid's live check of a typed value: the same parsing and rules as every import,
    the comparison every page prints, and the warnings the lead will see. Six queries."""
    from performance.imports.spreadsheet import parse_value  # the importers' cell reader

    if not str(text).strip():
        return EntryCheck()
    try:
        value = parse_value(text, measure.unit)
    except ValueError as error:
        return EntryCheck(error=str(error))
    problems = observation_problems(
        measure=measure, period_start=period.start, period_end=period.end, value=value
    )
    if problems:
        return EntryCheck(error=" ".join(problems.values()))
    year_earlier = (
        Observation.objects.filter(
            measure=measure,
            area=area,
            period_start=period.previous_equivalent().start,
            period_end=period.previous_equivalent().end,
        )
        .values_list("value", flat=True)
        .first()
    )
    comparison = compare_measure(measure, value, year_earlier)
    met = target_met(measure, value)
    candidate = Candidate(measure, area, period.start, period.end, value)
    return EntryCheck(
        value_text=format_value(measure, value),
        comparison=comparison.text if comparison.has_previous else "No figure a year earlier",
        assessment=comparison.assessment_label,
        target="" if met is None else ("Meets the target" if met else "Misses the target"),
        warnings=[str(w) for w in quality_warnings(candidates=[candidate])[0]],
    )


@dataclass
class ReviewRow:
    """A figure awaiting the lead, with what the lead needs to judge it."""

    observation: Observation
    previous_period: Period | None
    previous: Decimal | None
    warnings: list = field(default_factory=list)

    @property
    def change(self):
        return compare_measure(self.observation.measure, self.observation.value, self.previous)


@dataclass
class ReviewSection:
    priority: Priority
    awaiting: list[ReviewRow]
    returned: list[ReviewRow]
    verified: list[ReviewRow]


def review_queue(*, priorities: list[Priority], quarter: Period) -> list[ReviewSection]:
    """The quarter's unpublished figures of the priorities' measures (any area, any period
    ending in the quarter), grouped by priority in the plan's order: awaiting verification,
    sent back, and verified awaiting publication. A measure under two priorities is listed
    under the first. At most LIST_LIMIT figures; a fixed number of queries."""
    links = list(
        PriorityMeasure.objects.filter(priority__in=priorities)
        .select_related("measure")
        .order_by("position", "measure__name")
    )
    home = {}
    for priority in priorities:
        for link in links:
            if link.priority_id == priority.pk:
                home.setdefault(link.measure_id, priority.pk)
    figures = list(
        Observation.objects.filter(
            measure_id__in=home,
            period_end__gte=quarter.start,
            period_end__lte=quarter.end,
            status__in=[Status.DRAFT, Status.VERIFIED],
        )
        .select_related("measure", "area", "entered_by", "verified_by", "returned_by")
        .order_by("area__position", "period_end", "period_start")[:LIST_LIMIT]
    )
    rows = _review_rows(figures)
    position = {link.measure_id: i for i, link in enumerate(links)}
    rows.sort(key=lambda row: position.get(row.observation.measure_id, 0))
    sections = []
    for priority in priorities:
        mine = [row for row in rows if home[row.observation.measure_id] == priority.pk]
        drafts = [row for row in mine if row.observation.status == Status.DRAFT]
        sections.append(
            ReviewSection(
                priority,
                [row for row in drafts if not row.observation.is_returned],
                [row for row in drafts if row.observation.is_returned],
                [row for row in mine if row.observation.status == Status.VERIFIED],
            )
        )
    return sections


def _review_rows(figures: list[Observation]) -> list[ReviewRow]:
    previous_periods = {obs.pk: previous_in_series(obs.period) for obs in figures}
    ends = {p.end for p in previous_periods.values() if p is not None}
    stored = {
        (m, a, s, e): v
        for m, a, s, e, v in Observation.objects.filter(
            measure_id__in={obs.measure_id for obs in figures},
            area_id__in={obs.area_id for obs in figures},
            period_end__in=ends,
        ).values_list("measure_id", "area_id", "period_start", "period_end", "value")
    }
    rows = []
    for obs, warnings in zip(figures, quality_warnings(candidates=figures), strict=True):
        before = previous_periods[obs.pk]
        key = (obs.measure_id, obs.area_id, before.start, before.end) if before else None
        rows.append(ReviewRow(obs, before, stored.get(key), warnings))
    return rows


@dataclass
class PriorityProgress:
    """Where a priority's figures for the quarter stand, for the start-of-quarter page."""

    priority: Priority
    due: int = 0
    entered: int = 0
    awaiting_review: int = 0
    sent_back: int = 0
    verified: int = 0
    published: int = 0

    @property
    def missing(self) -> int:
        return self.due - self.entered


def quarter_progress(*, priorities: list[Priority], quarter: Period, area: Area) -> list:
    """For each priority: how many figures are due from the force for the quarter, how many
    are entered, awaiting review, sent back, verified and published. Three queries."""
    links = list(PriorityMeasure.objects.filter(priority__in=priorities).select_related("measure"))
    due = {link.measure: expected_periods(link.measure.frequency, quarter) for link in links}
    ends = {p.end for periods in due.values() for p in periods}
    stored = {
        (m, Period(s, e)): (status, bool(returned))
        for m, s, e, status, returned in Observation.objects.filter(
            measure_id__in={m.pk for m in due}, area=area, period_end__in=ends
        ).values_list("measure_id", "period_start", "period_end", "status", "returned_reason")
    }
    progress = {p.pk: PriorityProgress(p) for p in priorities}
    for link in links:
        row = progress[link.priority_id]
        for period in due[link.measure]:
            row.due += 1
            status, returned = stored.get((link.measure_id, period), (None, False))
            if status is None:
                continue
            row.entered += 1
            if status == Status.DRAFT:
                row.sent_back += returned
                row.awaiting_review += not returned
            elif status == Status.VERIFIED:
                row.verified += 1
            else:
                row.published += 1
    return [progress[p.pk] for p in priorities]


def quarter_commentary_drafts(*, priorities: list[Priority], quarter: Period) -> list:
    """The priorities' commentary written for the quarter awaiting sign-off."""
    return list(
        Commentary.objects.awaiting_sign_off()
        .filter(priority__in=priorities, period_start=quarter.start, period_end=quarter.end)
        .select_related("priority", "entered_by")
    )
