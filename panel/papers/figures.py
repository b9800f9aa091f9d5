"""Figures placed in composed papers, drawn live from the published data for the paper's
period through the apps' own selectors (the dashboard's `dashboard`/`measure_rows`, the
control-chart selectors, the finance and funds selectors, the decision log), so a figure in a
paper is the figure on the page.

The section types form a registry: a new kind of figures section is one `FigureType` passed
to `register`, with a builder that returns its template's context. Every figure that finds
nothing to show says so in one sentence (`FigureBlock.empty`) instead of an empty table.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from core.formatting import format_value, money_text, pounds
from core.periods import Period, add_months, month_end
from pcc_portal.charts import measure_axis
from performance import selectors as performance_selectors
from performance.models import Measure, Plan, Priority

from .markup import ReferenceError


@dataclass
class PaperContext:
    """What every figure of one paper shares: its period, the plan in force at the period's
    end, its meeting, and whose view of the data it is."""

    period: Period | None
    meeting: object | None = None
    user: object | None = None
    show_drafts: bool = False
    _rows: dict = field(default_factory=dict)

    @cached_property
    def plan(self) -> Plan | None:
        return performance_selectors.plan_in_force(self.period.end) if self.period else None

    @cached_property
    def area(self):
        return performance_selectors.force_area()

    def basis(self, name: str) -> Period | None:
        """The period a figure is read for: the paper's own, or the quarter or the 12 months
        ending with it."""
        if self.period is None:
            return None
        end = self.period.end
        if name == "year":
            return Period.twelve_months_to(end)
        if name == "quarter":
            return Period(add_months(month_end(end.year, end.month).replace(day=1), -2), end)
        return self.period

    def measure_row(self, measure: Measure, basis: str = ""):
        """The dashboard's row for the measure (force figure, comparators, trend)."""
        period = self.basis(basis)
        key = (measure.pk, basis)
        if key not in self._rows:
            rows = performance_selectors.measure_rows(
                measures=[measure],
                period=period,
                area=self.area,
                user=self.user,
                show_drafts=self.show_drafts,
            )
            self._rows[key] = rows[measure.pk]
        return self._rows[key]


@dataclass
class FigureBlock:
    """A figures section's content: its template and context, or the one sentence that says
    there is nothing to show."""

    template: str
    context: dict = field(default_factory=dict)
    empty: str = ""


@dataclass(frozen=True)
class FigureType:
    code: str
    label: str
    template: str
    build: Callable[[PaperContext, str], FigureBlock]
    # What the subject field holds ("" when the figure needs none), and its check.
    subject_label: str = ""
    check_subject: Callable[[PaperContext, str], str] | None = None
    # Whether it prints published performance figures: a paper printing only other things
    # (commitments' progress, say) is not an empty report when no figures are published.
    draws_figures: bool = True


REGISTRY: dict[str, FigureType] = {}


def register(figure_type: FigureType) -> FigureType:
    REGISTRY[figure_type.code] = figure_type
    return figure_type


def choices() -> list[tuple[str, str]]:
    return [(code, kind.label) for code, kind in REGISTRY.items()]


def subject_error(context: PaperContext, code: str, subject: str) -> str:
    """Why a figures section cannot be drawn, or ""."""
    kind = REGISTRY.get(code)
    if kind is None:
        return f"“{code}” is not a kind of figures section." if code else "Choose the figures."
    if kind.check_subject is None:
        return ""
    return kind.check_subject(context, subject)


def build(context: PaperContext, code: str, subject: str) -> FigureBlock:
    return REGISTRY[code].build(context, subject)


def _period_words(context: PaperContext) -> str:
    return context.period.label if context.period else "this period"


# --- Measures -------------------------------------------------------------------------------


def _measure(code: str) -> Measure | None:
    return Measure.objects.filter(code=code).first()


def _check_measure(context: PaperContext, subject: str) -> str:
    if not subject:
        return "Give the measure’s code (for example all-crime)."
    if _measure(subject) is None:
        return f"There is no measure with the code “{subject}”."
    return ""


def _priority(context: PaperContext, code: str) -> Priority | None:
    if context.plan is None:
        return None
    return context.plan.priorities.filter(code=code).first()


