from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pcc_portal.access import wants_drafts
from pcc_portal.caching import shared_page
from pcc_portal.exports import EXPORT_FORMATS, table_export

from . import selectors
from .tables import dashboard_tables


def _chosen_year(request, years):
    """The year asked for with ?year=2020, or the default year. A year the user may not see
    answers exactly like a year that does not exist."""
    wanted = request.GET.get("year", "").strip()
    if not wanted:
        return selectors.default_year(years)
    year = next((y for y in years if str(y.start_year) == wanted), None)
    if year is None:
        raise Http404(f"There are no published finance figures for the year {wanted!r}.")
    return year


@require_GET
@shared_page(parameters=("year", "_export", "table"))
def index(request):
    """The finance dashboard of one financial year, with the year before for comparison."""
    years = selectors.visible_years(user=request.user, show_drafts=wants_drafts(request))
    year = _chosen_year(request, years)
    if year is None:
        return render(request, "finance/index.html", {"years": years, "dashboard": None})
    dashboard = selectors.finance_dashboard(year=year, years=years)
    tables = dashboard_tables(dashboard)
    export_format = request.GET.get("_export")
    if export_format:
        return _export(request, export_format, tables, year)
    return render(
        request,
        "finance/index.html",
        {
            "years": years,
            "dashboard": dashboard,
            "tables": tables,
            "chart_data": selectors.chart_data(dashboard),
            "export_formats": EXPORT_FORMATS,
        },
    )


def _export(request, export_format, tables, year):
    name = request.GET.get("table", "")
    if export_format not in EXPORT_FORMATS or name not in tables or isinstance(tables[name], list):
        raise Http404("Choose a table of this page and a format: csv or xlsx.")
    return table_export(
        table=tables[name],
        export_format=export_format,
        filename=f"finance-{year.start_year}-{name}.{export_format}",
    )
