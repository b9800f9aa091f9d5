"""Columns shared by every app's tables, defined once."""

from decimal import Decimal

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.encoding import force_str
from django_tables2.columns import ManyToManyColumn
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.utils import Accessor, signature

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


_MISSING = object()


class ExportCell:
    """How one column's value is read for an export, worked out once for the column.

    django-tables2's own `as_values` works out again for every cell which arguments the value
    method takes (`inspect.signature`) and whether the field has choices: 0.6 ms a row of the
    figures table, six seconds for a capped export. The rules are the same (`value_FOO`, else
    `render_FOO`, else the column's `value`; `get_FOO_display` for a field with choices; an
    empty value gives None), applied to each record directly."""

    def __init__(self, table, bound_column):
        self.table, self.bound_column, self.column = table, bound_column, bound_column.column
        self.name = bound_column.name
        # Link and many-to-many columns have rules of their own: read them the library's way.
        self.generic = isinstance(self.column, BaseLinkColumn | ManyToManyColumn)
        function = bound_column.value
        if getattr(function, "__func__", None) is tables.Column.value:
            # Column.value only hands its arguments on to the column's render.
            function = self.column.render
        self.function = function
        self.arguments, self.takes_any = signature(function)
        # Most value methods take the value or the record only.
        self.simple = set(self.arguments) <= {"value", "record"}
        self.accessor = Accessor(bound_column.accessor)
        self.bits = tuple(self.accessor.bits)
        # The object holding the last attribute, and that attribute's name.
        self.holder_bits, self.remainder = self.bits[:-1], self.bits[-1] if self.bits else ""
        self.displays = {}  # (record class, holder class) -> its get_FOO_display, or None

    def _display(self, record, holder) -> str | None:
        key = (type(record), type(holder))
        if key not in self.displays:
            name = f"get_{self.remainder}_display"
            try:
                field = self.accessor.get_field(record)
            except FieldDoesNotExist:
                field = None
            has_choices = bool(getattr(field, "choices", ())) and hasattr(holder, name)
            self.displays[key] = name if has_choices else None
        return self.displays[key]

    def _resolve(self, record, bits):
        """The accessor's value on a model instance by attribute lookups (a model is never a
        mapping); anything else, or a method to call, the library's way."""
        current = record
        for bit in bits:
            if isinstance(current, models.Model):
                current = getattr(current, bit, _MISSING)
                if current is None:
                    break
                if current is not _MISSING and not callable(current):
                    continue
            return Accessor(Accessor.SEPARATOR.join(bits)).resolve(record, quiet=True)
        return current

    def __call__(self, row):
        if self.generic:
            return row.get_cell_value(self.name)
        record = row.record
        holder = self._resolve(record, self.holder_bits)
        display = self._display(record, holder) if isinstance(holder, models.Model) else None
        value = getattr(holder, display)() if display else self._resolve(record, self.bits)
        if value in self.column.empty_values:
            return None
        if self.takes_any:
            return self.function(
                value=value,
                record=record,
                column=self.column,
                bound_column=self.bound_column,
                bound_row=row,
                table=self.table,
            )
        given = {"value": value, "record": record}
        if not self.simple:
            given.update(column=self.column, bound_column=self.bound_column, bound_row=row)
            given["table"] = self.table
        if any(argument not in given for argument in self.arguments):
            return None
        return self.function(**{argument: given[argument] for argument in self.arguments})


class PortalTable(tables.Table):
    class Meta:
        attrs = GOVUK_TABLE_ATTRS
        row_attrs = GOVUK_ROW_ATTRS
        template_name = "includes/table.html"

    def as_values(self, exclude_columns=None):
        """The header and the rows as exported: what django-tables2's `as_values` gives, with
        each column's rules worked out once (`ExportCell`) rather than for every cell."""
        exclude_columns = exclude_columns or ()
        columns = [
            column
            for column in self.columns.iterall()
            if not (column.column.exclude_from_export or column.name in exclude_columns)
        ]
        yield [force_str(column.header, strings_only=True) for column in columns]
        cells = [ExportCell(self, column) for column in columns]
        for row in self.rows:
            yield [force_str(cell(row), strings_only=True) for cell in cells]


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
