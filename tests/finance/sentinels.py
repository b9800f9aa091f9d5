"""Finance sentinels for the site-wide crawl: a financial year still being prepared, whose
figures must not show on the finance pages, their exports or the annual PDF."""

from tests.portal.crawler import Sentinels

from .factories import BudgetLineFactory, FinancialYearFactory

HIDDEN_LINE = "SENTINEL-UNPUBLISHED-BUDGET-LINE-41ac"


def make() -> Sentinels:
    FinancialYearFactory(start_year=2020)
    draft_year = FinancialYearFactory(start_year=2021, is_published=False)
    BudgetLineFactory(year=draft_year, label=HIDDEN_LINE, amount="87.654")
    return Sentinels(
        texts=[HIDDEN_LINE, "87.654"],
        urls=["/finance/?year=2021", "/panel/reports/annual/2021-22.pdf"],
    )
