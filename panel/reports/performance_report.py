"""The Police & Crime Plan Performance Monitoring Report for a period end.

Modelled on the OPCC's panel papers (December 2018 and 2020) and the strategic scrutiny report
of June 2021: a cover block, then each priority with its commentary, a table of its measures
and static charts, and at the end the summary tables of the 2021 report's appendix. Every
change is worded by core.comparisons (through `comparisons_for`); nothing here computes
a change.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string

from core.comparisons import Comparison, target_met
from core.formatting import format_value
from core.periods import Period, add_months, month_end
from pcc_portal.access import is_opcc_staff
from performance.models import Commentary, Measure, Observation, Plan, Priority
from performance.selectors import comparisons_for, force_area
from performance.spc.selectors import MeasureSpc, PeerRanking

from . import charts as chart_kit
from .control_charts import MeasureAnalysis, measure_analyses, numbered
from .rendering import RenderedPdf, render_template_pdf

TEMPLATE = "reports/performance_report.html"
CHART_UNITS = {
    "percentage": "Per cent",
    "minutes": "Minutes",
    "seconds": "Seconds",
    "money": "£ million",
    "rate": "Rate",
}


class NoPlan(ValueError):
    """No Police and Crime Plan had started by the period end."""


@dataclass(frozen=True)
class SummarySpec:
    """One of the appendix's summary tables: which priority, its heading and its measures."""

    priority: str
    heading: str
    measures: tuple[str, ...] = ()
    # Pairs of (spend in £m, share of budget in %) printed together as "£108.7m (38.6%)".
    spend: tuple[tuple[str, str], ...] = ()


# The appendix of the 2021 strategic scrutiny report (and the annual report's Appendix B),
# table by table and row by row. Plans without a layout get a table per priority of every
# annual measure that has a figure.
SUMMARY_LAYOUTS = {
    "PCP-2016": (
        SummarySpec(
            "protecting-local-policing",
            "Protecting local policing",
            spend=(
                ("frontline-spend-visible", "frontline-spend-visible-share"),
                ("frontline-spend-non-visible", "frontline-spend-non-visible-share"),
            ),
            measures=(
                "grade-1-response-median",
                "grade-2-response-median",
                "grade-3-response-median",
                "calls-999-service-level",
                "calls-999-average-answer-time",
                "calls-101-service-level",
                "calls-101-average-answer-time",
            ),
        ),
        SummarySpec(
            "tackling-crime-and-re-offending",
            "Tackling crime & re-offending",
            measures=(
                "all-crime",
                "violence-with-injury",
                "violence-without-injury",
                "burglary-residential",
                "robbery-personal",
                "public-order",
                "asb-incidents",
            ),
        ),
        SummarySpec(
            "supporting-vulnerable-people-and-victims",
            "Supporting vulnerable people & victims",
            measures=(
                "rape",
                "other-sexual-offences",
                "cse-crime",
                "modern-slavery-crimes",
                "domestic-abuse-crime",
                "hate-crime",
                "missing-person-incidents",
            ),
        ),
        SummarySpec(
            "developing-confident-communities",
            "Developing confident communities",
            measures=("confidence-csew",),
        ),
    )
}


@dataclass
class ReportCover:
    """The cover block of a panel paper."""

    body_name: str = "Police and Crime Panel"
    meeting_date: dt.date | None = None
    contact: str = ""
    signatory: str = ""
    signatory_role: str = ""

    def __post_init__(self):
        self.contact = self.contact or getattr(
            settings,
            "REPORT_CONTACT",
            "Office of the Police and Crime Commissioner for Lancashire, 01772 533587, "
            "commissioner@lancashire-pcc.gov.uk",
        )
        self.signatory_role = self.signatory_role or getattr(
            settings,
            "REPORT_SIGNATORY_ROLE",
            "Director, Office of the Police and Crime Commissioner",
        )


@dataclass
class MeasureRow:
    measure: Measure
    label: str
    previous: str
    change: str
    current: str
    assessment: str = "unknown"
    assessment_label: str = ""
    target: str = ""
    target_status: str = ""
    comparison: Comparison | None = None
    # The control chart's reading and the position among the forces, printed beside the
    # change as the dashboard prints them.
    spc: MeasureSpc | None = None
    ranking: PeerRanking | None = None


@dataclass
class PrioritySection:
    priority: Priority
    commentary: list[str] = field(default_factory=list)
    quarter_commentary: list[str] = field(default_factory=list)
    measure_notes: list[tuple[str, str]] = field(default_factory=list)
    rows: list[MeasureRow] = field(default_factory=list)
    quarter_rows: list[MeasureRow] = field(default_factory=list)
    charts: list[chart_kit.Chart] = field(default_factory=list)
    analyses: list[MeasureAnalysis] = field(default_factory=list)

    @property
    def has_rankings(self) -> bool:
        return any(analysis.ranking for analysis in self.analyses)


