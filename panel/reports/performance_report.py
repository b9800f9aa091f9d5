"""The Police & Crime Plan Performance Monitoring Report for a period end.

Modelled on the OPCC's panel papers (December 2018 and 2020) and the strategic scrutiny report
of June 2021: a cover block, then each priority with its commentary, a table of its measures
and static charts, and at the end the summary tables of the 2021 report's appendix. Every
row comes from performance.selectors (`period_rows`, the dashboard's row type, worded by
core.comparisons); this module only lays the rows out and draws them.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.template.loader import render_to_string

from core.formatting import format_value
from core.periods import Period, report_periods
from pcc_portal.access import is_opcc_staff
from pcc_portal.charts import measure_axis
from pcc_portal.identity import site_identity
from performance.models import Plan, Priority
from performance.selectors import (
    MeasureRow,
    force_area,
    period_commentary,
    period_rows,
    plan_in_force,
    plan_measures,
    priority_commentary,
    report_has_figures,
    series_within,
    value_extents,
)

from . import charts as chart_kit
from .control_charts import MeasureAnalysis, measure_analyses, numbered
from .rendering import RenderedPdf, render_template_pdf

TEMPLATE = "reports/performance_report.html"
CHART_UNITS = chart_kit.UNIT_LABELS


class NoPlan(ValueError):
    """No Police and Crime Plan had started by the period end."""


class NoFigures(ValueError):
    """Nothing is published for the period: there is no report to print."""


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
            f"{site_identity().office}, {site_identity().contact}",
        )
        self.signatory_role = self.signatory_role or getattr(
            settings,
            "REPORT_SIGNATORY_ROLE",
            "Director, Office of the Police and Crime Commissioner",
        )


@dataclass
class ReportSection:
    """A priority's pages in the report: its commentary, its rows (the dashboard's row type,
    for the year and for the quarter) and its charts."""

    priority: Priority
    commentary: list[str] = field(default_factory=list)
    quarter_commentary: list[str] = field(default_factory=list)
    measure_notes: list[tuple[str, str]] = field(default_factory=list)
    rows: list[MeasureRow] = field(default_factory=list)
    quarter_rows: list[MeasureRow] = field(default_factory=list)
    charts: list[chart_kit.Chart] = field(default_factory=list)
    analyses: list[MeasureAnalysis] = field(default_factory=list)
    # One sentence in place of the tables of a period it has no figures for ("" if none).
    missing: str = ""

    @property
    def has_rankings(self) -> bool:
        return any(analysis.ranking for analysis in self.analyses)


@dataclass
class SpendRow:
    label: str
    previous: str
    current: str
    has_figures: bool = True


@dataclass
class SummaryTable:
    heading: str
    source_note: str
    spend_rows: list[SpendRow]
    rows: list[MeasureRow]

    @property
    def has_figures(self) -> bool:
        return bool(self.rows) or any(row.has_figures for row in self.spend_rows)


@dataclass
class PerformanceReport:
    plan: Plan
    period: Period
    previous: Period
    quarter: Period | None
    cover: ReportCover
    sections: list[ReportSection]
    # The appendix's tables that have figures, and the headings of those that have none.
    summary_tables: list[SummaryTable]
    empty_summaries: list[str] = field(default_factory=list)

    @property
    def has_year_figures(self) -> bool:
        """Whether any priority has a table for the 12 months; without one the report says
        so once, in its summary, and has no appendix."""
        return any(section.rows for section in self.sections)

    @property
    def has_quarter_figures(self) -> bool:
        return any(section.quarter_rows for section in self.sections)

    @property
    def summary_note(self) -> str:
        """The one sentence that stands for the appendix tables with no figures."""
        if not self.empty_summaries:
            return ""
        names = [heading[0].lower() + heading[1:] for heading in self.empty_summaries]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
        return f"No figures for the {self.period.label} have been published for {listed}."

    @property
    def title(self) -> str:
        return "Police & Crime Plan Performance Monitoring Report"

    @property
    def covered(self) -> Period:
        """The period the report is titled by: its 12 months, or its quarter when only the
        quarter has figures (a report headed "12 months to …" would promise what it lacks)."""
        if not self.has_year_figures and self.has_quarter_figures:
            return self.quarter
        return self.period

    @property
    def covered_words(self) -> str:
        """“the 12 months to March 2021”, or “Q2 2020/21 (1 July to 30 September 2020)”."""
        covered = self.covered
        if covered == self.period:
            return f"the {covered.label}"
        return f"{covered.label} ({covered.start:%-d %B} to {covered.end:%-d %B %Y})"

    @property
    def document_title(self) -> str:
        return f"{self.title} – {self.covered.label}"

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
    plan = plan_in_force(period_end)
    if plan is None:
        raise NoPlan(f"No Police and Crime Plan had started by {period_end:%-d %B %Y}.")
    period, previous, quarter = report_periods(period_end)
    # The download asks the same before queueing the render (documents._performance_exists).
    if not report_has_figures(plan=plan, period_end=period_end, user=user, show_drafts=show_drafts):
        raise NoFigures(f"No figures have been published for the {period.label} or its quarter.")
    priorities = list(plan.priorities.order_by("position", "title"))
    measures = plan_measures(plan=plan)
    # The same rows, worded by the same selector, as the dashboards and the composed papers.
    rows = period_rows(measures=measures, period=period, user=user, show_drafts=show_drafts)
    quarter_rows = (
        period_rows(measures=measures, period=quarter, user=user, show_drafts=show_drafts)
        if quarter
        else {}
    )
    sections = {p.pk: ReportSection(priority=p) for p in priorities}
    for measure in measures:
        row, quarter_row = rows.get(measure.pk), quarter_rows.get(measure.pk)
        for priority in measure.priorities.all():
            if row:
                sections[priority.pk].rows.append(row)
            if quarter_row and quarter_row.force:
                sections[priority.pk].quarter_rows.append(quarter_row)
    _add_commentary(sections, plan, period, quarter, user, show_drafts)
    if with_charts:
        _add_charts(sections, measures, period, previous, user, show_drafts)
    _say_what_is_missing(list(sections.values()), period, quarter)
    tables = _summary_tables(plan, priorities, measures, rows, period)
    return PerformanceReport(
        plan=plan,
        period=period,
        previous=previous,
        quarter=quarter,
        cover=cover or ReportCover(),
        sections=list(sections.values()),
        summary_tables=[table for table in tables if table.has_figures],
        empty_summaries=[table.heading for table in tables if not table.has_figures],
    )


def _say_what_is_missing(sections, period, quarter) -> None:
    """A priority without the report's main table says so in one sentence, naming each period
    the report has figures for and the priority has none: the 12 months, else (the report's
    summary saying once that there are none for the 12 months) the quarter. A priority with
    the main table says nothing of a missing quarter's, as the report always has."""
    covered = []
    if any(section.rows for section in sections):
        covered.append((f"the {period.label}", lambda section: section.rows))
    if quarter and any(section.quarter_rows for section in sections):
        covered.append((quarter.label, lambda section: section.quarter_rows))
    for section in sections:
        if covered and covered[0][1](section):
            continue
        if covered:
            lacking = [words for words, has in covered if not has(section)]
        else:
            # Only monthly or quarterly charts in the whole report: a priority without one.
            lacking = [] if section.charts else [f"the {period.label}"]
        if lacking:
            section.missing = (
                f"No figures have been published for this priority for {' or '.join(lacking)}."
            )


