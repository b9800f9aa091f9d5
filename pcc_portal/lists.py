"""One list page for every app: a FilterSet, a django-tables2 table and CSV/XLSX exports.

A list page is a small subclass (queryset, filterset_class, table_class, export_name); the
export reuses the page's own table so the file holds exactly the columns shown, for every row
of the current filter, not just the current page.
"""

import django_filters
from django import forms
from django.db.models import Q
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export.views import ExportMixin

EXPORT_FORMATS = ("csv", "xlsx")


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
        return queryset.filter(condition).distinct()


class PortalListView(ExportMixin, SingleTableMixin, FilterView):
    """Filtered, sortable, paginated table with CSV and XLSX exports (?_export=csv)."""

    template_name = "includes/list_page.html"
    paginate_by = 25
    export_formats = EXPORT_FORMATS
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
        return {*cls.filterset_class.base_filters, "page", "sort", cls.export_trigger_param}

    def get_export_filename(self, export_format):
        return f"{self.export_name}.{export_format}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        links = []
        for export_format in self.export_formats:
            query["_export"] = export_format
            links.append((export_format.upper(), "?" + query.urlencode()))
        context.update(title=self.title, intro=self.intro, export_links=links)
        return context