@dataclass
class SpendRow:
    label: str
    previous: str
    current: str


@dataclass
class SummaryTable:
    heading: str
    source_note: str
    spend_rows: list[SpendRow]
    rows: list[MeasureRow]


@dataclass
class PerformanceReport:
    plan: Plan
    period: Period
    previous: Period
    quarter: Period | None
    cover: ReportCover
    sections: list[PrioritySection]
    summary_tables: list[SummaryTable]

    @property
    def title(self) -> str:
        return "Police & Crime Plan Performance Monitoring Report"

    @property
    def document_title(self) -> str:
        return f"{self.title} – {self.period.label}"

    @property
    def period_heading(self) -> str:
        return period_heading(self.period)

    @property
    def previous_heading(self) -> str:
        return period_heading(self.previous)

    @property
    def chart_count(self) -> int:
        return sum(
            len(section.charts) + sum(len(a.charts) for a in section.analyses)
            for section in self.sections
        )


def period_heading(period: Period) -> str:
    """'April 19 – March '20', as the appendix tables head their columns."""
    return f"{period.start:%B %y} – {period.end:%B} '{period.end:%y}"


def report_periods(period_end: dt.date) -> tuple[Period, Period, Period | None]:
    """The 12 months to `period_end`, the year before, and the quarter ending then (if any)."""
    period = Period.twelve_months_to(period_end)
    end = month_end(period_end.year, period_end.month)
    quarter = Period(add_months(end.replace(day=1), -2), end)
    return period, period.previous_equivalent(), quarter if quarter.kind == "quarter" else None


def plan_for(period_end: dt.date) -> Plan | None:
    """The plan in force at the period end, else the latest that had started by then."""
    plans = Plan.objects.filter(start__lte=period_end).order_by("-start")
    return plans.filter(end__gte=period_end).first() or plans.first()


def build_performance_report(
    *,
    period_end: dt.date,
    user=None,
    show_drafts: bool = False,
    cover: ReportCover | None = None,
    with_charts: bool = True,
) -> PerformanceReport:
    """The report's content. `with_charts=False` leaves the charts and control charts out, for
    documents that print only its tables (the annual report's Appendix B)."""
    plan = plan_for(period_end)
    if plan is None:
        raise NoPlan(f"No Police and Crime Plan had started by {period_end:%-d %B %Y}.")
    period, previous, quarter = report_periods(period_end)
    priorities = list(plan.priorities.order_by("position", "title"))
    measures = list(
        Measure.objects.filter(priorities__plan=plan)
        .distinct()
        .order_by("pk")
        .prefetch_related(Prefetch("priorities", queryset=Priority.objects.filter(plan=plan)))
    )
    observations = _observations(measures, period, previous, quarter, user, show_drafts)
    comparisons = comparisons_for(
        observations=[obs for obs in observations if _is(obs, period) or _is(obs, quarter)],
        user=user,
        show_drafts=show_drafts,
    )
    by_key = {(obs.measure_id, obs.period_start, obs.period_end): obs for obs in observations}
    sections = {p.pk: PrioritySection(priority=p) for p in priorities}
    for measure in measures:
        row = _row(measure, by_key, comparisons, period, previous)
        quarter_row = _row(measure, by_key, comparisons, quarter, None) if quarter else None
        for priority in measure.priorities.all():
            if row:
                sections[priority.pk].rows.append(row)
            if quarter_row and quarter_row.comparison:
                sections[priority.pk].quarter_rows.append(quarter_row)
    _add_commentary(sections, plan, period, quarter, user, show_drafts)
    if with_charts:
        _add_charts(sections, measures, observations, period, previous, user, show_drafts)
    return PerformanceReport(
        plan=plan,
        period=period,
        previous=previous,
        quarter=quarter,
        cover=cover or ReportCover(),
        sections=list(sections.values()),
        summary_tables=_summary_tables(plan, priorities, measures, by_key, comparisons, period),
    )


def _add_charts(sections, measures, observations, period, previous, user, show_drafts) -> None:
    series = _series(observations, period)
    priorities_of = {m.pk: {p.pk for p in m.priorities.all()} for m in measures}
    analyses = measure_analyses(
        measures=measures, area=force_area(), period=period, user=user, show_drafts=show_drafts
    )
    for section in sections.values():
        section.charts = _charts(section, period, previous)
        section.charts += _series_charts(section, series, priorities_of)
        _add_analyses(section, analyses, measures, priorities_of)


def _is(obs: Observation, period: Period | None) -> bool:
    return period is not None and (obs.period_start, obs.period_end) == (period.start, period.end)


