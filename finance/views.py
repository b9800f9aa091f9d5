from django.shortcuts import render
from django.views.decorators.http import require_GET

from pcc_portal import charts
from pcc_portal.access import wants_drafts
from pcc_portal.caching import shared_page
from pcc_portal.exports import table_export
from pcc_portal.forms import TableExportForm, YearForm
from pcc_portal.lists import EXPORT_FORMATS, PortalListView

from . import selectors, spend
from .filtersets import SpendFilterSet
from .models import SpendPayment
from .tables import SpendMonthTable, SpendPaymentTable, SpendTotalTable, dashboard_tables


def _chosen_year(request, years, withdrawn):
    """The year asked for with ?year=2020 (one the reader may see, or one withdrawn), or the
    default year."""
    offered = [y.start_year for y in [*years, *withdrawn]]
    wanted = YearForm(request.GET, years=offered, what="finance figures").year_or_404()
    if wanted is None:
        return selectors.default_year(years)
    return next(y for y in [*years, *withdrawn] if y.start_year == wanted)


@require_GET
@shared_page(parameters=("year", "_export", "table"))
def index(request):
    """The finance dashboard of one financial year, with the year before for comparison."""
    years = selectors.visible_years(user=request.user, show_drafts=wants_drafts(request))
    withdrawn = [y for y in selectors.withdrawn_years() if y not in years]
    year = _chosen_year(request, years, withdrawn)
    if year is None or year in withdrawn:
        # A withdrawn year's address stays: it says when and why, and shows no figures.
        context = {"years": years, "dashboard": None, "withdrawn": withdrawn, "chosen": year}
        return render(request, "finance/index.html", context)
    dashboard = selectors.finance_dashboard(year=year, years=years)
    tables = dashboard_tables(dashboard)
    if "_export" in request.GET:
        return _export(request, tables, year)
    return render(
        request,
        "finance/index.html",
        {
            "years": years,
            "dashboard": dashboard,
            "withdrawn": withdrawn,
            "tables": tables,
            "charts": _charts(dashboard),
            "export_formats": EXPORT_FORMATS,
        },
    )


def _charts(dashboard) -> dict[str, dict]:
    """The page's figures, each only where it has something to draw."""
    data = selectors.chart_data(dashboard)
    figures = {}
    if data["waterfall"]["labels"]:
        figures["waterfall"] = charts.budget_waterfall(**data["waterfall"])
    if data["funding"]["labels"]:
        figures["funding"] = charts.funding_donut(**data["funding"])
    if data["frontline"]["labels"]:
        figures["frontline"] = charts.year_beside_year_bars(year=data["year"], **data["frontline"])
    return figures


def _export(request, tables, year):
    exportable = [name for name, table in tables.items() if not isinstance(table, list)]
    name, export_format = TableExportForm(request.GET, tables=exportable).export_or_404()
    return table_export(
        table=tables[name],
        export_format=export_format,
        filename=f"finance-{year.start_year}-{name}.{export_format}",
    )


class SpendListView(PortalListView):
    """Every payment over £500 the OPCC has published, with totals for what is filtered."""

    model = SpendPayment
    filterset_class = SpendFilterSet
    table_class = SpendPaymentTable
    template_name = "finance/spend.html"
    export_name = "spend-over-500"
    title = "Spending over £500"
    intro = (
        "Every payment of more than £500, month by month, as the commissioner publishes them "
        "under the Elected Local Policing Bodies (Specified Information) Order 2011."
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        payments = self.filterset.qs
        context.update(
            total=spend.grand_total(payments),
            months=SpendMonthTable(spend.monthly_totals(payments)),
            categories=SpendTotalTable(
                spend.totals_by(payments, "category"),
                heading="Expenditure category",
                field="category",
            ),
            suppliers=SpendTotalTable(
                spend.totals_by(payments, "supplier"), heading="Supplier", field="supplier"
            ),
        )
        return context