def _check_priority(context: PaperContext, subject: str) -> str:
    if context.plan is None:
        return "Give the paper’s period first: the priorities are those of the plan then."
    if _priority(context, subject) is None:
        codes = ", ".join(context.plan.priorities.values_list("code", flat=True))
        return f"“{subject}” is not a priority of the {context.plan.title} (one of: {codes})."
    return ""


def _not_reported(rows) -> bool:
    return not any(row.force for row in rows)


def _priority_measures(context: PaperContext, subject: str) -> FigureBlock:
    template = "papers/figures/priority_measures.html"
    priority = _priority(context, subject)
    if priority is None or context.period is None:
        return FigureBlock(template, empty=_check_priority(context, subject))
    priorities = list(
        performance_selectors.priorities_with_measures(plan=context.plan).filter(pk=priority.pk)
    )
    board = performance_selectors.dashboard(
        priorities=priorities,
        period=context.period,
        periods=[],
        user=context.user,
        show_drafts=context.show_drafts,
    )
    rows = board.rows
    block = FigureBlock(template, {"priority": priority, "rows": rows})
    if _not_reported(rows):
        block.empty = (
            f"No figures for {priority.title.lower()} have been published for "
            f"{_period_words(context)}."
        )
    return block


def _measure_chart(context: PaperContext, measure: Measure, template: str) -> FigureBlock:
    from panel.reports import charts as chart_kit

    row = context.measure_row(measure)
    if row.force is None:
        return FigureBlock(template, empty=_not_published(measure, context))
    figure = row.force
    # The value axis of the measure's page, for the kind of figures each chart draws.
    extents = performance_selectors.value_extents(
        measures=[measure], user=context.user, show_drafts=context.show_drafts
    )

    def axis(kind: str) -> tuple[float, float]:
        return measure_axis([(measure, extents.get((measure.pk, kind)))])

    charts = []
    if figure.comparison.has_previous:
        period = figure.period
        charts.append(
            chart_kit.paired_bars(
                f"{measure.name}: {period.previous_equivalent().short_label} and "
                f"{period.short_label}",
                [
                    chart_kit.PairedBar(
                        label=measure.name,
                        previous=figure.comparison.previous,
                        current=figure.comparison.current,
                        previous_text=figure.previous_text,
                        current_text=figure.value_text,
                        target=measure.target_value,
                        target_text=measure.target_text,
                    )
                ],
                previous_label=period.previous_equivalent().short_label,
                current_label=period.short_label,
                unit_label=chart_kit.unit_label(measure.unit),
                value_range=axis(period.kind),
            )
        )
    points = [(p.short_label, value, format_value(measure, value)) for p, value in row.trend]
    if len(points) >= 3:
        charts.append(
            chart_kit.line_series(
                f"{measure.name}: {figure.period.kind_label.lower()} figures",
                [chart_kit.Series(label=figure.area.name, points=points)],
                unit_label=chart_kit.unit_label(measure.unit),
                value_range=axis(row.trend[-1][0].kind),
            )
        )
    return FigureBlock(template, {"row": row, "charts": charts, "measure": measure})


def _measure_figure(template: str, draw) -> Callable[[PaperContext, str], FigureBlock]:
    """A figure of one measure: the measure looked up from the subject, and one sentence
    instead of the figure when there is no such measure or the paper has no period yet."""

    def build(context: PaperContext, subject: str) -> FigureBlock:
        measure = _measure(subject)
        if measure is None or context.period is None:
            message = _check_measure(context, subject) or "Give the paper’s period first."
            return FigureBlock(template, empty=message)
        return draw(context, measure, template)

    return build


def _not_published(measure: Measure, context: PaperContext) -> str:
    return f"No figure for {measure.name} has been published for {_period_words(context)}."


def _comparator_table(context: PaperContext, measure: Measure, template: str) -> FigureBlock:
    row = context.measure_row(measure)
    if row.force is None:
        return FigureBlock(template, empty=_not_published(measure, context))
    block = FigureBlock(
        template,
        {
            "measure": measure,
            "period": row.force.period.label,
            "figures": [row.force, *row.comparators],
        },
    )
    if not row.comparators:
        block.empty = (
            f"No comparator areas’ figures for {measure.name} have been published for "
            f"{row.force.period.label}."
        )
    return block


