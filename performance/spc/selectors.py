"""Reads for control charts and peer rankings: the page, the dashboard and the PDF call these.

The maths is in `performance.spc.xmr` (pure Python); this module only fetches the visible figures
in a fixed number of queries, whatever the length of the series or the number of areas.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

import numpy as np
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import FloatField, Func, IntegerField, Q
from django.db.models.functions import Cast

from core.comparisons import ASSESSMENT_LABELS
from core.formatting import format_value, rounded
from core.periods import FINANCIAL_YEAR, MONTH, OTHER, QUARTER, ROLLING_12_MONTHS, Period
from pcc_portal import charts
from performance.models import (
    Area,
    AreaKind,
    Direction,
    Frequency,
    Measure,
    Observation,
    PeerGroup,
    SpcBaseline,
    Status,
    Unit,
)
from performance.spc.batch import Chart, Series
from performance.spc.batch import summaries as batch_summaries
from performance.spc.xmr import SpcReading, Split, XmrResult, read_summary, rule_text, xmr

# Kinds of period a control chart can use: rolling 12-month figures overlap one another, so
# their month-to-month differences are not independent and would make the limits too narrow.
CHART_KINDS = {Frequency.MONTH: MONTH, Frequency.QUARTER: QUARTER}
PERIOD_NOUNS = {MONTH: "monthly figures", QUARTER: "quarterly figures"}

# Units that cannot fall below zero (or rise above 100): their limits are clipped for display.
NON_NEGATIVE_UNITS = {Unit.COUNT, Unit.PERCENTAGE, Unit.MINUTES, Unit.SECONDS, Unit.RATE}


@dataclass(frozen=True)
class SpcRow:
    """One line of the chart's table alternative, with every figure already written out."""

    label: str
    value: str
    moving_range: str
    mean: str
    lower: str
    upper: str
    signals: str
    is_draft: bool
    baseline: str  # the baseline's label on the first row after a recalculation
    gap_after: str  # "No figure for November 2019" when periods are missing after this one


@dataclass(eq=False)
class MeasureSpc:
    """A measure's control chart for one area, with its reading and everything to show it.

    The reading comes with the page's other readings from one vectorised pass
    (`performance.spc.batch`); the chart itself (`result`), which only a measure page or a
    report draws, is built from the same figures when first asked for."""

    measure: Measure
    area: Area
    reading: SpcReading
    period_kind: str | None
    enough_data: bool
    # The figures of the chart: (start, end, value, published) rows, read when it is drawn.
    figures: Iterable[tuple] = field(default=(), repr=False)
    splits: tuple[Split, ...] = ()

    @cached_property
    def result(self) -> XmrResult:
        floor, ceiling = _bounds(self.measure)
        return xmr(
            [(Period(start, end), value) for start, end, value, _ in self.figures],
            splits=self.splits,
            floor=floor,
            ceiling=ceiling,
        )

    @cached_property
    def drafts(self) -> frozenset[Period]:
        return frozenset(
            Period(start, end) for start, end, _, published in self.figures if not published
        )

    @property
    def chart_id(self) -> str:
        return f"spc-{self.measure.code}-{self.area.code}"

    @property
    def assessment_label(self) -> str:
        return ASSESSMENT_LABELS[self.reading.assessment]

    def fmt(self, value: float | None) -> str:
        return _formatter(self.measure)(value)

    @cached_property
    def rows(self) -> list[SpcRow]:
        result = self.result
        gaps = {gap.after: gap.label for gap in result.gaps}
        rows = []
        for index, point in enumerate(result.points):
            segment = result.segments[point.segment] if result.enough_data else None
            first = segment is not None and segment.start == index
            rows.append(
                SpcRow(
                    label=point.label,
                    value=self.fmt(point.x),
                    moving_range=self.fmt(point.moving_range),
                    mean=self.fmt(segment.mean) if segment else "",
                    lower=self.fmt(segment.lower_shown) if segment else "",
                    upper=self.fmt(segment.upper_shown) if segment else "",
                    signals="; ".join(rule_text(rule, result).capitalize() for rule in point.rules),
                    is_draft=point.key in self.drafts,
                    baseline=segment.label if first and segment.is_recalculated else "",
                    gap_after=gaps.get(index, ""),
                )
            )
        return rows

    @cached_property
    def figure(self) -> dict:
        return charts.xmr_chart(self.result, fmt=self.fmt, title=self.measure.name)


