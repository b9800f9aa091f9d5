import csv

from django.db.models import Sum
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from core.formatting import pounds
from core.periods import financial_year_label
from pcc_portal import charts
from pcc_portal.access import wants_drafts
from pcc_portal.caching import shared_page
from pcc_portal.exports import spreadsheet_safe
from pcc_portal.forms import YearForm
from pcc_portal.lists import PortalListView

from . import selectors, threesixty
from .filtersets import FundGrantFilterSet, GrantFilterSet
from .models import Fund
from .tables import FundTotalsTable, GrantTable, TotalsTable


@require_GET
@shared_page(parameters=("year",))
def index(request):
    """Totals by fund, district and plan priority, computed from the grants."""
    show_drafts = wants_drafts(request)
    years = selectors.fund_years(user=request.user, show_drafts=show_drafts)
    year = YearForm(request.GET, years=years, what="grants").year_or_404()
    dashboard = selectors.funds_dashboard(user=request.user, show_drafts=show_drafts, year=year)
    return render(
        request,
        "funds/index.html",
        {
            "dashboard": dashboard,
            "year_label": financial_year_label(year) if year else "",
            "awarded_text": pounds(dashboard.by_fund.total),
            "by_fund": FundTotalsTable(dashboard.by_fund, heading="Fund"),
            "by_district": TotalsTable(dashboard.by_district, heading="District"),
            "by_priority": TotalsTable(dashboard.by_priority, heading="Plan priority"),
            "chart": charts.awarded_bars(
                labels=[
                    r.label if year else f"{r.label} {r.year_label}" for r in dashboard.by_fund.rows
                ],
                amounts=[r.awarded for r in dashboard.by_fund.rows],
                amount_texts=[pounds(r.awarded) for r in dashboard.by_fund.rows],
            ),
        },
    )


# Withdrawals are rare; a page lists at most this many, newest first.
WITHDRAWN_SHOWN = 100


class GrantListView(PortalListView):
    """Every grant the user may see, filterable and exportable."""

    filterset_class = GrantFilterSet
    table_class = GrantTable
    title = "Grants"
    intro = "Every grant awarded from the commissioner's funds, with its recipient and purpose."
    export_name = "grants"
    template_name = "funds/grant_list.html"

    def get_queryset(self):
        grants = selectors.visible_grants(
            user=self.request.user, show_drafts=wants_drafts(self.request)
        )
        return selectors.grant_rows(self.narrow(grants))

    def narrow(self, grants):
        return grants

    def get_context_data(self, **kwargs):
        # Where a withdrawn grant used to be listed, readers see when and why.
        withdrawn = self.narrow(selectors.withdrawn_grants())[:WITHDRAWN_SHOWN]
        return super().get_context_data(withdrawn=withdrawn, **kwargs)

    def get_table_kwargs(self):
        # The footer total adds up the same filtered rows the table shows.
        total = self.object_list.aggregate(total=Sum("amount_awarded"))["total"]
        return {"total": total, "exclude": self.hidden_columns}

    hidden_columns: tuple[str, ...] = ()


class FundGrantsView(GrantListView):
    filterset_class = FundGrantFilterSet
    hidden_columns = ("fund",)

    def dispatch(self, request, *args, **kwargs):
        self.fund = get_object_or_404(Fund, start_year=kwargs["year"], slug=kwargs["slug"])
        self.title = str(self.fund)
        self.intro = self.fund.description
        self.export_name = f"grants-{self.fund.slug}-{self.fund.start_year}"
        return super().dispatch(request, *args, **kwargs)

    def narrow(self, grants):
        return grants.filter(fund=self.fund)

    def get_context_data(self, **kwargs):
        return super().get_context_data(fund=self.fund, **kwargs)


class OrganisationGrantsView(GrantListView):
    """One organisation's grants across funds and years."""

    hidden_columns = ("organisation", "district")

    def dispatch(self, request, *args, **kwargs):
        organisation, has_visible = selectors.organisation_with_grants(
            slug=kwargs["slug"], user=request.user, show_drafts=wants_drafts(request)
        )
        if organisation is None or not has_visible:
            raise Http404("No published grants for this organisation.")
        self.organisation = organisation
        self.title = organisation.name
        self.intro = "Grants to this organisation from every fund and year."
        self.export_name = f"grants-{organisation.slug}"
        return super().dispatch(request, *args, **kwargs)

    def narrow(self, grants):
        return grants.filter(organisation=self.organisation)

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.organisation, **kwargs)


@require_GET
@shared_page
def threesixty_json(request):
    """Published grants as a 360Giving package (the same for every visitor)."""
    response = JsonResponse(threesixty.package(), json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = 'inline; filename="360giving.json"'
    return response


@require_GET
@shared_page
def threesixty_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="360giving.csv"'
    writer = csv.writer(response)
    for row in threesixty.flat_rows(threesixty.package()["grants"]):
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return response
