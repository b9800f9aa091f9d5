"""Columns shared by every app's tables, defined once."""

from decimal import Decimal

import django_tables2 as tables

from core.formatting import pounds

# GOV.UK Frontend classes on every part of a table, so each reads like the rest of the site.
GOVUK_TABLE_ATTRS = {
    "class": "govuk-table",
    "thead": {"class": "govuk-table__head"},
    "tbody": {"class": "govuk-table__body"},
    "th": {"class": "govuk-table__header"},
    "td": {"class": "govuk-table__cell"},
    "tf": {"class": "govuk-table__cell govuk-!-font-weight-bold"},
}
GOVUK_ROW_ATTRS = {"class": "govuk-table__row"}
ROW_CLASS = GOVUK_ROW_ATTRS["class"]
# A column's own attrs replace the table's for its cells, so numeric columns repeat the
# GOV.UK cell classes.
NUMERIC_ATTRS = {
    "th": {"class": "govuk-table__header govuk-table__header--numeric opcc-num"},
    "td": {"class": "govuk-table__cell govuk-table__cell--numeric opcc-num"},
    "tf": {
        "class": "govuk-table__cell govuk-table__cell--numeric opcc-num govuk-!-font-weight-bold"
    },
}


class PortalTable(tables.Table):
    class Meta:
        attrs = GOVUK_TABLE_ATTRS
        row_attrs = GOVUK_ROW_ATTRS
        template_name = "includes/table.html"


class MoneyColumn(tables.Column):
    """Pounds on the page (pence only when there are any); the plain amount in exports."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUMERIC_ATTRS)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return pounds(value)

    def value(self, value):
        return value


class PercentColumn(tables.Column):
    def __init__(self, *args, places: int = 1, **kwargs):
        self.places = places
        kwargs.setdefault("attrs", NUMERIC_ATTRS)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return f"{Decimal(value):.{self.places}f}%"

    def value(self, value):
        return value