def _formatter(measure: Measure):
    """Writes a chart figure (a float) in the measure's unit, as every other figure is."""

    def fmt(value: float | None) -> str:
        if value is None:
            return ""
        return format_value(measure, Decimal(repr(float(value))))

    return fmt


def _bounds(measure: Measure) -> tuple[float | None, float | None]:
    floor = 0.0 if measure.unit in NON_NEGATIVE_UNITS else None
    ceiling = 100.0 if measure.unit == Unit.PERCENTAGE else None
    return floor, ceiling


def _chart_kind(measure: Measure, counts: dict[str, int]) -> str | None:
    """The measure's own frequency if it is monthly or quarterly, else whichever is longer."""
    own = CHART_KINDS.get(measure.frequency)
    if own and counts.get(own):
        return own
    candidates = [kind for kind in (MONTH, QUARTER) if counts.get(kind)]
    return max(candidates, key=lambda kind: counts[kind], default=own)


def plain_rows(queryset) -> list[tuple]:
    """The rows of a values_list query as the database driver gives them, without Django's
    conversion of each value: many thousand figures for a vectorised pass."""
    compiler = queryset.query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # no measures asked for: no query to make
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class EpochDays(Func):
    """A date as whole days since 1 January 1970: the driver hands back a plain integer, not
    a date object per row (which costs more than the rest of a large series' fetch)."""

    output_field = IntegerField()
    template = "(%(expressions)s - DATE '1970-01-01')"

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER)",
            **extra,
        )


EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def day_date(day: int) -> dt.date:
    """The date of an `EpochDays` number."""
    return dt.date.fromordinal(day + EPOCH_ORDINAL)