def _control_chart(context: PaperContext, measure: Measure, template: str) -> FigureBlock:
    from panel.reports.control_charts import measure_analyses

    analyses = measure_analyses(
        measures=[measure],
        area=context.area,
        period=context.period,
        user=context.user,
        show_drafts=context.show_drafts,
    )
    analysis = analyses.get(measure.pk)
    if analysis is None or analysis.spc is None:
        return FigureBlock(
            template,
            empty=(
                f"There are not yet enough published figures of {measure.name} up to "
                f"{context.period.end:%-d %B %Y} to draw a control chart."
            ),
        )
    return FigureBlock(template, {"measure": measure, "analysis": analysis})


# --- Finance, grants, decisions -------------------------------------------------------------


def _finance_table(context: PaperContext, subject: str) -> FigureBlock:
    from core.periods import financial_year_of
    from finance import selectors as finance_selectors
    from finance.models import FinancialYear

    template = "papers/figures/finance_table.html"
    if context.period is None:
        return FigureBlock(template, empty="Give the paper’s period first.")
    start_year = int(subject) if subject else financial_year_of(context.period.end)
    years = finance_selectors.visible_years(user=context.user, show_drafts=context.show_drafts)
    year = next((y for y in years if y.start_year == start_year), None)
    label = FinancialYear(start_year=start_year).label
    if year is None:
        return FigureBlock(
            template, empty=f"The finance figures for {label} have not been published."
        )
    board = finance_selectors.finance_dashboard(year=year, years=years)
    lines = [
        {
            "label": row.label,
            "current": money_text(row.current, "m"),
            "previous": money_text(row.previous, "m"),
            "change": row.comparison.text if row.comparison else "–",
        }
        for row in board.year_on_year
    ]
    return FigureBlock(
        template,
        {"year": year, "previous": board.previous, "lines": lines},
        empty="" if lines else f"The finance figures for {label} have not been published.",
    )


def _check_finance_year(context: PaperContext, subject: str) -> str:
    if subject and not (subject.isdigit() and len(subject) == 4):
        return "Give the financial year’s first year (2020 for 2020/21), or leave it empty."
    return ""


def _grants_table(context: PaperContext, subject: str) -> FigureBlock:
    from funds import selectors as funds_selectors

    template = "papers/figures/grants_table.html"
    if context.period is None:
        return FigureBlock(template, empty="Give the paper’s period first.")
    grants = funds_selectors.grant_rows(
        funds_selectors.visible_grants(user=context.user, show_drafts=context.show_drafts)
    ).filter(award_date__gte=context.period.start, award_date__lte=context.period.end)
    if subject:
        grants = grants.filter(fund__slug=subject)
    grants = list(grants.order_by("award_date", "organisation__name", "pk"))
    what = _fund_name(subject) if subject else "grants"
    if not grants:
        return FigureBlock(
            template, empty=f"No {what} awards have been published for {_period_words(context)}."
        )
    # Some awards are published without their amount (the paper names them, not the split).
    amounts = [grant.amount_awarded for grant in grants if grant.amount_awarded is not None]
    total = sum(amounts) if len(amounts) == len(grants) else None
    lines = [
        {
            "organisation": grant.organisation.name if grant.organisation else grant.title,
            "fund": grant.fund.name,
            "title": grant.title,
            "amount": pounds(grant.amount_awarded) if grant.amount_awarded is not None else "–",
            "date": grant.award_date,
        }
        for grant in grants
    ]
    return FigureBlock(
        template,
        {"lines": lines, "total": pounds(total) if total is not None else "", "what": what},
    )


def _fund_name(slug: str) -> str:
    from funds.models import Fund

    fund = Fund.objects.filter(slug=slug).order_by("-start_year").first()
    return fund.name if fund else slug


def _check_fund(context: PaperContext, subject: str) -> str:
    from funds.models import Fund

    if subject and not Fund.objects.filter(slug=subject).exists():
        return f"There is no fund with the code “{subject}”; leave it empty for every fund."
    return ""


