import django_filters

from core.periods import financial_year_label
from pcc_portal.lists import PortalFilterSet
from performance.models import Priority

from .models import District, Fund, Grant, GrantStatus


class FundGrantFilterSet(PortalFilterSet):
    """The filters of one fund's grants (the fund and its year are already chosen)."""

    search_fields = ("title", "purpose", "organisation__name", "fund__name")

    district = django_filters.ChoiceFilter(
        field_name="organisation__district",
        label="District",
        choices=District.choices,
        empty_label="Any district",
    )
    status = django_filters.ChoiceFilter(
        choices=GrantStatus.choices, label="Status", empty_label="Any status"
    )
    priority = django_filters.ModelChoiceFilter(
        queryset=Priority.objects.select_related("plan"),
        label="Plan priority",
        empty_label="Any priority",
    )

    class Meta:
        model = Grant
        fields = ["q", "district", "status", "priority"]


class GrantFilterSet(FundGrantFilterSet):
    """Every grant, filtered by fund and year as well."""

    fund = django_filters.ModelChoiceFilter(
        queryset=Fund.objects.order_by("-start_year", "name"), label="Fund", empty_label="Any fund"
    )
    year = django_filters.ChoiceFilter(
        field_name="fund__start_year",
        label="Financial year",
        empty_label="Any year",
        choices=lambda: [
            (y, financial_year_label(y))
            for y in Fund.objects.order_by("-start_year")
            .values_list("start_year", flat=True)
            .distinct()
        ],
    )

    class Meta:
        model = Grant
        fields = ["q", "fund", "year", "district", "status", "priority"]