def _observations(measures, period, previous, quarter, user, show_drafts) -> list[Observation]:
    """The force's figures for the year, the year before, the quarter and the months or
    quarters inside the year (for the charts), in one query."""
    wanted = Q(period_start=period.start, period_end=period.end) | Q(
        period_start=previous.start, period_end=previous.end
    )
    if quarter:
        wanted |= Q(period_start=quarter.start, period_end=quarter.end)
    wanted |= Q(period_start__gte=period.start, period_end__lte=period.end)
    return list(
        Observation.objects.visible_to(user, show_drafts=show_drafts)
        .filter(wanted, measure__in=measures, area__ons_code=settings.HOME_FORCE)
        .select_related("measure")
        .order_by("period_end")
    )


def _row(measure, by_key, comparisons, period, previous) -> MeasureRow | None:
    current = by_key.get((measure.pk, period.start, period.end))
    before = by_key.get((measure.pk, previous.start, previous.end)) if previous else None
    if current is None and before is None:
        return None
    label = measure.name
    if measure.target_text:
        label = f"{label} (target {measure.target_text})"
    if current is None:
        return MeasureRow(
            measure, label, format_value(measure, before.value), "–", "N/A", target=_target(measure)
        )
    comparison = comparisons[current.pk]
    met = target_met(measure, current.value)
    return MeasureRow(
        measure=measure,
        label=label,
        previous=format_value(measure, comparison.previous) if comparison.has_previous else "–",
        change=comparison.text if comparison.has_previous else "–",
        current=format_value(measure, current.value),
        assessment=comparison.assessment,
        assessment_label=comparison.assessment_label,
        target=_target(measure),
        target_status="" if met is None else ("Met" if met else "Not met"),
        comparison=comparison,
    )


def _target(measure) -> str:
    return measure.target_text


def _add_commentary(sections, plan, period, quarter, user, show_drafts) -> None:
    periods = Q(period_start=period.start, period_end=period.end)
    if quarter:
        periods |= Q(period_start=quarter.start, period_end=quarter.end)
    commentary = (
        Commentary.objects.visible_to(user, show_drafts=show_drafts)
        .filter(periods)
        .filter(Q(priority__plan=plan) | Q(measure__priorities__plan=plan))
        .select_related("measure")
        .prefetch_related(Prefetch("measure__priorities", queryset=plan.priorities.all()))
        .distinct()
        .order_by("pk")
    )
    for note in commentary:
        in_quarter = (
            quarter is not None
            and note.period_end == quarter.end
            and (note.period_start == quarter.start)
        )
        if note.priority_id:
            section = sections[note.priority_id]
            target = section.quarter_commentary if in_quarter else section.commentary
            target.append(note.text)
        else:
            for priority in note.measure.priorities.all():
                sections[priority.pk].measure_notes.append((note.measure.name, note.text))


def _series(observations, period) -> dict[tuple[int, str], list[Observation]]:
    """Monthly or quarterly figures inside the year, by measure and period kind."""
    series = defaultdict(list)
    for obs in observations:
        kind = obs.period.kind
        if kind in ("month", "quarter") and obs.period_start >= period.start:
            series[(obs.measure_id, kind)].append(obs)
    return {key: values for key, values in series.items() if len(values) >= 3}


def _charts(section, period, previous) -> list[chart_kit.Chart]:
    result = []
    title = section.priority.title
    changes = [
        chart_kit.ChangeBar(
            label=row.measure.name,
            percent=float(row.comparison.relative_change * 100),
            text=row.change,
            assessment=row.assessment,
        )
        for row in section.rows
        if row.comparison
        and row.comparison.relative_change is not None
        and row.measure.unit == "count"
    ]
    if len(changes) >= 2:
        result.append(chart_kit.change_bars(f"{title}: change on the previous year", changes))
    for unit, unit_label in CHART_UNITS.items():
        rows = [
            row
            for row in section.rows
            if row.measure.unit == unit and row.comparison and row.comparison.has_previous
        ]
        for group in _scale_groups(rows):
            bars = [
                chart_kit.PairedBar(
                    label=row.measure.name,
                    previous=row.comparison.previous,
                    current=row.comparison.current,
                    previous_text=row.previous,
                    current_text=row.current,
                    target=row.measure.target_value,
                    target_text=row.target,
                )
                for row in group
            ]
            result.append(
                chart_kit.paired_bars(
                    f"{title}: {unit_label.lower()}, this year and last",
                    bars,
                    previous_label=previous.short_label,
                    current_label=period.short_label,
                    unit_label=unit_label,
                )
            )
    return result


