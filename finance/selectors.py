"""Reads for the finance dashboard, its exports and the PDF report.

Every total, share and change of the finance pages is computed here from the lines officers
entered, and returned as plain data (dataclasses of Decimals), so the web page, the CSV and
the PDF print the same figures. Each function takes `year=` (a FinancialYear) keyword-only.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from core.comparisons import Comparison, compare
from core.formatting import millions, money_text

from .models import (
    OPERATIONAL_FRONTLINE,
    SPLIT_CATEGORIES,
    BudgetLine,
    BudgetLineKind,
    FinancialYear,
    FrontlineCategory,
    FrontlineSpend,
    FundingLine,
    GrantTiming,
    MonitoringLine,
    Precept,
    PrintedFigure,
    PrintedTotal,
    SpecificGrant,
)

ZERO = Decimal("0")
HUNDRED = Decimal("100")
SHARE_PLACES = Decimal("0.1")
# Each figure a paper prints is rounded to its last digit, so a sum of n printed figures may
# miss the printed total by up to n half-units of that digit.
HALF_UNIT = {"m": Decimal("0.0005"), "£": Decimal("0.005"), "%": Decimal("0.05")}


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """`part` as a percentage of `whole`, to one decimal place (None when whole is zero)."""
    if not whole:
        return None
    return (part * HUNDRED / whole).quantize(SHARE_PLACES, rounding=ROUND_HALF_UP)


def rounding_tolerance(unit: str, count: int) -> Decimal:
    return HALF_UNIT[unit] * max(count, 1)


@dataclass(frozen=True)
class Check:
    """A statement about whether figures agree, shown on the dashboard: ok or flagged."""

    ok: bool
    text: str


def shares_check(shares: Iterable[Decimal | None], *, what: str) -> Check:
    """Rounded shares must add to 100% within their rounding, or the dashboard flags it."""
    values = [s for s in shares if s is not None]
    total = sum(values, ZERO)
    if abs(total - HUNDRED) <= rounding_tolerance("%", len(values)):
        note = "" if total == HUNDRED else " (the difference is rounding)"
        return Check(True, f"The {what} percentages add up to {total}%{note}.")
    return Check(False, f"The {what} percentages add up to {total}%, not 100%.")


# ----- Years --------------------------------------------------------------------------------


def visible_years(*, user=None, show_drafts: bool = False) -> list[FinancialYear]:
    return list(FinancialYear.objects.visible_to(user, show_drafts=show_drafts))


def withdrawn_years() -> list[FinancialYear]:
    """Years whose tables the public saw and the lead withdrew: pages say when and why."""
    return list(FinancialYear.objects.withdrawn())


def default_year(years: list[FinancialYear]) -> FinancialYear | None:
    """The latest year with a budget build, or else the latest year."""
    with_build = set(
        BudgetLine.objects.filter(year__in=years).values_list("year_id", flat=True).distinct()
    )
    for year in years:
        if year.pk in with_build:
            return year
    return years[0] if years else None


def previous_year(year: FinancialYear, years: Iterable[FinancialYear]) -> FinancialYear | None:
    return next((y for y in years if y.start_year == year.start_year - 1), None)


# ----- Budget build -------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetStep:
    label: str
    amount: Decimal  # signed: savings are negative here
    kind: str  # "start", "pressure", "subtotal", "saving", "total"


@dataclass(frozen=True)
class BudgetBuild:
    year_label: str
    previous_label: str
    brought_forward: Decimal | None
    pressures: list[BudgetStep]
    savings: list[BudgetStep]
    pressures_total: Decimal
    savings_total: Decimal
    spending_requirement: Decimal | None
    requirement: Decimal | None

    @property
    def has_lines(self) -> bool:
        return bool(self.pressures or self.savings)

    @property
    def steps(self) -> list[BudgetStep]:
        """The build in reading order, as the annual report prints it."""
        if self.brought_forward is None:
            return []
        return [
            BudgetStep(f"Budget requirement {self.previous_label}", self.brought_forward, "start"),
            *self.pressures,
            BudgetStep(
                f"Spending requirement {self.year_label}", self.spending_requirement, "subtotal"
            ),
            *self.savings,
            BudgetStep(f"Budget requirement {self.year_label}", self.requirement, "total"),
        ]


def budget_build(*, year: FinancialYear) -> BudgetBuild:
    """Last year's requirement + cost pressures − savings = this year's requirement."""
    lines = list(BudgetLine.objects.filter(year=year).order_by("kind", "position", "pk"))
    pressures = [
        BudgetStep(line.label, line.amount, "pressure")
        for line in lines
        if line.kind == BudgetLineKind.COST_PRESSURE
    ]
    savings = [
        BudgetStep(line.label, -line.amount, "saving")
        for line in lines
        if line.kind == BudgetLineKind.SAVING
    ]
    pressures_total = sum((s.amount for s in pressures), ZERO)
    savings_total = -sum((s.amount for s in savings), ZERO)
    start = year.brought_forward_requirement
    spending = start + pressures_total if start is not None else None
    return BudgetBuild(
        year_label=year.label,
        previous_label=FinancialYear(start_year=year.start_year - 1).label,
        brought_forward=start,
        pressures=pressures,
        savings=savings,
        pressures_total=pressures_total,
        savings_total=savings_total,
        spending_requirement=spending,
        requirement=spending - savings_total if spending is not None else None,
    )


def waterfall(build: BudgetBuild) -> dict:
    """The build as a waterfall drawn with stacked bars: an invisible base bar lifts each
    step to where the running total stands (plotly-basic has no waterfall trace)."""
    labels, base, rise, fall, total = [], [], [], [], []
    running = ZERO
    for step in build.steps:
        labels.append(step.label)
        if step.kind in ("start", "subtotal", "total"):
            running = step.amount
            base.append(ZERO), rise.append(ZERO), fall.append(ZERO), total.append(step.amount)
        elif step.amount >= 0:
            base.append(running), rise.append(step.amount), fall.append(ZERO), total.append(ZERO)
            running += step.amount
        else:
            running += step.amount
            base.append(running), rise.append(ZERO), fall.append(-step.amount)
            total.append(ZERO)
    return {"labels": labels, "base": base, "rise": rise, "fall": fall, "total": total}


# ----- Funding ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FundingRow:
    source: str
    label: str
    amount: Decimal
    share: Decimal | None


@dataclass(frozen=True)
class FundingSummary:
    rows: list[FundingRow]
    total: Decimal
    requirement: Decimal | None
    checks: list[Check] = field(default_factory=list)


def funding_summary(*, year: FinancialYear, requirement: Decimal | None = None) -> FundingSummary:
    """Funding by source with each source's share of the total, and whether the total meets
    the budget requirement (pass it in when already computed, to save a query)."""
    lines = list(FundingLine.objects.filter(year=year).order_by("position", "pk"))
    total = sum((line.amount for line in lines), ZERO)
    rows = [
        FundingRow(line.source, line.get_source_display(), line.amount, share(line.amount, total))
        for line in lines
    ]
    if requirement is None and year.brought_forward_requirement is not None:
        requirement = budget_build(year=year).requirement
    checks = []
    if rows:
        checks.append(shares_check([r.share for r in rows], what="funding"))
        if requirement is not None:
            checks.append(_funding_meets_requirement(total, requirement, len(rows)))
    return FundingSummary(rows=rows, total=total, requirement=requirement, checks=checks)


def _funding_meets_requirement(total: Decimal, requirement: Decimal, count: int) -> Check:
    gap = total - requirement
    funding, needed, apart = (money_text(v, "m") for v in (total, requirement, abs(gap)))
    if gap == 0:
        return Check(True, f"Funding of {funding} meets the budget requirement exactly.")
    if abs(gap) <= rounding_tolerance("m", count + 1):
        return Check(
            True,
            f"Funding adds up to {funding} against a budget requirement of {needed}: "
            f"{apart} apart, within the rounding of the printed figures.",
        )
    return Check(
        False,
        f"Funding adds up to {funding} but the budget requirement is {needed} "
        f"({apart} {'more' if gap > 0 else 'less'}).",
    )


# ----- Specific grants ----------------------------------------------------------------------


@dataclass(frozen=True)
class SpecificGrantGroup:
    timing: str
    label: str
    rows: list[tuple[str, Decimal]]
    total: Decimal


def specific_grants(*, year: FinancialYear) -> list[SpecificGrantGroup]:
    """Specific grants in the original budget, then those awarded during the year, each with
    its computed total."""
    grants = list(SpecificGrant.objects.filter(year=year).order_by("position", "pk"))
    groups = []
    for timing in GrantTiming:
        rows = [(g.name, g.amount) for g in grants if g.timing == timing]
        if rows:
            total = sum((amount for _, amount in rows), ZERO)
            groups.append(SpecificGrantGroup(timing.value, timing.label, rows, total))
    return groups


# ----- Precept ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PreceptSummary:
    year_label: str
    band_d: Decimal
    previous_band_d: Decimal | None
    increase: Decimal | None
    increase_percent: Decimal | None
    note: str


def precept_summary(*, year: FinancialYear) -> PreceptSummary | None:
    """The Band D precept and, when the year before is known, the increase on it."""
    pair = {
        p.year.start_year: p
        for p in Precept.objects.filter(
            year__start_year__in=[year.start_year, year.start_year - 1]
        ).select_related("year")
    }
    current = pair.get(year.start_year)
    if current is None:
        return None
    before = pair.get(year.start_year - 1)
    increase = current.band_d - before.band_d if before else None
    return PreceptSummary(
        year_label=year.label,
        band_d=current.band_d,
        previous_band_d=before.band_d if before else None,
        increase=increase,
        increase_percent=share(increase, before.band_d) if before else None,
        note=current.note,
    )


# ----- Frontline spend ----------------------------------------------------------------------


@dataclass(frozen=True)
class FrontlineRow:
    category: str
    label: str
    amount: Decimal
    share: Decimal | None
    reported_percentage: Decimal | None
    is_subtotal: bool = False
    in_split: bool = True

    @property
    def amount_text(self) -> str:
        return f"£{millions(self.amount, least=1)}m"


@dataclass(frozen=True)
class FrontlineSplit:
    year_label: str
    rows: list[FrontlineRow]
    split_total: Decimal
    total: Decimal
    is_complete: bool
    checks: list[Check]

    @property
    def total_text(self) -> str:
        return f"£{millions(self.total, least=1)}m"

    def amount(self, category: str) -> Decimal | None:
        return next((r.amount for r in self.rows if r.category == category), None)


def frontline_split(*, year: FinancialYear) -> FrontlineSplit:
    lines = list(FrontlineSpend.objects.filter(year=year).order_by("position", "pk"))
    return _frontline_from_lines(year, lines)


def _frontline_from_lines(year: FinancialYear, lines: list[FrontlineSpend]) -> FrontlineSplit:
    """Shares are of the split's total (everything but Other), as the force's return prints
    them; they are computed only when all four split categories are known."""
    by_category = {line.category: line for line in lines}
    is_complete = all(c in by_category for c in SPLIT_CATEGORIES)
    split_total = sum((by_category[c].amount for c in SPLIT_CATEGORIES if c in by_category), ZERO)

    def row(category, *, in_split=True):
        line = by_category[category]
        computed = share(line.amount, split_total) if is_complete and in_split else None
        return FrontlineRow(
            category,
            line.get_category_display(),
            line.amount,
            computed,
            line.reported_percentage,
            in_split=in_split,
        )

    rows = [row(c) for c in OPERATIONAL_FRONTLINE if c in by_category]
    if all(c in by_category for c in OPERATIONAL_FRONTLINE):
        operational = sum((by_category[c].amount for c in OPERATIONAL_FRONTLINE), ZERO)
        rows.append(
            FrontlineRow(
                "operational_frontline",
                "Operational frontline",
                operational,
                share(operational, split_total) if is_complete else None,
                None,
                is_subtotal=True,
            )
        )
    rows += [row(c) for c in SPLIT_CATEGORIES[2:] if c in by_category]
    if FrontlineCategory.OTHER in by_category:
        rows.append(row(FrontlineCategory.OTHER, in_split=False))
    total = sum((line.amount for line in lines), ZERO)
    return FrontlineSplit(
        year.label, rows, split_total, total, is_complete, _frontline_checks(rows, is_complete)
    )


def _frontline_checks(rows: list[FrontlineRow], is_complete: bool) -> list[Check]:
    leaves = [r for r in rows if r.in_split and not r.is_subtotal]
    if not leaves:
        return []
    if not is_complete:
        printed = [r.reported_percentage for r in leaves if r.reported_percentage is not None]
        names = [r.label.lower() for r in leaves]
        known = " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
        text = f"Only {known} spend is known for this year, so shares cannot be computed" + (
            f"; the source's printed percentages add up to {sum(printed, ZERO)}%."
            if printed
            else "."
        )
        return [Check(False, text)]
    checks = [shares_check([r.share for r in leaves], what="frontline split")]
    for r in leaves:
        if (
            r.reported_percentage is not None
            and abs(r.reported_percentage - r.share) > HALF_UNIT["%"] * 2
        ):
            checks.append(
                Check(
                    False,
                    f"{r.label}: the source prints {r.reported_percentage}%, "
                    f"the figures give {r.share}%.",
                )
            )
    return checks


# ----- Quarterly monitoring -----------------------------------------------------------------


@dataclass(frozen=True)
class MonitoringRow:
    quarter: int
    heading: str
    budget: Decimal
    forecast_outturn: Decimal
    variance: Decimal  # positive: forecast overspend; negative: underspend


def monitoring(*, year: FinancialYear) -> list[MonitoringRow]:
    return [
        MonitoringRow(m.quarter, m.heading, m.budget, m.forecast_outturn, m.variance)
        for m in MonitoringLine.objects.filter(year=year).order_by("quarter", "position", "pk")
    ]


def monitoring_totals(rows: list[MonitoringRow]) -> list[MonitoringRow]:
    """One total row per quarter, added up from that quarter's lines."""
    totals: dict[int, list[Decimal]] = {}
    for r in rows:
        t = totals.setdefault(r.quarter, [ZERO, ZERO])
        t[0] += r.budget
        t[1] += r.forecast_outturn
    return [MonitoringRow(q, f"Total Q{q}", b, f, f - b) for q, (b, f) in sorted(totals.items())]


