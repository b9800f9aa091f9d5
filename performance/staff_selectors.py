"""Reads for the staff pages: outstanding data and a measure's change history.

Kept apart from selectors.py (the public dashboards' reads) because everything here shows
unpublished material and is served to OPCC staff only.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max

from core.periods import Period, add_months, financial_year_of

from .models import Area, Frequency, Measure, Observation, Status

LIST_LIMIT = 200


def latest_complete_quarter(today: dt.date) -> Period:
    """The last financial quarter that ended before `today` (Q3 2020/21 on 5 January 2021)."""
    start_year = financial_year_of(today)
    number = (today.month - 4) % 12 // 3 + 1
    return (
        Period.quarter(start_year - 1, 4) if number == 1 else Period.quarter(start_year, number - 1)
    )


def recent_quarters(today: dt.date, count: int = 8) -> list[Period]:
    latest = latest_complete_quarter(today)
    return [
        Period(
            add_months(latest.start, -3 * n),
            add_months(latest.end + dt.timedelta(days=1), -3 * n) - dt.timedelta(days=1),
        )
        for n in range(count)
    ]


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