def _add_charts(sections, measures, period, previous, user, show_drafts) -> None:
    series = series_within(measures=measures, period=period, user=user, show_drafts=show_drafts)
    priorities_of = {m.pk: {p.pk for p in m.priorities.all()} for m in measures}
    analyses = measure_analyses(
        measures=measures, area=force_area(), period=period, user=user, show_drafts=show_drafts
    )
    # Each measure on the value axis of its page's chart.
    extents = value_extents(measures=measures, user=user, show_drafts=show_drafts)
    for section in sections.values():
        section.charts = _charts(section, period, previous, extents)
        section.charts += _series_charts(section, series, priorities_of, extents)
        _add_analyses(section, analyses, measures, priorities_of)


def _add_commentary(sections, plan, period, quarter, user, show_drafts) -> None:
    notes = period_commentary(plan=plan, period=period, user=user, show_drafts=show_drafts)
    if quarter:
        notes += period_commentary(plan=plan, period=quarter, user=user, show_drafts=show_drafts)
    for note in notes:
        if note.priority_id:
            # The year's commentary comes from the dashboard's rule below.
            if quarter is not None and note.period == quarter:
                sections[note.priority_id].quarter_commentary.append(note.text)
        else:
            for priority in note.measure.priorities.all():
                sections[priority.pk].measure_notes.append((note.measure.name, note.text))
    # The priority's commentary as the dashboard shows it: the period's own, or else the
    # latest written before it (one rule for the page and the paper).
    for section in sections.values():
        section.commentary = [
            note.text
            for note in priority_commentary(
                priority=section.priority, period=period, user=user, show_drafts=show_drafts
            )
            if note.text not in section.quarter_commentary
        ]


