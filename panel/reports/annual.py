"""The tables of the PCC's annual report for a financial year: finances and resources (revenue
budget build, funding, specific grants), Appendix A (grants by fund) and Appendix B (the
performance summary tables, the same as the Performance Monitoring Report's appendix).

The finance and funds sections read those apps' selectors; until an app provides them the
section is left out and the document says so, rather than printing figures from elsewhere.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from pcc_portal.access import is_opcc_staff

from .performance_report import PerformanceReport, build_performance_report
from .rendering import RenderedPdf, render_template_pdf

TEMPLATE = "reports/annual.html"
YEAR_PATTERN = re.compile(r"^(\d{4})[/-](\d{2})$")


def parse_financial_year(text: str) -> int:
    """'2020/21' (or '2020-21') → 2020, the calendar year the financial year starts in."""
    match = YEAR_PATTERN.match(text.strip())
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise ValueError(f"“{text}” is not a financial year; write it as 2020/21.")
    return int(match[1])


@dataclass
class AnnualTables:
    start_year: int
    performance: PerformanceReport | None
    finance: dict | None = None
    grants: list | None = None
    missing: list[str] = field(default_factory=list)

    @property
    def year_label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def document_title(self) -> str:
        return f"Annual report {self.year_label}: finance, grants and performance tables"


def build_annual_tables(*, start_year: int, user=None, show_drafts: bool = False) -> AnnualTables:
    year_end = dt.date(start_year + 1, 3, 31)
    try:
        performance = build_performance_report(
            period_end=year_end, user=user, show_drafts=show_drafts
        )
    except ValueError:
        performance = None
    tables = AnnualTables(start_year=start_year, performance=performance)
    tables.finance = _finance(start_year, tables.missing)
    tables.grants = _grants(start_year, user, tables.missing)
    return tables


def _finance(start_year: int, missing: list[str]) -> dict | None:
    try:
        from finance import selectors
    except ImportError:
        missing.append("finance")
        return None
    if not hasattr(selectors, "budget_build"):
        missing.append("finance")
        return None
    return {"year": start_year}


def _grants(start_year: int, user, missing: list[str]) -> list | None:
    try:
        from funds import selectors
    except ImportError:
        missing.append("grants")
        return None
    if not hasattr(selectors, "grants_by_fund"):
        missing.append("grants")
        return None
    return []


def render_annual_tables(*, start_year: int, user=None, preview: bool = False) -> RenderedPdf:
    draft = preview and is_opcc_staff(user)
    tables = build_annual_tables(start_year=start_year, user=user, show_drafts=draft)
    return render_template_pdf(TEMPLATE, {"tables": tables}, draft=draft)
