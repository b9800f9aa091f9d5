"""Columns shared by every app's tables, defined once."""

from decimal import Decimal

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.template import Context
from django.template.base import render_value_in_context
from django.templatetags.l10n import localize, unlocalize
from django.utils.encoding import force_str
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.http import urlencode
from django_tables2.columns import ManyToManyColumn
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.utils import Accessor, AttributeDict, signature

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
# How a Django template prints a value: localised, and escaped unless marked safe.
_PRINTING = Context(autoescape=True)


def printed(value) -> str:
    return render_value_in_context(value, _PRINTING)


def attributes(attrs) -> str:
    """A table part's HTML attributes, as django-tables2's `render_attrs` gives them, without
    its settings for the parts inside (footer cells, `tf`, are not an attribute)."""
    return AttributeDict({k: v for k, v in (attrs or {}).items() if k != "tf"}).as_html()


def querystring_replace(request, field: str, value) -> str:
    """The page's query string with `field` set to `value` (sorting, paging), escaped, as
    django-tables2's {% querystring_replace %} gives it."""
    params = dict(request.GET)
    if field:
        params[field] = value
    return escape("?" + urlencode(params, doseq=True))


class Cell:
    """How one column's cells are worked out, once for the column rather than for every cell.

    django-tables2 works out again for every cell which arguments the column's method takes
    (`inspect.signature`), whether the field has choices and, on a page, the cell's attributes:
    0.6 ms a row of the figures table, six seconds for a capped export, a fifth of a measure
    page. The rules are the library's, applied to each record directly; `get_FOO_display` for a
    field with choices, and:

    - exported (`exported=True`): `value_FOO`, else `render_FOO`, else the column's `value`; an
      empty value gives None;
    - on a page: `render_FOO`, else the column's `render`, inside the column's link; an empty
      value gives the column's default. `td` is the cell's attributes as HTML."""

    def __init__(self, table, bound_column, *, exported: bool):
        self.table, self.bound_column, self.column = table, bound_column, bound_column.column
        self.name, self.exported = bound_column.name, exported
        # Link and many-to-many columns have rules of their own: read them the library's way.
        self.generic = isinstance(self.column, BaseLinkColumn | ManyToManyColumn)
        function = bound_column.value if exported else bound_column.render
        if getattr(function, "__func__", None) is tables.Column.value:
            # Column.value only hands its arguments on to the column's render.
            function = self.column.render
        self.function = function
        self.link = None if exported else bound_column.link
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
            return row.get_cell_value(self.name) if self.exported else row.get_cell(self.name)
        record = row.record
        holder = self._resolve(record, self.holder_bits)
        display = self._display(record, holder) if isinstance(holder, models.Model) else None
        value = getattr(holder, display)() if display else self._resolve(record, self.bits)
        if value in self.column.empty_values:
            return None if self.exported else self.bound_column.default
        if self.takes_any or self.link:
            given = {"value": value, "record": record, "column": self.column}
            given.update(bound_column=self.bound_column, bound_row=row, table=self.table)
            content = self.function(**given) if self.takes_any else self._call(given)
            return self.link(content, **given) if self.link else content
        given = {"value": value, "record": record}
        if not self.simple:
            given.update(column=self.column, bound_column=self.bound_column, bound_row=row)
            given["table"] = self.table
        return self._call(given)

    def _call(self, given):
        if any(argument not in given for argument in self.arguments):
            return None
        return self.function(**{argument: given[argument] for argument in self.arguments})

    @cached_property
    def _td(self) -> str | None:
        """The column's cell attributes, when no record changes them (none is a callable)."""
        attrs = {**self.table.attrs, **self.column.attrs}
        td = attrs.get("td", attrs.get("cell", {}))
        if any(callable(value) for value in td.values()):
            return None
        return self.bound_column.attrs["td"].as_html()

    def td(self, row, content) -> str:
        if self._td is not None:
            return self._td
        # As django-tables2 does: a callable is handed the cell's record and content.
        self.bound_column.current_record, self.bound_column.current_value = row.record, content
        return self.bound_column.attrs["td"].as_html()


class PortalTable(tables.Table):
    class Meta:
        attrs = GOVUK_TABLE_ATTRS
        row_attrs = GOVUK_ROW_ATTRS

    def html_rows(self):
        """Each row of the page as its template (settings.DJANGO_TABLES2_TEMPLATE) prints it:
        the row's attributes, then each cell's attributes and content as HTML, by
        django-tables2's rules (`Cell`) and Django's way of printing a value (localised,
        escaped unless marked safe)."""
        cells = [Cell(self, column, exported=False) for column in self.columns]
        for row in self.paginated_rows:
            shown = []
            for cell in cells:
                content = cell(row)
                td = cell.td(row, content)
                if cell.column.localize is not None:
                    content = localize(content) if cell.column.localize else unlocalize(content)
                shown.append((td, printed(content)))
            yield row.attrs.as_html(), shown

    def as_values(self, exclude_columns=None):
        """The header and the rows as exported: what django-tables2's `as_values` gives, with
        each column's rules worked out once (`Cell`) rather than for every cell."""
        exclude_columns = exclude_columns or ()
        columns = [
            column
            for column in self.columns.iterall()
            if not (column.column.exclude_from_export or column.name in exclude_columns)
        ]
        yield [force_str(column.header, strings_only=True) for column in columns]
        cells = [Cell(self, column, exported=True) for column in columns]
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