# ----- Checks against the printed totals ----------------------------------------------------


@dataclass(frozen=True)
class TotalCheck:
    label: str
    printed: Decimal
    computed: Decimal | None
    unit: str  # "m" or "£"
    difference: Decimal | None
    ok: bool
    source: str


def printed_total_checks(
    *,
    year: FinancialYear,
    build: BudgetBuild,
    funding: FundingSummary,
    grants: list[SpecificGrantGroup],
    frontline: FrontlineSplit,
) -> list[TotalCheck]:
    """Whether the lines of the source paper add up to the totals it prints."""
    groups = {g.timing: g for g in grants}
    computed = {
        PrintedFigure.SPENDING_REQUIREMENT: (
            build.spending_requirement,
            "m",
            len(build.pressures) + 1,
        ),
        PrintedFigure.BUDGET_REQUIREMENT: (
            build.requirement,
            "m",
            1 + len(build.pressures) + len(build.savings),
        ),
        PrintedFigure.FUNDING_TOTAL: (
            funding.total if funding.rows else None,
            "m",
            len(funding.rows),
        ),
        PrintedFigure.SPECIFIC_GRANTS_ORIGINAL: _group_total(groups, GrantTiming.ORIGINAL_BUDGET),
        PrintedFigure.SPECIFIC_GRANTS_IN_YEAR: _group_total(groups, GrantTiming.IN_YEAR),
        PrintedFigure.FRONTLINE_TOTAL: (
            frontline.total if frontline.rows else None,
            "m",
            len(frontline.rows),
        ),
    }
    checks = []
    order = list(PrintedFigure.values)
    printed_totals = sorted(
        PrintedTotal.objects.filter(year=year), key=lambda p: order.index(p.figure)
    )
    for printed in printed_totals:
        value, unit, count = computed[printed.figure]
        difference = value - printed.amount if value is not None else None
        ok = difference is not None and abs(difference) <= rounding_tolerance(unit, count)
        checks.append(
            TotalCheck(
                printed.get_figure_display(),
                printed.amount,
                value,
                unit,
                difference,
                ok,
                printed.source,
            )
        )
    return checks


