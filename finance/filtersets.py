"""Filters of the spend over £500 list: financial year, month, category, supplier, amount."""

import datetime as dt

import django_filters

from pcc_portal.lists import PortalFilterSet

from .models import SpendPayment
from .spend import spend_years


class SpendFilterSet(PortalFilterSet):
    search_fields = ("supplier", "category")

    year = django_filters.ChoiceFilter(
        method="filter_year", label="Financial year", choices=(), empty_label="Every year"
    )
    month = django_filters.DateFilter(
        field_name="month", label="Month (first day, e.g. 2023-04-01)", input_formats=["%Y-%m-%d"]
    )
    supplier = django_filters.CharFilter(lookup_expr="icontains", label="Supplier")
    category = django_filters.CharFilter(lookup_expr="icontains", label="Expenditure category")
    min_amount = django_filters.NumberFilter(
        field_name="amount", lookup_expr="gte", label="Amount at least (£)"
    )

    class Meta:
        model = SpendPayment
        fields = ("q", "year", "month", "supplier", "category", "min_amount")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].label = "Search suppliers and categories"
        self.form.fields["year"].choices = spend_years()

    def filter_year(self, queryset, name, value):
        start = dt.date(int(value), 4, 1)
        return queryset.filter(month__gte=start, month__lt=dt.date(start.year + 1, 4, 1))