def _charts(section, period, previous, extents) -> list[chart_kit.Chart]:
    result = []
    title = section.priority.title
    changes = [
        chart_kit.ChangeBar(
            label=row.measure.name,
            percent=float(row.comparison.relative_change * 100),
            text=row.change_text,
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
        for value_range, group in _axis_groups(
            [(row.measure, row.force.period.kind, row) for row in rows], extents
        ):
            bars = [
                chart_kit.PairedBar(
                    label=row.measure.name,
                    previous=row.comparison.previous,
                    current=row.comparison.current,
                    previous_text=row.previous_text,
                    current_text=row.current_text,
                    target=row.measure.target_value,
                    target_text=row.target_text,
                )
                for row in group
            ]
            # A chart of one measure says which; several are named by their unit.
            subject = group[0].measure.name if len(group) == 1 else unit_label.lower()
            result.append(
                chart_kit.paired_bars(
                    f"{title}: {subject}, this year and last",
                    bars,
                    previous_label=previous.short_label,
                    current_label=period.short_label,
                    unit_label=unit_label,
                    value_range=value_range,
                )
            )
    return result


def _series_charts(section, series, priorities_of, extents) -> list[chart_kit.Chart]:
    by_unit = defaultdict(list)
    for (measure_id, kind), values in series.items():
        measure = values[0].measure
        if section.priority.pk in priorities_of[measure_id]:
            line = chart_kit.Series(
                label=measure.name,
                points=[
                    (obs.period.short_label, obs.value, format_value(measure, obs.value))
                    for obs in values
                ],
            )
            by_unit[(measure.unit, kind)].append((measure, kind, line))
    charts = []
    for (unit, kind), lines in sorted(by_unit.items()):
        for value_range, group in _axis_groups(lines, extents):
            named = f"{group[0].label}, " if len(group) == 1 else ""
            charts.append(
                chart_kit.line_series(
                    f"{section.priority.title}: {named}{kind}ly figures",
                    group,
                    unit_label=CHART_UNITS.get(unit, "Number"),
                    value_range=value_range,
                )
            )
    return charts


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


def _axis_groups(entries, extents) -> list[tuple[tuple[float, float], list]]:
    """(measure, period kind, item) entries gathered by the value axis each measure has on its
    own page, smallest first: measures share a chart only when their axes are the same, so
    every measure is drawn on the range its page uses (and none is dwarfed by a bigger one)."""
    groups = defaultdict(list)
    for measure, kind, item in entries:
        value_range = measure_axis([(measure, extents.get((measure.pk, kind)))])
        groups[value_range].append(item)
    return sorted(groups.items(), key=lambda pair: (pair[0][1], pair[0][0]))


def _summary_tables(plan, priorities, measures, rows, period) -> list[SummaryTable]:
    by_code = {measure.code: measure for measure in measures}
    layout = SUMMARY_LAYOUTS.get(plan.code) or _default_layout(priorities, measures, rows)
    previous = period.previous_equivalent()
    tables = []
    for spec in layout:
        # Copies: a table's source marks belong to its own rows, not to the priority pages'.
        table_rows = [
            replace(rows[by_code[code].pk])
            for code in spec.measures
            if code in by_code and by_code[code].pk in rows
        ]
        spend_rows = [
            _spend_row(by_code[money], by_code[share], rows, period, previous)
            for money, share in spec.spend
            if money in by_code and share in by_code
        ]
        tables.append(
            SummaryTable(
                heading=spec.heading,
                source_note=_mark_sources(table_rows),
                spend_rows=spend_rows,
                rows=table_rows,
            )
        )
    return tables


def _default_layout(priorities, measures, rows) -> list[SummarySpec]:
    layout = []
    for priority in priorities:
        codes = tuple(
            measure.code
            for measure in measures
            if measure.frequency == "year"
            and priority in measure.priorities.all()
            and measure.pk in rows
        )
        if codes:
            layout.append(SummarySpec(priority.code, priority.title, measures=codes))
    return layout


def _spend_row(money, share, rows, period, previous) -> SpendRow:
    def value(measure, current: bool):
        row = rows.get(measure.pk)
        if row is None:
            return None
        if current:
            return row.force.observation.value if row.force else None
        return row.previous_value

    def text(current: bool) -> str:
        amount, part = value(money, current), value(share, current)
        if amount is None:
            return "N/A"
        written = format_value(money, amount)
        return f"{written} ({format_value(share, part)})" if part is not None else written

    return SpendRow(
        label=share.name,
        previous=text(False),
        current=text(True),
        has_figures=value(money, False) is not None or value(money, True) is not None,
    )


def _mark_sources(rows: list[MeasureRow]) -> str:
    """Star the rows whose source differs from the table's usual one, as the published tables do,
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
            row.mark = f"*{row.measure.source}"
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