def _group_total(groups, timing):
    group = groups.get(timing)
    return (group.total if group else None, "£", len(group.rows) if group else 0)


# ----- Year on year -------------------------------------------------------------------------


@dataclass(frozen=True)
class YearOnYearRow:
    label: str
    current: Decimal | None
    previous: Decimal | None
    comparison: Comparison | None


def _money_comparison(current, previous) -> Comparison | None:
    if current is None or previous is None:
        return None
    return compare(
        unit="money", decimal_places=3, direction="neither", current=current, previous=previous
    )


def year_on_year(
    *,
    build: BudgetBuild,
    funding: FundingSummary,
    frontline: FrontlineSplit,
    previous_build: BudgetBuild | None,
    previous_funding: FundingSummary | None,
    previous_frontline: FrontlineSplit | None,
) -> list[YearOnYearRow]:
    """This year's main figures beside last year's, with the change worded by `compare`.
    Last year's budget requirement is its own computed build when there is one, otherwise
    the figure this year's build starts from."""
    rows = []
    before = (
        previous_build.requirement
        if previous_build and previous_build.requirement
        else build.brought_forward
    )
    rows.append(
        YearOnYearRow(
            "Budget requirement",
            build.requirement,
            before,
            _money_comparison(build.requirement, before),
        )
    )
    previous_sources = (
        {r.source: r.amount for r in previous_funding.rows} if previous_funding else {}
    )
    for r in funding.rows:
        prev = previous_sources.get(r.source)
        rows.append(YearOnYearRow(r.label, r.amount, prev, _money_comparison(r.amount, prev)))
    for r in frontline.rows:
        prev = previous_frontline.amount(r.category) if previous_frontline else None
        rows.append(
            YearOnYearRow(f"Spend: {r.label}", r.amount, prev, _money_comparison(r.amount, prev))
        )
    return [r for r in rows if r.current is not None]