def _series_charts(section, series, priorities_of) -> list[chart_kit.Chart]:
    by_unit = defaultdict(list)
    for (measure_id, kind), values in series.items():
        measure = values[0].measure
        if section.priority.pk in priorities_of[measure_id]:
            by_unit[(measure.unit, kind)].append(
                chart_kit.Series(
                    label=measure.name,
                    points=[
                        (obs.period.short_label, obs.value, format_value(measure, obs.value))
                        for obs in values
                    ],
                )
            )
    return [
        chart_kit.line_series(
            f"{section.priority.title}: {kind}ly figures",
            lines,
            unit_label=CHART_UNITS.get(unit, "Number"),
        )
        for (unit, kind), lines in sorted(by_unit.items())
    ]


def _add_analyses(section, analyses, measures, priorities_of) -> None:
    """The section's control charts and peer rankings, numbered after its other charts, and
    their readings on the rows of its table."""
    number = len(section.charts) + 1
    for measure in measures:
        analysis = analyses.get(measure.pk)
        if analysis and section.priority.pk in priorities_of[measure.pk]:
            analysis, number = numbered(analysis, number)
            section.analyses.append(analysis)
    for row in section.rows:
        analysis = analyses.get(row.measure.pk)
        if analysis:
            row.spc, row.ranking = analysis.spc, analysis.ranking


def _scale_groups(rows: list[MeasureRow]) -> list[list[MeasureRow]]:
    """Split rows so that no chart puts a figure beside one more than ten times its size."""
    ordered = sorted(rows, key=lambda row: max(row.comparison.current, row.comparison.previous))
    groups: list[list[MeasureRow]] = []
    for row in ordered:
        top = max(row.comparison.current, row.comparison.previous)
        if groups:
            low = max(groups[-1][0].comparison.current, groups[-1][0].comparison.previous)
            if top <= low * 10:
                groups[-1].append(row)
                continue
        groups.append([row])
    return groups


def _summary_tables(plan, priorities, measures, by_key, comparisons, period) -> list[SummaryTable]:
    by_code = {measure.code: measure for measure in measures}
    layout = SUMMARY_LAYOUTS.get(plan.code) or _default_layout(priorities, measures, by_key, period)
    previous = period.previous_equivalent()
    tables = []
    for spec in layout:
        rows = [
            _row(by_code[code], by_key, comparisons, period, previous)
            for code in spec.measures
            if code in by_code
        ]
        rows = [row for row in rows if row]
        spend_rows = [
            _spend_row(by_code[money], by_code[share], by_key, period, previous)
            for money, share in spec.spend
            if money in by_code and share in by_code
        ]
        tables.append(
            SummaryTable(
                heading=spec.heading,
                source_note=_mark_sources(rows),
                spend_rows=spend_rows,
                rows=rows,
            )
        )
    return tables


def _default_layout(priorities, measures, by_key, period) -> list[SummarySpec]:
    previous = period.previous_equivalent()
    layout = []
    for priority in priorities:
        codes = tuple(
            measure.code
            for measure in measures
            if measure.frequency == "year"
            and priority in measure.priorities.all()
            and (
                (measure.pk, period.start, period.end) in by_key
                or (measure.pk, previous.start, previous.end) in by_key
            )
        )
        if codes:
            layout.append(SummarySpec(priority.code, priority.title, measures=codes))
    return layout


def _spend_row(money, share, by_key, period, previous) -> SpendRow:
    def text(p: Period) -> str:
        amount = by_key.get((money.pk, p.start, p.end))
        part = by_key.get((share.pk, p.start, p.end))
        if amount is None:
            return "N/A"
        written = format_value(money, amount.value)
        return f"{written} ({format_value(share, part.value)})" if part else written

    return SpendRow(label=share.name, previous=text(previous), current=text(period))


def _mark_sources(rows: list[MeasureRow]) -> str:
    """Star the rows whose source differs from the table's usual one, as the seed tables do,
    where most rows (two in three) share a source."""
    sources = [row.measure.source for row in rows if row.measure.source]
    if not sources:
        return ""
    usual = max(sorted(set(sources)), key=sources.count)
    if sources.count(usual) * 3 < len(rows) * 2:
        return ""
    starred = False
    for row in rows:
        if row.measure.source and row.measure.source != usual:
            row.label = f"{row.label} *{row.measure.source}"
            starred = True
    return f"Measure taken from the {usual.lower()}" + (" unless stated with *" if starred else "")


def render_performance_report(
    *, period_end: dt.date, user=None, preview: bool = False, cover: ReportCover | None = None
) -> RenderedPdf:
    """The report as a PDF: the public version, or with preview the staff draft (drafts
    included and every page marked) for OPCC staff."""
    draft = preview and is_opcc_staff(user)
    report = build_performance_report(
        period_end=period_end, user=user, show_drafts=draft, cover=cover
    )
    rendered = render_template_pdf(TEMPLATE, {"report": report}, draft=draft)
    return rendered


def report_body_html(report: PerformanceReport) -> str:
    """The report as HTML for a pack item (the same body the stand-alone report prints)."""
    return render_to_string("reports/includes/performance_body.html", {"report": report})
