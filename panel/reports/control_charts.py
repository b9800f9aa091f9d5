"""Control charts and peer rankings in the Performance Monitoring Report.

The readings come from performance.spc.selectors, the same calls the dashboard and the measure
page make, so the PDF never says something the page does not. The drawings are those of
performance.spc.charts, put on the report's own figures so that they come out in the same
format (PNG by default) and fonts as the report's other charts.
"""

from dataclasses import dataclass, replace

from django.db.models import Count

from core.periods import Period
from performance.models import Area, AreaKind, Measure, Observation
from performance.spc.charts import draw_ranking, draw_xmr
from performance.spc.selectors import (
    PERIOD_NOUNS,
    MeasureSpc,
    PeerRanking,
    peer_ranking,
    spc_for_measures,
)

from . import charts as chart_kit

# The margins of spc_charts' own drawing (legend below the rotated period labels), at the
# report's chart width.
XMR_HEIGHT_IN = 3.3
XMR_MARGINS = {"left": 0.11, "right": 0.98, "bottom": 0.33, "top": 0.95}


@dataclass
class MeasureAnalysis:
    """What the report shows of one measure beyond the year-on-year change: its control chart
    (when the series is long enough) and its position among the forces (when there are peers)."""

    measure: Measure
    spc: MeasureSpc | None = None
    ranking: PeerRanking | None = None
    control_chart: chart_kit.Chart | None = None
    ranking_chart: chart_kit.Chart | None = None
    # Figure numbers within the priority's section, after its other charts.
    control_number: int = 0
    ranking_number: int = 0

    @property
    def charts(self) -> list[chart_kit.Chart]:
        return [chart for chart in (self.control_chart, self.ranking_chart) if chart]


def measure_analyses(
    *, measures: list[Measure], area: Area | None, period: Period, user, show_drafts: bool
) -> dict[int, MeasureAnalysis]:
    """The measures with a control chart or a peer ranking to show, keyed by measure id."""
    if area is None or not measures:
        return {}
    analyses: dict[int, MeasureAnalysis] = {}
    readings = spc_for_measures(
        measures=measures, area=area, user=user, show_drafts=show_drafts, until=period.end
    )
    for measure in measures:
        spc = readings[measure.pk]
        if spc.enough_data:
            analyses[measure.pk] = MeasureAnalysis(measure, spc=spc)
    for ranking in _rankings(measures, area, period, user, show_drafts):
        analyses.setdefault(ranking.measure.pk, MeasureAnalysis(ranking.measure)).ranking = ranking
    return analyses


def _rankings(measures, area, period, user, show_drafts) -> list[PeerRanking]:
    """Peer rankings for the measures that more than one force reports for the period: one
    query finds them, so a plan without peer figures (the demo's) costs no more."""
    ranked = (
        Observation.objects.visible_to(user, show_drafts=show_drafts)
        .filter(measure__in=measures, period_start=period.start, period_end=period.end)
        .filter(area__kind=AreaKind.FORCE)
        .values("measure_id")
        .annotate(forces=Count("area_id", distinct=True))
        .filter(forces__gte=2)
        .values_list("measure_id", flat=True)
    )
    wanted = set(ranked)
    rankings = [
        peer_ranking(
            measure=measure, period=period, user=user, show_drafts=show_drafts, home_area=area
        )
        for measure in measures
        if measure.pk in wanted
    ]
    return [ranking for ranking in rankings if ranking.can_rank and ranking.position_text]


def numbered(analysis: MeasureAnalysis, first_number: int) -> tuple[MeasureAnalysis, int]:
    """The analysis with its charts (drawn once, however many priorities share the measure)
    numbered from `first_number` for one section of the report, and the next free number."""
    if analysis.spc is not None and analysis.control_chart is None:
        analysis.control_chart = control_chart(analysis.spc)
    if analysis.ranking is not None and analysis.ranking_chart is None:
        analysis.ranking_chart = ranking_chart(analysis.ranking)
    number = first_number
    control_number = ranking_number = 0
    if analysis.control_chart:
        control_number, number = number, number + 1
    if analysis.ranking_chart:
        ranking_number, number = number, number + 1
    copy = replace(analysis, control_number=control_number, ranking_number=ranking_number)
    return copy, number


def control_chart(spc: MeasureSpc) -> chart_kit.Chart:
    noun = PERIOD_NOUNS.get(spc.period_kind, "figures")
    title = f"Control chart of {spc.measure.name} for {spc.area.name}, {noun}"
    return chart_kit.drawn(
        title,
        lambda ax: draw_xmr(ax, spc.result, spc.measure.name),
        alt=control_chart_alt(spc, title),
        height=XMR_HEIGHT_IN,
        margins=XMR_MARGINS,
    )


def control_chart_alt(spc: MeasureSpc, title: str) -> str:
    """The reading first, then the limits of each stretch and every figure, so a reader who
    cannot see the chart has all it shows."""
    reading = spc.reading
    parts = [f"{title}: {reading.text}.", reading.detail]
    for segment in spc.result.segments:
        since = f"From {segment.start_label} ({segment.label}): " if segment.is_recalculated else ""
        parts.append(
            f"{since}average {spc.fmt(segment.mean)}, process limits "
            f"{spc.fmt(segment.lower_shown)} to {spc.fmt(segment.upper_shown)}."
        )
    figures = "; ".join(
        f"{row.label} {row.value}" + (f" ({row.signals})" if row.signals else "")
        for row in spc.rows
    )
    parts.append(f"Figures: {figures}.")
    return " ".join(part for part in parts if part)


def ranking_chart(ranking: PeerRanking) -> chart_kit.Chart:
    home = ranking.home
    title = f"{ranking.measure.name}, {ranking.period.label}: {home.area.name} among the forces"
    height = 0.9 + 0.3 * len(ranking.entries)
    margins = {"left": 0.3, "right": 0.9, "bottom": 0.3 / height, "top": 1 - 0.35 / height}
    entries = "; ".join(f"{e.rank_text}. {e.area.name} {e.value_text}" for e in ranking.entries)
    references = "".join(f" {r.area.name}: {r.value_text}." for r in ranking.references)
    alt = (
        f"{title}: {home.area.name} {ranking.position_text}. {entries}.{references} "
        f"{ranking.order_note}"
    )
    return chart_kit.drawn(
        title, lambda ax: draw_ranking(ax, ranking), alt=alt, height=height, margins=margins
    )