def _kinds(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The kind of each period, as `Period.kind` says, for whole columns."""
    first_month = starts.astype("datetime64[M]")
    last_month = ends.astype("datetime64[M]")
    aligned = (first_month.astype("datetime64[D]") == starts) & (
        (last_month + 1).astype("datetime64[D]") - 1 == ends
    )
    months = (last_month - first_month).astype(np.int64) + 1
    month_of_year = first_month.astype(np.int64) % 12  # 0 is January
    return np.select(
        [
            aligned & (months == 1),
            aligned & (months == 3) & np.isin(month_of_year, (0, 3, 6, 9)),
            aligned & (months == 12) & (month_of_year == 3),
            aligned & (months == 12),
        ],
        [MONTH, QUARTER, FINANCIAL_YEAR, ROLLING_12_MONTHS],
        OTHER,
    )


class ForceSeries:
    """Every figure of some measures for one area up to a date, as columns sorted by measure
    then period start: what the control charts of a page read, and the dashboard's trends and
    latest figures too, from one query."""

    def __init__(
        self, *, measures, area: Area, user=None, show_drafts=False, until=None, since=None
    ):
        self.measures = sorted(measures, key=lambda m: m.pk)
        self.area = area
        self.ids = np.array([m.pk for m in self.measures], dtype=np.int64)
        visible = Observation.objects.visible_to(user, show_drafts=show_drafts)
        if until is not None:
            visible = visible.filter(period_end__lte=until)
        if since is not None:
            visible = visible.filter(period_end__gt=since)
        # Plain numbers straight from the database: dates as day numbers, the value as a
        # float (correctly rounded, as float(Decimal) is; the charts' arithmetic is in float).
        # Sorted here, not by the database, whose sort of a large plan's series spills to disk.
        rows = plain_rows(
            visible.filter(measure_id__in=self.ids.tolist(), area=area)
            .order_by()
            .annotate(
                first_day=EpochDays("period_start"),
                last_day=EpochDays("period_end"),
                number=Cast("value", FloatField()),
                is_published=Q(status=Status.PUBLISHED),
            )
            .values_list("measure_id", "first_day", "last_day", "number", "is_published")
        )
        # Every column is a number, so one conversion of the whole result (under half the
        # time of taking it apart column by column).
        table = np.array(rows, dtype=np.float64).reshape(len(rows), 5)
        number = np.searchsorted(self.ids, table[:, 0].astype(np.int64))
        starts = table[:, 1].astype(np.int64).astype("datetime64[D]")
        ends = table[:, 2].astype(np.int64).astype("datetime64[D]")
        order = np.lexsort((ends, starts, number))
        self.number = number[order]  # each row's measure: its place in `measures`
        self.starts = starts[order]
        self.ends = ends[order]
        self.values = table[order, 3]
        self.published = table[order, 4] == 1
        self.kinds = _kinds(self.starts, self.ends)

    def bounds(self) -> np.ndarray:
        """Where each measure's rows start (and the last ends) in the sorted columns."""
        return np.searchsorted(self.number, np.arange(len(self.measures) + 1))


def spc_for_measures(
    *,
    measures: Iterable[Measure],
    area: Area,
    user=None,
    show_drafts: bool = False,
    until: dt.date | None = None,
    series: ForceSeries | None = None,
) -> dict[int, MeasureSpc]:
    """The control chart of each measure for `area`, keyed by measure id, in two queries (one
    if the `series` are given), with every reading worked out in one vectorised pass.

    `until` stops the series at a period's end, so a dashboard or a paper for a past period
    reads the figures as they stood then, not with later months."""
    if series is None:
        series = ForceSeries(
            measures=measures, area=area, user=user, show_drafts=show_drafts, until=until
        )
    measures, ids = series.measures, series.ids
    splits = defaultdict(list)
    for baseline in SpcBaseline.objects.filter(measure_id__in=ids.tolist(), area=area):
        splits[baseline.measure_id].append(Split(baseline.start, baseline.label))
    number, kinds = series.number, series.kinds
    # Each measure's chart kind from how many monthly and quarterly figures it has.
    monthly = np.bincount(number[kinds == MONTH], minlength=len(measures)).tolist()
    quarterly = np.bincount(number[kinds == QUARTER], minlength=len(measures)).tolist()
    chosen = [
        _chart_kind(measure, {MONTH: months, QUARTER: quarters}) or "-"
        for measure, months, quarters in zip(measures, monthly, quarterly, strict=True)
    ]
    charted = kinds == np.array(chosen, dtype=object)[number].astype(kinds.dtype)
    charts = []
    for measure, kind in zip(measures, chosen, strict=True):
        floor, ceiling = _bounds(measure)
        charts.append(
            Chart(
                measure.direction_of_good,
                fmt=_formatter(measure),
                period_noun=PERIOD_NOUNS.get(kind, "figures"),
                splits=tuple(splits[measure.pk]),
                floor=floor,
                ceiling=ceiling,
            )
        )
    summaries = batch_summaries(
        Series(
            number[charted], series.starts[charted], series.ends[charted], series.values[charted]
        ),
        charts,
    )
    # Where each measure's charted rows lie, to draw its chart if a page asks for it.
    kept = np.flatnonzero(charted)
    bounds = np.searchsorted(number[charted], np.arange(len(measures) + 1))
    result = {}
    for position, (measure, chart, summary) in enumerate(
        zip(measures, charts, summaries, strict=True)
    ):
        kind = chosen[position] if chosen[position] != "-" else None
        reading = read_summary(
            summary,
            direction_of_good=chart.direction_of_good,
            fmt=chart.fmt,
            period_noun=chart.period_noun,
        )
        result[measure.pk] = MeasureSpc(
            measure,
            area,
            reading,
            kind,
            summary.enough_data,
            _Figures(series, kept[bounds[position] : bounds[position + 1]]),
            chart.splits,
        )
    return result


class _Figures:
    """A measure's rows of the shared series, as (start, end, value, published)."""

    def __init__(self, series: ForceSeries, positions: np.ndarray):
        self.series, self.positions = series, positions

    def __iter__(self):
        series, at = self.series, self.positions
        yield from zip(
            map(day_date, series.starts[at].astype(np.int64).tolist()),
            map(day_date, series.ends[at].astype(np.int64).tolist()),
            series.values[at].tolist(),
            series.published[at].tolist(),
            strict=True,
        )

    def __len__(self):
        return len(self.positions)


def measure_spc(*, measure: Measure, area: Area, user=None, show_drafts: bool = False):
    """A measure's XmR chart and its plain-English reading, from the figures `user` may see."""
    return spc_for_measures(measures=[measure], area=area, user=user, show_drafts=show_drafts)[
        measure.pk
    ]


# --- peer ranking ----------------------------------------------------------------------------

# Areas that are averages or totals of others: shown beside a ranking for reference, not ranked.
REFERENCE_KINDS = (AreaKind.MSG, AreaKind.NATIONAL, AreaKind.REGION)


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass(frozen=True)
class RankEntry:
    rank: int
    joint: bool
    area: Area
    value: Decimal
    value_text: str
    is_home: bool
    is_draft: bool

    @property
    def rank_text(self) -> str:
        return f"{'=' if self.joint else ''}{self.rank}"


@dataclass(frozen=True)
class ReferenceEntry:
    area: Area  # or a GroupFigure: anything with a name
    value: Decimal
    value_text: str


@dataclass(frozen=True)
class GroupFigure:
    """A peer group's figure worked out from its members' figures: their total for counts
    and money, their average otherwise (a rate or a percentage does not add up)."""

    name: str
    members: int
    is_total: bool


@dataclass
class PeerRanking:
    """Where the force stands among its peers for one measure and period; rank 1 is best."""

    measure: Measure
    period: Period
    entries: tuple[RankEntry, ...]
    references: tuple[ReferenceEntry, ...]

    @property
    def chart_id(self) -> str:
        return f"ranking-{self.measure.code}-{self.period.start:%Y%m}-{self.period.end:%Y%m}"

    @property
    def home(self) -> RankEntry | None:
        return next((e for e in self.entries if e.is_home), None)

    @property
    def can_rank(self) -> bool:
        return len(self.entries) >= 2

    @property
    def position_text(self) -> str:
        """The force's position: "3rd of 8", "joint 2nd of 8", or "" with no force to place."""
        home = self.home
        if home is None or not self.can_rank:
            return ""
        return f"{'joint ' if home.joint else ''}{ordinal(home.rank)} of {len(self.entries)}"

    @property
    def order_note(self) -> str:
        direction = self.measure.direction_of_good
        if direction == Direction.DOWN:
            return "Ranked from the lowest figure: lower is better for this measure."
        if direction == Direction.UP:
            return "Ranked from the highest figure: higher is better for this measure."
        return (
            "Ranked from the highest figure. This is a demand measure: a higher figure is "
            "neither better nor worse, so 1st means highest, not best."
        )

    @cached_property
    def figure(self) -> dict:
        return charts.ranking_chart(self)


def _rank(entries: list[tuple[Observation, Decimal]], descending: bool) -> list[tuple]:
    """Standard competition ranking (1, 2, 2, 4) on the figures as printed."""
    ordered = sorted(entries, key=lambda e: ((-e[1] if descending else e[1]), e[0].area.name))
    counts = defaultdict(int)
    for _, shown in ordered:
        counts[shown] += 1
    ranked, previous, rank = [], None, 0
    for position, (obs, shown) in enumerate(ordered, start=1):
        if shown != previous:
            rank, previous = position, shown
        ranked.append((rank, counts[shown] > 1, obs))
    return ranked


def peer_ranking(
    *,
    measure: Measure,
    period: Period,
    user=None,
    show_drafts: bool = False,
    kinds: Iterable[str] = (AreaKind.FORCE,),
    home_area: Area | None = None,
    peer_group=None,
) -> PeerRanking:
    """Rank the areas of `kinds` that have a visible figure for `period`, in one query.

    With a peer group (the default one unless another is given) only its members and the
    home force (settings.HOME_FORCE) are ranked, and the group's own figure is worked out from
    theirs. Without one, every force with a figure is ranked. National and regional figures
    come back as references, not ranks.
    """
    kinds = set(kinds)
    group = peer_group or PeerGroup.objects.filter(is_default=True).first()
    observations = list(
        Observation.objects.visible_to(user, show_drafts=show_drafts)
        .filter(measure=measure, period_start=period.start, period_end=period.end)
        .filter(area__kind__in=kinds | set(REFERENCE_KINDS))
        .select_related("area")
        .order_by("area__position", "area__name")
    )
    home_area = home_area or Area.objects.home_force()
    peers = [obs for obs in observations if obs.area.kind in kinds]
    if group is not None:
        members = set(group.members.values_list("pk", flat=True))
        observations = [o for o in observations if o.area.kind not in (AreaKind.MSG,)]
        peers = [
            o for o in peers if o.area_id in members or (home_area and o.area_id == home_area.pk)
        ]
    if home_area is None:
        home_area = next((obs.area for obs in peers if obs.area.kind == AreaKind.FORCE), None)
    places = measure.decimal_places
    descending = measure.direction_of_good != Direction.DOWN
    ranked = _rank([(obs, rounded(obs.value, places)) for obs in peers], descending)
    entries = tuple(
        RankEntry(
            rank=rank,
            joint=joint,
            area=obs.area,
            value=obs.value,
            value_text=format_value(measure, obs.value),
            is_home=home_area is not None and obs.area_id == home_area.pk,
            is_draft=obs.status != Status.PUBLISHED,
        )
        for rank, joint, obs in ranked
    )
    references = tuple(
        ReferenceEntry(obs.area, obs.value, format_value(measure, obs.value))
        for obs in observations
        if obs.area.kind not in kinds
    )
    if group is not None:
        references = (*_group_figure(measure, group, peers, home_area), *references)
    return PeerRanking(measure, period, entries, references)


def _group_figure(measure: Measure, group, peers, home_area) -> tuple[ReferenceEntry, ...]:
    """The group's own figure from its members' (the home force included), or nothing when
    a member has no figure for the period: a total of some members would mislead."""
    members = list(group.members.all())
    if home_area is not None and home_area not in members:
        members.append(home_area)
    values = {o.area_id: o.value for o in peers}
    if not members or any(m.pk not in values for m in members):
        return ()
    is_total = measure.unit in (Unit.COUNT, Unit.MONEY)
    total = sum(values[m.pk] for m in members)
    value = total if is_total else total / len(members)
    how = "total" if is_total else "average"
    name = f"{group.name} ({how} of {len(members)} forces)"
    return (
        ReferenceEntry(
            GroupFigure(name, len(members), is_total), value, format_value(measure, value)
        ),
    )


def measure_analysis(
    *,
    measure: Measure,
    area: Area | None,
    latest: Period | None,
    user=None,
    show_drafts: bool = False,
) -> dict:
    """What a measure page shows beyond the year-on-year change: the force's control chart and,
    for the latest period shown, its rank among the areas that report the measure."""
    spc = (
        measure_spc(measure=measure, area=area, user=user, show_drafts=show_drafts)
        if area is not None
        else None
    )
    ranking = (
        peer_ranking(
            measure=measure,
            period=latest,
            user=user,
            show_drafts=show_drafts,
            home_area=area,
        )
        if latest is not None
        else None
    )
    return {"spc": spc, "ranking": ranking if ranking is not None and ranking.can_rank else None}