def _decisions(context: PaperContext, subject: str) -> FigureBlock:
    from panel import selectors as panel_selectors

    template = "papers/figures/decisions.html"
    meeting = context.meeting
    if meeting is None:
        return FigureBlock(
            template,
            empty="The decisions since the last meeting are listed once the paper is attached "
            "to a meeting’s agenda.",
        )
    previous = panel_selectors.previous_meeting(meeting=meeting)
    decisions = panel_selectors.decisions_since_last_meeting(
        meeting=meeting, user=context.user, previous=previous
    )
    block = FigureBlock(template, {"decisions": decisions, "previous": previous})
    if not decisions:
        block.empty = "No decisions have been published since the last meeting."
    return block


register(
    FigureType(
        "priority-measures",
        "A priority’s measures table",
        "papers/figures/priority_measures.html",
        _priority_measures,
        subject_label="priority code",
        check_subject=_check_priority,
    )
)
register(
    FigureType(
        "measure-chart",
        "One measure’s chart with its comparison",
        "papers/figures/measure_chart.html",
        _measure_figure("papers/figures/measure_chart.html", _measure_chart),
        subject_label="measure code",
        check_subject=_check_measure,
    )
)
register(
    FigureType(
        "comparator-table",
        "A measure beside the comparator areas",
        "papers/figures/comparator_table.html",
        _measure_figure("papers/figures/comparator_table.html", _comparator_table),
        subject_label="measure code",
        check_subject=_check_measure,
    )
)
register(
    FigureType(
        "control-chart",
        "A measure’s control-chart reading",
        "papers/figures/control_chart.html",
        _measure_figure("papers/figures/control_chart.html", _control_chart),
        subject_label="measure code",
        check_subject=_check_measure,
    )
)
register(
    FigureType(
        "finance-table",
        "The finance summary, year on year",
        "papers/figures/finance_table.html",
        _finance_table,
        subject_label="financial year (empty: the paper’s)",
        check_subject=_check_finance_year,
    )
)
register(
    FigureType(
        "grants-table",
        "Grants awarded in the period",
        "papers/figures/grants_table.html",
        _grants_table,
        subject_label="fund code (empty: every fund)",
        check_subject=_check_fund,
    )
)
register(
    FigureType(
        "decisions",
        "Decisions since the last meeting",
        "papers/figures/decisions.html",
        _decisions,
    )
)


# --- Inline references ----------------------------------------------------------------------

ATTRIBUTES = ("value", "previous", "change", "period", "target", "assessment")
BASES = ("", "year", "quarter")


def resolver(context: PaperContext):
    """The function that words `{{ code@basis.attribute }}` for this paper."""
    measures: dict[str, Measure | None] = {}

    def resolve(code: str, basis: str, attribute: str) -> str:
        reference = "{{ " + code + (f"@{basis}" if basis else "") + f".{attribute} }}}}"
        if code not in measures:
            measures[code] = _measure(code)
        measure = measures[code]
        if measure is None:
            raise ReferenceError(f"{reference}: there is no measure with the code “{code}”.")
        if attribute not in ATTRIBUTES:
            raise ReferenceError(
                f"{reference}: “{attribute}” is not something a figure has; use one of "
                + ", ".join(ATTRIBUTES)
                + "."
            )
        if basis not in BASES:
            raise ReferenceError(
                f"{reference}: “@{basis}” is not a basis; use @quarter or @year, or nothing "
                "for the paper’s period."
            )
        if context.period is None:
            raise ReferenceError(f"{reference}: give the paper’s period first.")
        if attribute == "target":
            return measure.target_text or "no target"
        row = context.measure_row(measure, basis)
        figure = row.force
        if figure is None:
            return "not yet reported"
        comparison = figure.comparison
        return {
            "value": figure.value_text,
            "previous": figure.previous_text or "not reported",
            "change": comparison.text if comparison.has_previous else "no comparison",
            "period": figure.period.label,
            "assessment": comparison.assessment_label,
        }[attribute]

    return resolve


def period_of(start: dt.date | None, end: dt.date | None) -> Period | None:
    return Period(start, end) if start and end else None
