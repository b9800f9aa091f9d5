"""Reads for control charts and peer rankings: the page, the dashboard and the PDF call these.

The maths is in `performance.spc.xmr` (pure Python); this module only fetches the visible figures
in a fixed number of queries, whatever the length of the series or the number of areas.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from core.comparisons import ASSESSMENT_LABELS
from core.formatting import format_value, rounded
from core.periods import MONTH, QUARTER, Period
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
from performance.spc.xmr import SpcReading, Split, XmrResult, read_xmr, rule_text, xmr

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


@dataclass
class MeasureSpc:
    """A measure's control chart for one area, with its reading and everything to show it."""

    measure: Measure
    area: Area
    result: XmrResult
    reading: SpcReading
    period_kind: str | None
    drafts: frozenset[Period]

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


def _chart_kind(measure: Measure, by_kind: dict[str, list]) -> str | None:
    """The measure's own frequency if it is monthly or quarterly, else whichever is longer."""
    own = CHART_KINDS.get(measure.frequency)
    if own and by_kind.get(own):
        return own
    candidates = [kind for kind in (MONTH, QUARTER) if by_kind.get(kind)]
    return max(candidates, key=lambda kind: len(by_kind[kind]), default=own)


def _measure_spc(measure, area, rows, baselines) -> MeasureSpc:
    by_kind: dict[str, list] = defaultdict(list)
    for start, end, value, status in rows:
        period = Period(start, end)
        by_kind[period.kind].append((period, value, status))
    kind = _chart_kind(measure, by_kind)
    series = by_kind.get(kind, [])
    floor, ceiling = _bounds(measure)
    result = xmr(
        [(period, value) for period, value, _ in series],
        splits=[Split(b.start, b.label) for b in baselines],
        floor=floor,
        ceiling=ceiling,
    )
    reading = read_xmr(
        result,
        direction_of_good=measure.direction_of_good,
        fmt=_formatter(measure),
        period_noun=PERIOD_NOUNS.get(kind, "figures"),
    )
    drafts = frozenset(p for p, _, status in series if status != Status.PUBLISHED)
    return MeasureSpc(measure, area, result, reading, kind, drafts)


def spc_for_measures(
    *,
    measures: Iterable[Measure],
    area: Area,
    user=None,
    show_drafts: bool = False,
    until: dt.date | None = None,
) -> dict[int, MeasureSpc]:
    """The control chart of each measure for `area`, keyed by measure id, in two queries.

    `until` stops the series at a period's end, so a dashboard or a paper for a past period
    reads the figures as they stood then, not with later months."""
    measures = list(measures)
    rows = defaultdict(list)
    visible = Observation.objects.visible_to(user, show_drafts=show_drafts)
    if until is not None:
        visible = visible.filter(period_end__lte=until)
    observations = (
        visible.filter(measure__in=measures, area=area)
        .order_by("period_start")
        .values_list("measure_id", "period_start", "period_end", "value", "status")
    )
    for measure_id, *row in observations:
        rows[measure_id].append(row)
    baselines = defaultdict(list)
    for baseline in SpcBaseline.objects.filter(measure__in=measures, area=area):
        baselines[baseline.measure_id].append(baseline)
    return {m.pk: _measure_spc(m, area, rows[m.pk], baselines[m.pk]) for m in measures}


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