# ----- The whole dashboard ------------------------------------------------------------------


@dataclass(frozen=True)
class FinanceDashboard:
    year: FinancialYear
    previous: FinancialYear | None
    build: BudgetBuild
    funding: FundingSummary
    grants: list[SpecificGrantGroup]
    precept: PreceptSummary | None
    frontline: FrontlineSplit
    previous_frontline: FrontlineSplit | None
    monitoring: list[MonitoringRow]
    monitoring_totals: list[MonitoringRow]
    printed_checks: list[TotalCheck]
    year_on_year: list[YearOnYearRow]

    @property
    def has_comparison(self) -> bool:
        return any(r.previous is not None for r in self.year_on_year)

    @property
    def checks(self) -> list[Check]:
        return [*self.funding.checks, *self.frontline.checks]

    @property
    def flagged(self) -> list[Check]:
        """What does not add up, each as a sentence a reader can follow (the public page's
        footnotes, the staff page's summary): the shares, and the totals a published paper
        prints against what its own lines add up to."""
        return [c for c in self.checks if not c.ok] + [
            Check(False, _printed_total_note(c)) for c in self.printed_checks if not c.ok
        ]


def _printed_total_note(check: TotalCheck) -> str:
    printed = money_text(check.printed, check.unit)
    what = check.label.rsplit(" (", 1)[0].lower()
    if check.computed is None:
        return f"{check.source} prints a total of {printed} for {what}."
    return (
        f"{check.source} prints a total of {printed} for {what}; the lines it "
        f"lists add up to {money_text(check.computed, check.unit)}. The table gives the lines."
    )


