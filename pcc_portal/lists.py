"""One list page for every app: a FilterSet, a django-tables2 table and CSV/XLSX exports.

A list page is a small subclass (queryset, filterset_class, table_class, export_name); the
export reuses the page's own table so the file holds exactly the columns shown, for every row
of the current filter, not just the current page.
"""

import django_filters
from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.db.models.constants import LOOKUP_SEP
from django.shortcuts import render
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from . import exports
from .exports import EXPORT_FORMATS, cap_table_rows, table_export

# The page sizes a list offers; any other ?per_page= gets the default, so no request can ask
# for a page of every row.
PER_PAGE_CHOICES = (25, 50, 100)
DEFAULT_PER_PAGE = PER_PAGE_CHOICES[0]


class BoundedPaginator(Paginator):
    """A paginator whose page size is always one of PER_PAGE_CHOICES."""

    def __init__(self, object_list, per_page, *args, **kwargs):
        if per_page not in PER_PAGE_CHOICES:
            per_page = DEFAULT_PER_PAGE
        super().__init__(object_list, per_page, *args, **kwargs)


def _spans_many(model, path: str) -> bool:
    """Whether the field path (`items__title`) crosses a relation to many rows."""
    for name in path.split(LOOKUP_SEP):
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        if not field.is_relation:
            return False
        model = field.related_model
    return False


class PortalFilterSet(django_filters.FilterSet):
    """Base FilterSet: a free-text `q` over `search_fields`, and GOV.UK widget classes."""

    search_fields: tuple[str, ...] = ()

    q = django_filters.CharFilter(method="search", label="Search")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "govuk-select")
            elif isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "govuk-checkboxes__input")
            else:
                widget.attrs.setdefault("class", "govuk-input")

    def search(self, queryset, name, value):
        value = value.strip()
        if not value or not self.search_fields:
            return queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        found = queryset.filter(condition)
        # DISTINCT only where a search field can match a row more than once (a meeting's agenda
        # items): over the figures it made counting a search's rows read every column of each.
        if any(_spans_many(queryset.model, field) for field in self.search_fields):
            found = found.distinct()
        return found


class PortalListView(SingleTableMixin, FilterView):
    """Filtered, sortable, paginated table with CSV and XLSX exports (?_export=csv).

    Pages hold 25, 50 or 100 rows (?per_page=); an export holds at most EXPORT_ROW_CAP rows
    and says so when there were more; any other ?_export= is refused with a 404 page."""

    template_name = "includes/list_page.html"
    paginate_by = DEFAULT_PER_PAGE
    paginator_class = BoundedPaginator
    export_formats = EXPORT_FORMATS
    export_trigger_param = "_export"
    export_name = "table"
    strict = False
    title = ""
    intro = ""

    def get_queryset(self):
        """Subclasses narrow this to what request.user may see (`visible_to`)."""
        return super().get_queryset()

    @classmethod
    def query_parameters(cls) -> set[str]:
        """Every parameter the page understands: its filters, paging, sorting and export
        (pcc_portal.caching shares a list page only when asked with these alone)."""
        return {
            *cls.filterset_class.base_filters,
            "page",
            "per_page",
            "sort",
            cls.export_trigger_param,
        }

    def export_everything(self) -> str:
        """Where every row of this list can be had, for the last row of a capped export (a
        list with open data files says so); empty when nowhere."""
        return ""

    def export_format(self) -> str | None:
        return self.request.GET.get(self.export_trigger_param) or None

    def get(self, request, *args, **kwargs):
        wanted = self.export_format()
        if wanted is not None and wanted not in self.export_formats:
            offered = " or ".join(f.upper() for f in self.export_formats)
            message = f"This table can be downloaded as {offered} only."
            return render(request, "includes/export_refused.html", {"message": message}, status=404)
        return super().get(request, *args, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        """The table pages the rows (its paginator is the one the page shows); the list view's
        own paginator would only count every row a second time."""
        return None, None, queryset, False

    def get_table_pagination(self, table):
        # An export is the capped rows, not a page of them (and needs no count of every row).
        if self.export_format():
            return False
        return super().get_table_pagination(table)

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        if self.export_format():
            cap_table_rows(table)
        return table

    def render_to_response(self, context, **kwargs):
        export_format = self.export_format()
        if export_format:
            return table_export(
                table=context["table"],
                export_format=export_format,
                filename=f"{self.export_name}.{export_format}",
                everything=self.export_everything(),
            )
        return super().render_to_response(context, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        links = []
        for export_format in self.export_formats:
            query["_export"] = export_format
            links.append((export_format.upper(), "?" + query.urlencode()))
        sizes = []
        for size in PER_PAGE_CHOICES:
            query = self.request.GET.copy()
            query.pop("page", None)
            query.pop("_export", None)
            query["per_page"] = size
            sizes.append((size, "?" + query.urlencode()))
        context.update(
            title=self.title,
            intro=self.intro,
            export_links=links,
            page_sizes=sizes,
            per_page=getattr(getattr(context.get("table"), "paginator", None), "per_page", None),
            # Read at request time, so the note and the files agree on the number.
            export_row_cap=exports.EXPORT_ROW_CAP,
            export_row_cap_text=f"{exports.EXPORT_ROW_CAP:,}",
        )
        return context
