"""The tables of the PCC's annual report for a financial year: finances and resources (revenue
budget build, funding, specific grants), Appendix A (grants by fund) and Appendix B (the
performance summary tables, the same as the Performance Monitoring Report's appendix).

The finance and funds sections read those apps' selectors; a year with no finance or grants
the reader may see leaves its section out and the document says so.
"""

import datetime as dt
from dataclasses import dataclass, field

from core.formatting import millions, pounds
from core.periods import financial_year_label, parse_financial_year
from finance import selectors as finance_selectors
from funds import selectors as funds_selectors
from pcc_portal.access import is_opcc_staff

from .performance_report import NoPlan, PerformanceReport, build_performance_report
from .rendering import RenderedPdf, render_template_pdf

TEMPLATE = "reports/annual.html"
__all__ = ["build_annual_tables", "parse_financial_year", "render_annual_tables"]


@dataclass(frozen=True)
class MoneyRow:
    label: str
    amount: str  # written under a £m or £ column heading, as the annual report prints it
    share: str = ""
    total: bool = False


@dataclass(frozen=True)
class GrantRow:
    organisation: str
    purpose: str
    amount: str


@dataclass(frozen=True)
class MoneyTable:
    caption: str
    heading: str
    unit: str
    rows: list[MoneyRow]


@dataclass
class FinanceTables:
    """The annual report's "Finances and resources" tables, from finance.selectors: every
    total and share is theirs."""

    year_label: str
    tables: list[MoneyTable]


@dataclass
class AnnualTables:
    start_year: int
    performance: PerformanceReport | None
    finance: FinanceTables | None = None
    grants_by_fund: list | None = None
    missing: list[str] = field(default_factory=list)

    @property
    def year_label(self) -> str:
        return financial_year_label(self.start_year)

    @property
    def document_title(self) -> str:
        return f"Annual report {self.year_label}: finance, grants and performance tables"


def build_annual_tables(*, start_year: int, user=None, show_drafts: bool = False) -> AnnualTables:
    year_end = dt.date(start_year + 1, 3, 31)
    try:
        performance = build_performance_report(
            period_end=year_end, user=user, show_drafts=show_drafts, with_charts=False
        )
    except NoPlan:
        performance = None
    tables = AnnualTables(start_year=start_year, performance=performance)
    tables.finance = _finance(start_year, user, show_drafts)
    tables.grants_by_fund = _grants_by_fund(start_year, user, show_drafts)
    if tables.finance is None:
        tables.missing.append("the finance tables")
    if not tables.grants_by_fund:
        tables.missing.append("the grants by fund (Appendix A)")
    return tables


def _finance(start_year: int, user, show_drafts: bool) -> FinanceTables | None:
    """Through finance.selectors only, with the year as the reader may see it."""
    selectors = finance_selectors
    years = selectors.visible_years(user=user, show_drafts=show_drafts)
    year = next((y for y in years if y.start_year == start_year), None)
    if year is None:
        return None
    build = selectors.budget_build(year=year)
    funding = selectors.funding_summary(year=year, requirement=build.requirement)
    tables = []
    if build.steps:
        prefix = {"pressure": "Add: ", "saving": "Less: "}
        rows = [
            MoneyRow(
                prefix.get(step.kind, "") + step.label,
                millions(step.amount),
                total=step.kind in ("subtotal", "total"),
            )
            for step in build.steps
        ]
        tables.append(MoneyTable(f"Revenue budget {year.label}", "Budget build", "£m", rows))
    if funding.rows:
        rows = [
            MoneyRow(row.label, millions(row.amount), "" if row.share is None else f"{row.share}%")
            for row in funding.rows
        ]
        rows.append(MoneyRow(f"Funding {year.label}", millions(funding.total), total=True))
        tables.append(MoneyTable(f"Funding {year.label}", "Funded by", "£m", rows))
    for group in selectors.specific_grants(year=year):
        rows = [MoneyRow(name, pounds(amount, symbol=False)) for name, amount in group.rows]
        rows.append(MoneyRow("Total", pounds(group.total, symbol=False), total=True))
        caption = f"Specific grant funding {year.label}: {group.label[:1].lower()}{group.label[1:]}"
        tables.append(MoneyTable(caption, "Grant", "£", rows))
    return FinanceTables(year_label=year.label, tables=tables)


@dataclass(frozen=True)
class FundTable:
    caption: str
    rows: list[GrantRow]
    total: str


def _grants_by_fund(start_year: int, user, show_drafts: bool) -> list[FundTable] | None:
    """Appendix A through funds.selectors.grants_by_fund (what the reader may see)."""
    tables = []
    for fund in funds_selectors.grants_by_fund(year=start_year, user=user, show_drafts=show_drafts):
        rows = [
            GrantRow(grant.organisation, grant.purpose or grant.title, pounds(grant.amount_awarded))
            for grant in fund.grants
        ]
        caption = " ".join(part for part in (fund.fund, fund.year_label) if part)
        tables.append(FundTable(caption, rows, pounds(fund.total)))
    return tables


def render_annual_tables(*, start_year: int, user=None, preview: bool = False) -> RenderedPdf:
    draft = preview and is_opcc_staff(user)
    tables = build_annual_tables(start_year=start_year, user=user, show_drafts=draft)
    return render_template_pdf(TEMPLATE, {"tables": tables}, draft=draft)