def finance_dashboard(*, year: FinancialYear, years: list[FinancialYear]) -> FinanceDashboard:
    """Everything the finance page and the finance section of the PDF report print for a year,
    with the year before for comparison (a fixed number of queries, whatever the data)."""
    previous = previous_year(year, years)
    build = budget_build(year=year)
    funding = funding_summary(year=year, requirement=build.requirement)
    grants = specific_grants(year=year)
    frontline = frontline_split(year=year)
    previous_build = budget_build(year=previous) if previous else None
    previous_funding = (
        funding_summary(year=previous, requirement=previous_build.requirement) if previous else None
    )
    previous_frontline = frontline_split(year=previous) if previous else None
    rows = monitoring(year=year)
    return FinanceDashboard(
        year=year,
        previous=previous,
        build=build,
        funding=funding,
        grants=grants,
        precept=precept_summary(year=year),
        frontline=frontline,
        previous_frontline=previous_frontline,
        monitoring=rows,
        monitoring_totals=monitoring_totals(rows),
        printed_checks=printed_total_checks(
            year=year, build=build, funding=funding, grants=grants, frontline=frontline
        ),
        year_on_year=year_on_year(
            build=build,
            funding=funding,
            frontline=frontline,
            previous_build=previous_build,
            previous_funding=previous_funding,
            previous_frontline=previous_frontline,
        ),
    )


def chart_data(dashboard: FinanceDashboard) -> dict:
    """The figures the page's charts draw (pcc_portal.charts makes the figures; the tables
    beside the charts print the same Decimals)."""
    funding = dashboard.funding.rows
    split = [r for r in dashboard.frontline.rows if r.in_split and not r.is_subtotal]
    previous = dashboard.previous_frontline
    return {
        "year": dashboard.year.label,
        "funding": {"labels": [r.label for r in funding], "values": [r.amount for r in funding]},
        "frontline": {
            "labels": [r.label for r in split],
            "values": [r.amount for r in split],
            "previous": [previous.amount(r.category) if previous else None for r in split],
            "previous_year": dashboard.previous.label if dashboard.previous else "",
        },
        "waterfall": waterfall(dashboard.build),
    }
