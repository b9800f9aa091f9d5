"""Reads for the performance pages, exports and reports.

Everything that shows a comparison gets it from here, so the page, the CSV and the PDF can
never disagree about a figure.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, Max, Min, Prefetch, Q

from core import periods
from core.comparisons import BAD, GOOD, UNKNOWN, Comparison, compare_measure, target_met
from core.formatting import format_value
from core.periods import Period
from pcc_portal.access import is_opcc_staff
from pcc_portal.versions import data_version
from performance.spc.selectors import (
    ForceSeries,
    MeasureSpc,
    PeerRanking,
    day_date,
    spc_for_measures,
)

from .delivery.selectors import assessments_for
from .models import (
    Area,
    Commentary,
    Measure,
    MeasureAssessment,
    Observation,
    Plan,
    Priority,
    Status,
)


def previous_values(
    *, observations: Iterable[Observation], user=None, show_drafts: bool = False
) -> dict[int, Decimal]:
    """For each observation, the value for the same measure and area one year earlier, keyed
    by observation id, in one query that reads values only, of exactly those periods (an
    export compares thousands of figures at once, a dashboard a whole plan's)."""
    wanted, previous_of = {}, {}
    for obs in observations:
        period = obs.period
        if period not in previous_of:  # a dashboard's figures share one or two periods
            previous_of[period] = period.previous_equivalent()
        previous = previous_of[period]
        wanted[(obs.measure_id, obs.area_id, previous.start, previous.end)] = obs.pk
    if not wanted:
        return {}
    periods_wanted = Q()
    for start, end in {(key[2], key[3]) for key in wanted}:
        periods_wanted |= Q(period_start=start, period_end=end)
    candidates = (
        Observation.objects.visible_to(user, show_drafts=show_drafts)
        .filter(periods_wanted)
        .filter(
            measure_id__in=sorted({key[0] for key in wanted}),
            area_id__in=sorted({key[1] for key in wanted}),
        )
        .order_by()
        .values_list("measure_id", "area_id", "period_start", "period_end", "value")
    )
    found = {}
    for measure_id, area_id, start, end, value in candidates:
        pk = wanted.get((measure_id, area_id, start, end))
        if pk is not None:
            found[pk] = value
    return found


def comparisons_for(
    *, observations: Iterable[Observation], user=None, show_drafts: bool = False
) -> dict[int, Comparison]:
    """The year-on-year comparison of each observation, keyed by observation id.

    The observations need their measure loaded (select_related) to avoid a query each.
    """
    observations = list(observations)
    previous = previous_values(observations=observations, user=user, show_drafts=show_drafts)
    return {
        obs.pk: compare_measure(obs.measure, obs.value, previous.get(obs.pk))
        for obs in observations
    }


def observation_comparison(
    *, observation: Observation, user=None, show_drafts: bool = False
) -> Comparison:
    return comparisons_for(observations=[observation], user=user, show_drafts=show_drafts)[
        observation.pk
    ]


def current_plan(*, at: dt.date | None = None) -> Plan | None:
    """The plan in force on `at` (the end of the period the dashboard opens on, see
    performance.views.index), not a plan that had not begun; without a date, or when no plan
    covers it, the plan that started most recently."""
    plans = Plan.objects.order_by("-start")
    in_force = plans.filter(start__lte=at, end__gte=at).first() if at else None
    return in_force or plans.first()


def plan_in_force(on: dt.date) -> Plan | None:
    """The plan in force on a day (a paper's period end), else the latest that had started
    by then: a paper reports against the plan of its period, not today's."""
    plans = Plan.objects.filter(start__lte=on).order_by("-start")
    return plans.filter(end__gte=on).first() or plans.first()


def report_has_figures(
    *, plan: Plan, period_end: dt.date, user=None, show_drafts: bool = False
) -> bool:
    """Whether the Performance Monitoring Report for `period_end` prints any figure of the
    plan's measures for the force: one for exactly its 12 months or its quarter (what
    `period_rows` gives its tables), or a monthly or quarterly series inside its 12 months
    long enough to chart (what `series_within` gives). A report with none would be an
    official-looking empty document: the download refuses it before any render is queued,
    and the report itself asks the same question. At most two queries.

    A report is for a month's end only: any other day would be the same report again."""
    if period_end != periods.month_end(period_end.year, period_end.month):
        return False
    period, _, quarter = periods.report_periods(period_end)
    exact = {period, quarter} - {None}
    figures = Observation.objects.visible_to(user, show_drafts=show_drafts).filter(
        area__ons_code=settings.HOME_FORCE, measure__priorities__plan=plan
    )
    # Usually the report's own periods have figures: one indexed look, not a scan of the year.
    periods_exactly = Q(pk__in=[])
    for exact_period in exact:
        periods_exactly |= Q(period_start=exact_period.start, period_end=exact_period.end)
    if figures.filter(periods_exactly).exists():
        return True
    found = (
        figures.filter(period_start__gte=period.start, period_end__lte=period.end)
        .order_by()
        .values_list("measure_id", "period_start", "period_end")
        .distinct()
    )
    points = defaultdict(int)
    for measure_id, start, end in found:
        found_period = Period(start, end)
        if found_period.kind in SERIES_KINDS:
            points[(measure_id, found_period.kind)] += 1
    return any(count >= SERIES_MIN_POINTS for count in points.values())


def has_report(*, period_end: dt.date, user=None, show_drafts: bool = False) -> bool:
    """Whether the Performance Monitoring Report for `period_end` exists: the plan in force
    then has a figure it would print (the download's own question, so a page offers the
    report only where the download gives one)."""
    plan = plan_in_force(period_end)
    return plan is not None and report_has_figures(
        plan=plan, period_end=period_end, user=user, show_drafts=show_drafts
    )


def has_published_figures(*, period: Period) -> bool:
    """Whether any figure for a period inside `period` (ending in it) is published: a report
    for a period with none is not a report at all."""
    return (
        Observation.objects.published()
        .filter(period_end__gte=period.start, period_end__lte=period.end)
        .exists()
    )


def plans_with_priorities():
    return Plan.objects.prefetch_related(
        Prefetch("priorities", queryset=Priority.objects.order_by("position"))
    )


def measures_for_priority(*, priority: Priority):
    return Measure.objects.of_priority(priority)


# --- Dashboards -----------------------------------------------------------------------------
#
# A dashboard shows, for each measure, the force's figure for the chosen period beside the
# comparator areas', the year-on-year comparison, the target status and a short trend. Every
# page is built from a fixed number of queries whatever the number of measures, so the
# selectors below read in bulk and assemble in Python.

# Areas shown beside the force on the dashboards, as the panel reports do.
COMPARATOR_KINDS = ("national", "msg", "region")
ENGLAND_AND_WALES = "K04000001"


def shown_areas(area: Area | None) -> Q:
    """The force and the areas the reports put beside it: England and Wales, the force's own
    region, and comparators typed from papers. Imports bring every force and region; the
    others are ranked among peers, not drawn on every chart."""
    shown = Q(area__kind="msg") | Q(area__ons_code=ENGLAND_AND_WALES)
    shown |= Q(area__ons_code="", area__kind__in=COMPARATOR_KINDS)
    if area is not None:
        shown |= Q(area=area)
        if area.parent_id:
            shown |= Q(area_id=area.parent_id)
    return shown


# Longer periods first when several end on the same day: rolling 12 months is the usual basis.
KIND_ORDER = {
    periods.ROLLING_12_MONTHS: 0,
    periods.FINANCIAL_YEAR: 0,
    periods.QUARTER: 1,
    periods.MONTH: 2,
    periods.OTHER: 3,
}
TREND_POINTS = 8
# A report charts a measure's monthly or quarterly figures inside its 12 months when there are
# at least this many of one kind: fewer make no line worth reading.
SERIES_KINDS = (periods.MONTH, periods.QUARTER)
SERIES_MIN_POINTS = 3


@dataclass(frozen=True)
class Figure:
    """One area's published (or, for staff who ask, draft) value with its comparison."""

    observation: Observation
    comparison: Comparison
    target_met: bool | None

    @property
    def area(self) -> Area:
        return self.observation.area

    @property
    def period(self) -> Period:
        return self.observation.period

    @property
    def is_draft(self) -> bool:
        return not self.observation.is_published

    @property
    def value_text(self) -> str:
        return format_value(self.observation.measure, self.observation.value)

    @property
    def previous_text(self) -> str:
        previous = self.comparison.previous
        return format_value(self.observation.measure, previous) if previous is not None else ""


@dataclass
class MeasureRow:
    """One measure for one period: the row of the dashboards, the exports, the reports and the
    composed papers alike, with its figures already worded."""

    measure: Measure
    force: Figure | None
    comparators: list[Figure]
    trend: list[tuple[Period, Decimal]]
    # The control-chart reading beside the year-on-year wording, where the series allows one.
    spc: MeasureSpc | None = None
    # The OPCC's own graded judgement for the quarter, shown beside both, never instead.
    opcc_assessment: MeasureAssessment | None = None
    # The position among the forces, where a report prints it beside the change.
    ranking: PeerRanking | None = None
    # No figure for the period but one for the year before (`period_rows`): that one.
    earlier: Observation | None = None
    # Printed after the name in a table that marks a different source ("*Responding dashboard").
    mark: str = ""

    @property
    def assessment(self) -> str:
        return self.force.comparison.assessment if self.force else UNKNOWN

    @property
    def comparison(self) -> Comparison | None:
        return self.force.comparison if self.force else None

    @property
    def assessment_label(self) -> str:
        return self.force.comparison.assessment_label if self.force else ""

    @property
    def label(self) -> str:
        """The name with its target, as the report tables print it: "Grade 1 … (target < 15
        minutes)", and any source mark."""
        label = self.measure.name
        if self.measure.target_text:
            label = f"{label} (target {self.measure.target_text})"
        return f"{label} {self.mark}" if self.mark else label

    @property
    def current_text(self) -> str:
        return self.force.value_text if self.force else "N/A"

    @property
    def previous_text(self) -> str:
        if self.force is not None:
            return self.force.previous_text or "–"
        if self.earlier is not None:
            return format_value(self.measure, self.earlier.value)
        return "–"

    @property
    def previous_value(self) -> Decimal | None:
        if self.force is not None:
            return self.force.comparison.previous
        return self.earlier.value if self.earlier is not None else None

    @property
    def change_text(self) -> str:
        comparison = self.comparison
        return comparison.text if comparison and comparison.has_previous else "–"

    @property
    def target_text(self) -> str:
        return self.measure.target_text

    @property
    def target_status(self) -> str:
        met = self.force.target_met if self.force else None
        return "" if met is None else ("Met" if met else "Not met")


@dataclass
class PrioritySection:
    priority: Priority
    rows: list[MeasureRow]

    @property
    def counts(self) -> dict[str, int]:
        """How the section's measures moved: its line when the section is folded away."""
        figures = [row.force for row in self.rows if row.force]
        return {
            "with_figures": len(figures),
            "better": sum(f.comparison.assessment == GOOD for f in figures),
            "worse": sum(f.comparison.assessment == BAD for f in figures),
            "missed": sum(f.target_met is False for f in figures),
        }


@dataclass(frozen=True)
class Changes:
    """What a reader should see first: the measures that got worse or better than a year
    earlier by more than their tolerance, and the targets missed."""

    worse: list[MeasureRow]
    better: list[MeasureRow]
    missed: list[MeasureRow]

    def __bool__(self) -> bool:
        return bool(self.worse or self.better or self.missed)


@dataclass
class Dashboard:
    """What a plan dashboard or a priority page shows for one period."""

    period: Period | None
    periods: list[Period]
    sections: list[PrioritySection]
    force_area: Area | None

    @property
    def period_param(self) -> str:
        return period_key(self.period) if self.period else ""

    @property
    def rows(self) -> list[MeasureRow]:
        return [row for section in self.sections for row in section.rows]

    @property
    def changes(self) -> Changes:
        """Each measure once, in the plan's order, though it may sit under two priorities."""
        rows = list({row.measure.pk: row for row in reversed(self.rows) if row.force}.values())
        rows.reverse()
        return Changes(
            worse=[r for r in rows if r.force.comparison.assessment == BAD],
            better=[r for r in rows if r.force.comparison.assessment == GOOD],
            missed=[r for r in rows if r.force.target_met is False],
        )

    @property
    def summary(self) -> dict[str, int]:
        """How many measures improved, worsened, and met their target: the page's headline."""
        figures = [row.force for row in self.rows if row.force]
        return {
            "measures": len(self.rows),
            "with_figures": len(figures),
            "better": sum(f.comparison.assessment == GOOD for f in figures),
            "worse": sum(f.comparison.assessment == BAD for f in figures),
            "with_target": sum(f.target_met is not None for f in figures),
            "target_met": sum(f.target_met is True for f in figures),
        }


def force_area() -> Area | None:
    return Area.objects.home_force()


def period_key(period: Period) -> str:
    """The period as it travels in a URL: `2020-04-01..2021-03-31`."""
    return f"{period.start.isoformat()}..{period.end.isoformat()}"


def period_sort_key(period: Period):
    """Newest first; among periods ending together, the longest first."""
    return (-period.end.toordinal(), KIND_ORDER[period.kind], period.start)


def periods_with_data(
    *, measure_ids: Iterable[int], user=None, show_drafts: bool = False
) -> list[Period]:
    """The periods for which any of the measures has a figure the user may see, newest first."""
    figures = Observation.objects.visible_to(user, show_drafts=show_drafts).filter(
        measure_id__in=list(measure_ids)
    )
    return sorted(distinct_periods(figures), key=period_sort_key)


def period_coverage(
    *, measure_ids: Iterable[int], periods: list[Period], user=None, show_drafts: bool = False
) -> dict[Period, int]:
    """How many of the measures have a figure the user may see for each of `periods` (one
    query, down the index on status and period)."""
    if not periods:
        return {}
    which = Q()
    for period in periods:
        which |= Q(period_start=period.start, period_end=period.end)
    rows = (
        Observation.objects.visible_to(user, show_drafts=show_drafts)
        .filter(which, measure_id__in=list(measure_ids))
        .order_by()
        .values_list("period_start", "period_end")
        .annotate(measures=Count("measure_id", distinct=True))
    )
    return {Period(start, end): measures for start, end, measures in rows}


def visible_periods(*, user=None, show_drafts: bool = False) -> list[Period]:
    """Every period with a figure the user may see, newest first (the list's period filter).

    The published periods, the same for every reader, are kept until the data version moves
    on (finding them is quick, see `distinct_periods`, but every page asks)."""
    figures = Observation.objects.visible_to(user, show_drafts=show_drafts)
    if show_drafts and is_opcc_staff(user):
        return sorted(distinct_periods(figures), key=period_sort_key)
    key = f"performance:published-periods:{data_version(public=True)}"
    found = cache.get(key)
    if found is None:
        found = sorted(distinct_periods(figures), key=period_sort_key)
        cache.set(key, found, timeout=24 * 60 * 60)
    return found


def distinct_periods(figures) -> list[Period]:
    """The distinct periods of some observations (a filter of the observation table alone).

    A plain DISTINCT reads every figure: 160 ms at 480,000 figures, ten times that at five
    million. On PostgreSQL the periods are found instead by one step down the index on
    (status, period_end, period_start) per period (a "loose index scan"): a few hundred index
    probes whatever the number of figures (the plans are quoted beside the index on
    Observation)."""
    if connections[figures.db].vendor != "postgresql":
        return [
            Period(start, end)
            for start, end in figures.order_by()
            .values_list("period_start", "period_end")
            .distinct()
        ]
    table = Observation._meta.db_table
    compiler = figures.query.get_compiler(figures.db)
    try:
        where, params = compiler.compile(figures.query.where)
    except EmptyResultSet:  # e.g. the measures of a plan that has none
        return []
    newest_first = "ORDER BY period_end DESC, period_start DESC LIMIT 1"
    sql = f"""
        WITH RECURSIVE found(period_end, period_start) AS (
            (SELECT period_end, period_start FROM {table} WHERE {where} {newest_first})
            UNION ALL
            SELECT earlier.period_end, earlier.period_start FROM found, LATERAL (
                SELECT period_end, period_start FROM {table}
                WHERE {where}
                  AND (period_end, period_start) < (found.period_end, found.period_start)
                {newest_first}
            ) earlier
        )
        SELECT period_start, period_end FROM found
    """
    with connections[figures.db].cursor() as cursor:
        cursor.execute(sql, [*params, *params])
        return [Period(start, end) for start, end in cursor.fetchall()]


def _best_period(candidates: Iterable[Period], selected: Period) -> Period | None:
    """The figure a measure shows for the selected period: that period if it has one, else
    the latest of the same kind, else the latest of any kind, ending by the selected end."""
    candidates = [p for p in candidates if p.end <= selected.end]
    if not candidates:
        return None
    if selected in candidates:
        return selected
    same_kind = [p for p in candidates if p.kind == selected.kind]
    return min(same_kind or candidates, key=period_sort_key)


def _trend(series: dict[Period, Decimal], shown: Period) -> list[tuple[Period, Decimal]]:
    points = sorted(
        (period, value)
        for period, value in series.items()
        if period.kind == shown.kind and period.end <= shown.end
    )
    return points[-TREND_POINTS:]


def _figures(observations, *, user, show_drafts) -> dict[int, Figure]:
    comparisons = comparisons_for(observations=observations, user=user, show_drafts=show_drafts)
    return {
        obs.pk: Figure(obs, comparisons[obs.pk], target_met(obs.measure, obs.value))
        for obs in observations
    }


def measure_rows(
    *,
    measures: list[Measure],
    period: Period,
    area: Area | None,
    user=None,
    show_drafts: bool = False,
    series: ForceSeries | None = None,
) -> dict[int, MeasureRow]:
    """Each measure's row for `period` in `area` (the force) beside its comparators, keyed by
    measure id, in three queries whatever the number of measures (two given the force's
    `series` up to the period, which the dashboard also charts)."""
    if area is None or not measures:
        return {m.pk: MeasureRow(m, None, [], []) for m in measures}
    by_id = {m.pk: m for m in measures}
    if series is None:
        # The force's recent series: enough for the trend and to choose each measure's figure.
        series = ForceSeries(
            measures=measures,
            area=area,
            user=user,
            show_drafts=show_drafts,
            until=period.end,
            since=periods.add_months(period.end, -12 * 3),
        )
    shown, trends = _shown_and_trends(series, period)
    # The shown period's figures for the force and its comparators, with their comparisons.
    exactly = Q(pk__in=[])
    for shown_period in set(shown.values()):  # usually one or two for a whole plan
        exactly |= Q(period_start=shown_period.start, period_end=shown_period.end)
    candidates = (
        Observation.objects.visible_to(user, show_drafts=show_drafts)
        .filter(exactly)
        .filter(shown_areas(area), measure_id__in=list(shown))
    )
    chosen = []
    # Only what a figure shows: an instance with every sign-off field costs more than its row.
    shown_fields = ("measure_id", "area", "period_start", "period_end", "value", "status")
    for obs in candidates.select_related("area").only(*shown_fields):
        if shown.get(obs.measure_id) == obs.period:
            obs.measure = by_id[obs.measure_id]
            chosen.append(obs)
    figures = _figures(chosen, user=user, show_drafts=show_drafts)
    force_figures, comparator_figures = {}, defaultdict(list)
    for obs in sorted(chosen, key=lambda o: (o.area.position, o.area.name)):
        if obs.area_id == area.pk:
            force_figures[obs.measure_id] = figures[obs.pk]
        else:
            comparator_figures[obs.measure_id].append(figures[obs.pk])
    return {
        m.pk: MeasureRow(
            measure=m,
            force=force_figures.get(m.pk),
            comparators=comparator_figures.get(m.pk, []) if m.pk in force_figures else [],
            trend=trends.get(m.pk, []),
        )
        for m in measures
    }


def _shown_and_trends(
    series: ForceSeries, period: Period
) -> tuple[dict[int, Period], dict[int, list[tuple[Period, Decimal]]]]:
    """For every measure at once: the period its row shows for `period` (`_best_period`) and
    its trend (`_trend`), from the force's series in the three years to the period's end."""
    window = np.datetime64(periods.add_months(period.end, -12 * 3), "D")
    end_day = np.datetime64(period.end, "D")
    inside = (series.ends > window) & (series.ends <= end_day)
    number, starts, ends, kinds = series.number, series.starts, series.ends, series.kinds
    kind_order = np.vectorize(KIND_ORDER.get, otypes=[np.int64])(kinds) if len(kinds) else kinds
    # The best period: the one asked for, else the latest of its kind, else the latest.
    exact = (starts == np.datetime64(period.start, "D")) & (ends == end_day)
    preference = np.where(exact, 0, np.where(kinds == period.kind, 1, 2))
    rows = np.flatnonzero(inside)
    order = rows[
        np.lexsort(
            (
                starts[rows],
                kind_order[rows],
                -ends[rows].astype(np.int64),
                preference[rows],
                number[rows],
            )
        )
    ]
    first = (
        order[np.concatenate(([True], number[order][1:] != number[order][:-1]))]
        if len(order)
        else order
    )
    best = np.full(len(series.measures), -1)
    best[number[first]] = first
    shown_end = np.where(best >= 0, ends[best], np.datetime64("NaT"))
    shown_kind = np.where(best >= 0, kinds[best], "")
    # The trend: the shown period's kind up to it, the last TREND_POINTS of them.
    has = best[number] >= 0
    points = np.flatnonzero(
        inside & has & (kinds == shown_kind[number]) & (ends <= shown_end[number])
    )
    size = np.bincount(number[points], minlength=len(series.measures))
    place = np.arange(len(points)) - np.concatenate(([0], np.cumsum(size)[:-1]))[number[points]]
    points = points[place >= size[number[points]] - TREND_POINTS]
    shown, trends = {}, defaultdict(list)
    first_days = starts.astype(np.int64)
    last_days = ends.astype(np.int64)
    for position in np.flatnonzero(best >= 0).tolist():
        row = int(best[position])
        shown[int(series.ids[position])] = Period(
            day_date(int(first_days[row])), day_date(int(last_days[row]))
        )
    for measure, first_day, last_day, value in zip(
        series.ids[number[points]].tolist(),
        first_days[points].tolist(),
        last_days[points].tolist(),
        series.values[points].tolist(),
        strict=True,
    ):
        trends[measure].append(
            (Period(day_date(first_day), day_date(last_day)), Decimal(repr(value)))
        )
    return shown, trends


def plan_measures(*, plan: Plan) -> list[Measure]:
    """Every measure of the plan, each with its priorities in that plan loaded."""
    return list(
        Measure.objects.filter(priorities__plan=plan)
        .distinct()
        .order_by("pk")
        .prefetch_related(Prefetch("priorities", queryset=Priority.objects.filter(plan=plan)))
    )


def period_rows(
    *,
    measures: list[Measure],
    period: Period,
    area: Area | None = None,
    user=None,
    show_drafts: bool = False,
) -> dict[int, MeasureRow]:
    """Each measure's row for exactly `period` in `area` (the force by default), keyed by
    measure id: the reports' basis, where the dashboards show each measure's latest figure
    instead. A measure with a figure only for the year before keeps that one (`earlier`);
    measures with neither are left out. Two queries whatever the number of measures."""
    area = area or force_area()
    if area is None or not measures:
        return {}
    by_id = {m.pk: m for m in measures}
    previous = period.previous_equivalent()
    found = (
        Observation.objects.visible_to(user, show_drafts=show_drafts)
        .filter(
            Q(period_start=period.start, period_end=period.end)
            | Q(period_start=previous.start, period_end=previous.end),
            measure_id__in=by_id,
            area=area,
        )
        .select_related("area")
    )
    current, earlier = {}, {}
    for obs in found:
        obs.measure = by_id[obs.measure_id]
        (current if obs.period == period else earlier)[obs.measure_id] = obs
    figures = _figures(list(current.values()), user=user, show_drafts=show_drafts)
    rows = {}
    for measure in measures:
        if measure.pk in current:
            rows[measure.pk] = MeasureRow(measure, figures[current[measure.pk].pk], [], [])
        elif measure.pk in earlier:
            rows[measure.pk] = MeasureRow(measure, None, [], [], earlier=earlier[measure.pk])
    return rows


def series_within(
    *, measures: list[Measure], period: Period, user=None, show_drafts: bool = False
) -> dict[tuple[int, str], list[Observation]]:
    """The force's monthly or quarterly figures inside `period`, by measure and period kind,
    oldest first: the series a report charts (only those of `SERIES_MIN_POINTS` or more)."""
    found = (
        Observation.objects.visible_to(user, show_drafts=show_drafts)
        .filter(
            measure__in=measures,
            area__ons_code=settings.HOME_FORCE,
            period_start__gte=period.start,
            period_end__lte=period.end,
        )
        .select_related("measure")
        .order_by("period_end")
    )
    series = defaultdict(list)
    for obs in found:
        if obs.period.kind in SERIES_KINDS:
            series[(obs.measure_id, obs.period.kind)].append(obs)
    return {key: values for key, values in series.items() if len(values) >= SERIES_MIN_POINTS}


def period_commentary(
    *, plan: Plan, period: Period, user=None, show_drafts: bool = False
) -> list[Commentary]:
    """Commentary written for exactly `period` on the plan's priorities and measures, with the
    measures' priorities in that plan loaded."""
    return list(
        Commentary.objects.visible_to(user, show_drafts=show_drafts)
        .filter(period_start=period.start, period_end=period.end)
        .filter(Q(priority__plan=plan) | Q(measure__priorities__plan=plan))
        .select_related("measure")
        .prefetch_related(Prefetch("measure__priorities", queryset=plan.priorities.all()))
        .distinct()
        .order_by("pk")
    )


def parse_period(value: str | None) -> Period | None:
    """A period from its URL form, or None if `value` is not one."""
    try:
        start, end = (dt.date.fromisoformat(part) for part in (value or "").split(".."))
    except ValueError:
        return None
    return Period(start, end) if end > start else None


def dashboard(
    *,
    priorities: list[Priority],
    period: Period | None,
    periods: list[Period],
    user=None,
    show_drafts: bool = False,
) -> Dashboard:
    """The figures of the priorities' measures for `period` (one of `periods_with_data`).

    The priorities need their measures prefetched (`priorities_with_measures`)."""
    measures = {m.pk: m for p in priorities for m in p.measures.all()}
    area = force_area()
    # The force's series up to the period, read once: the rows' figures and trends and the
    # control charts all come from it.
    series = None
    if area is not None and measures:
        series = ForceSeries(
            measures=measures.values(),
            area=area,
            user=user,
            show_drafts=show_drafts,
            until=period.end if period else None,
        )
    if period is None:
        rows = {pk: MeasureRow(m, None, [], []) for pk, m in measures.items()}
    else:
        rows = measure_rows(
            measures=list(measures.values()),
            period=period,
            area=area,
            user=user,
            show_drafts=show_drafts,
            series=series,
        )
    if series is not None:
        readings = spc_for_measures(
            measures=measures.values(),
            area=area,
            user=user,
            show_drafts=show_drafts,
            series=series,
        )
        for pk, reading in readings.items():
            rows[pk].spc = reading if reading.enough_data else None
    if period is not None and measures:
        assessed = assessments_for(
            measures=measures.values(), as_of=period.end, user=user, show_drafts=show_drafts
        )
        for pk, assessment in assessed.items():
            rows[pk].opcc_assessment = assessment
    sections = [PrioritySection(p, [rows[m.pk] for m in p.measures.all()]) for p in priorities]
    return Dashboard(period=period, periods=periods, sections=sections, force_area=area)


def priorities_with_measures(*, plan: Plan | None = None):
    """Priorities (of `plan`, if given) in order, each with its measures in one more query."""
    priorities = (
        Priority.objects.select_related("plan")
        .order_by("position", "title")
        .prefetch_related(Prefetch("measures", queryset=Measure.objects.in_plan_order()))
    )
    return priorities.filter(plan=plan) if plan is not None else priorities


def priority_commentary(
    *, priority: Priority, period: Period | None, user=None, show_drafts: bool = False
) -> list[Commentary]:
    """The commentary on a priority written for the period (or the latest before it)."""
    if period is None:
        return []
    # A withdrawn note keeps its place, showing when and why it was withdrawn, never its text.
    shown = Commentary.objects.visible_to(user, show_drafts=show_drafts).values("pk")
    commentary = list(
        Commentary.objects.filter(Q(pk__in=shown) | Q(status=Status.WITHDRAWN))
        .filter(priority=priority, period_end__lte=period.end)
        .order_by("-period_end", "-period_start")[:5]
    )
    exact = [c for c in commentary if c.period == period]
    return exact or commentary[:1]


# --- Measure page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """One value of a series, read without building a model instance (series are long)."""

    value: Decimal
    text: str
    is_published: bool


@dataclass
class MeasureSeries:
    """Every area's values of one period kind for a measure: the chart and its data table."""

    kind: str | None
    kinds: list[str]
    periods: list[Period]
    areas: list[Area]
    values: dict[tuple[int, Period], Point]

    def value(self, area: Area, period: Period) -> Point | None:
        return self.values.get((area.pk, period))

    @property
    def extent(self) -> tuple[Decimal, Decimal] | None:
        """The lowest and highest figure drawn: what the chart's value axis must hold (the
        same as `value_extents` gives the reports for this measure and kind)."""
        values = [point.value for point in self.values.values()]
        return (min(values), max(values)) if values else None

    @property
    def table_rows(self) -> list[tuple[Period, list[Point | None]]]:
        """Newest first, one cell per area: the chart's text alternative."""
        return [
            (period, [self.values.get((area.pk, period)) for area in self.areas])
            for period in reversed(self.periods)
        ]


def measure_series(
    *,
    measure: Measure,
    kind: str | None = None,
    user=None,
    show_drafts: bool = False,
    home: Area | None = None,
) -> MeasureSeries:
    """The measure's full series for one period kind (the kind of its latest figure if None).

    Two queries: the values as plain tuples, then the areas they belong to."""
    home = home or Area.objects.home_force()
    rows = (
        Observation.objects.visible_to(user, show_drafts=show_drafts)
        .filter(shown_areas(home), measure=measure)
        .order_by()
        .values_list("area_id", "period_start", "period_end", "value", "status")
    )
    by_kind = defaultdict(list)
    for area_id, start, end, value, status in rows:
        period = Period(start, end)
        by_kind[period.kind].append((area_id, period, value, status))
    kinds = sorted(by_kind, key=lambda k: KIND_ORDER[k])
    areas = {
        a.pk: a
        for a in Area.objects.filter(pk__in={row[0] for rows in by_kind.values() for row in rows})
    }
    if kind not in by_kind:
        # The kind of the newest figure, the force's if it has one: what the dashboard shows.
        everything = [row for rows in by_kind.values() for row in rows]
        force = [row for row in everything if areas[row[0]].ons_code == settings.HOME_FORCE]
        newest = min(force or everything, key=lambda row: period_sort_key(row[1]), default=None)
        kind = newest[1].kind if newest else None
    chosen = by_kind.get(kind, [])
    return MeasureSeries(
        kind=kind,
        kinds=kinds,
        periods=sorted({row[1] for row in chosen}),
        areas=sorted({areas[row[0]] for row in chosen}, key=lambda a: (a.position, a.name)),
        values={
            (area_id, period): Point(
                value, format_value(measure, value), status == Status.PUBLISHED
            )
            for area_id, period, value, status in chosen
        },
    )


def value_extents(
    *, measures: list[Measure], user=None, show_drafts: bool = False, home: Area | None = None
) -> dict[tuple[int, str], tuple[Decimal, Decimal]]:
    """The lowest and highest figure of each measure's series of each period kind, over the
    figures and areas its page charts (`measure_series`): the reports draw a measure on the
    value axis its page has. One query, a row per measure and period."""
    home = home or Area.objects.home_force()
    rows = (
        Observation.objects.visible_to(user, show_drafts=show_drafts)
        .filter(shown_areas(home), measure__in=measures)
        .order_by()
        .values_list("measure_id", "period_start", "period_end")
        .annotate(low=Min("value"), high=Max("value"))
    )
    extents: dict[tuple[int, str], tuple[Decimal, Decimal]] = {}
    for measure_id, start, end, low, high in rows:
        key = (measure_id, Period(start, end).kind)
        if key in extents:
            low, high = min(low, extents[key][0]), max(high, extents[key][1])
        extents[key] = (low, high)
    return extents


def measure_priorities(*, measure: Measure) -> list[Priority]:
    """The priorities a measure serves, in every plan, newest plan first."""
    return list(measure.priorities.select_related("plan").order_by("-plan__start", "position"))


def measure_observations(*, measure: Measure | None = None, user=None, show_drafts: bool = False):
    """Observations for the tables: newest first, force first, with who verified them."""
    queryset = Observation.objects.visible_to(user, show_drafts=show_drafts).select_related(
        "measure", "area", "verified_by"
    )
    if measure is not None:
        queryset = queryset.filter(measure=measure)
    return queryset.order_by("-period_end", "area__position", "measure__name", "period_start")


# --- Open data ------------------------------------------------------------------------------

OPEN_DATA_FIELDS = (
    "measure_code",
    "measure_name",
    "area_code",
    "area_name",
    "period_start",
    "period_end",
    "period",
    "value",
    "unit",
)


def open_data_rows():
    """Every published observation as plain rows, streamed: the open data files.

    Published only, whoever asks: open data is what the OPCC publishes, never a draft."""
    rows = (
        Observation.objects.published()
        .order_by("measure__code", "area__position", "area__code", "period_end", "period_start")
        .values_list(
            "measure__code",
            "measure__name",
            "area__code",
            "area__name",
            "period_start",
            "period_end",
            "value",
            "unit",
        )
    )
    for code, name, area_code, area_name, start, end, value, unit in rows.iterator(2000):
        yield {
            "measure_code": code,
            "measure_name": name,
            "area_code": area_code,
            "area_name": area_name,
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
            "period": Period(start, end).label,
            "value": plain_decimal(value),
            "unit": unit,
        }


def plain_decimal(value: Decimal) -> Decimal:
    """119515 rather than 119515.0000, and never 1E+5."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def data_sources() -> list[str]:
    """The sources named on the measures, for the 'About the data' page."""
    return sorted(set(Measure.objects.exclude(source="").values_list("source", flat=True)))
