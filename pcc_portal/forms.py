"""The GET forms of the dashboards that are not lists: the choices in a link (?year=2020,
?table=funding&_export=csv, ?q=...) are read by a form, never parsed by hand."""

from collections.abc import Iterable

from django import forms
from django.http import Http404

from core.periods import financial_year_label

from .lists import EXPORT_FORMATS


class YearForm(forms.Form):
    """?year=2020: one of the financial years (by the year each starts) the reader may see.
    A year the reader may not see answers exactly like a year that does not exist."""

    year = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)

    def __init__(self, data, *, years: Iterable[int], what: str):
        super().__init__(data)
        self.what = what
        self.fields["year"].choices = [("", "")] + [(y, financial_year_label(y)) for y in years]

    def year_or_404(self) -> int | None:
        """The year asked for, None when none was, or 404 for any other value."""
        if not self.is_valid():
            raise Http404(f"There are no published {self.what} for the year {self.data['year']!r}.")
        return self.cleaned_data["year"]


class TableExportForm(forms.Form):
    """?table=funding&_export=csv: one of the page's tables in one of the export formats."""

    table = forms.ChoiceField()
    _export = forms.ChoiceField(choices=[(f, f) for f in EXPORT_FORMATS])

    def __init__(self, data, *, tables: Iterable[str]):
        super().__init__(data)
        self.fields["table"].choices = [(name, name) for name in tables]

    def export_or_404(self) -> tuple[str, str]:
        """(table name, format), or 404 naming what to choose."""
        if not self.is_valid():
            raise Http404("Choose a table of this page and a format: csv or xlsx.")
        return self.cleaned_data["table"], self.cleaned_data["_export"]


class SearchForm(forms.Form):
    """?q=...: free text, cut to a bounded length rather than refused."""

    LIMIT = 200

    q = forms.CharField(required=False, strip=False)

    def query(self) -> str:
        return self.cleaned_data["q"][: self.LIMIT] if self.is_valid() else ""
