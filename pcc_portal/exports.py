"""Spreadsheet exports of any table, bounded and safe to open in Excel.

- Only the formats offered (CSV, XLSX); any other asks for a page, not a 500.
- At most `EXPORT_ROW_CAP` rows; a longer table ends with a row saying so, and where every
  row can be had instead (the open data files hold every published figure).
- CSV is streamed a row at a time as it is read (the capped table exports and the open data
  files of any length alike); XLSX is written by openpyxl's write-only workbook (a zip file
  is only readable once complete, so it is sent whole).
- Every text cell passes through `spreadsheet_safe`, the one place that keeps a cell from
  being read as a formula (OWASP "CSV injection"): CSV, XLSX and the 360Giving CSV use it.
"""

import csv
import io
from collections.abc import Iterable, Iterator

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook

EXPORT_FORMATS = ("csv", "xlsx")
# The largest file any visitor can ask for, chosen so that it is written in under 2 s on the
# 480,000-figure bench while the two-core machine is shared (bench/bench_limits.py, medians):
# 3,000 figures took 1.0 s as CSV and 1.5 s as XLSX at a load average of 6, but 2.6 s as XLSX
# at 12 to 20 (0.7 s of CPU); 2,000 took 0.6 s and 1.3 s at 8 to 9. Every published figure
# is in the open data files, which are streamed whatever their length.
EXPORT_ROW_CAP = 2_000
# A cell starting with one of these is a formula (or becomes one) in Excel, LibreOffice and
# Google Sheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet_safe(value):
    """Text that a spreadsheet would take for a formula, made plain text by a leading
    apostrophe; numbers, dates and other text unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def capped_note(row_cap: int, everything: str = "") -> str:
    """The last row of a capped file; `everything` names where every row can be had."""
    note = (
        f"This file holds the first {row_cap:,} rows only. Narrow the filter to download the rest"
    )
    return f"{note}, or use {everything}." if everything else f"{note}."


def cap_table_rows(table, row_cap: int | None = None) -> None:
    """Limits an ordered table to `row_cap` (EXPORT_ROW_CAP) rows and one more, to tell that
    there were more, so an export never reads the whole table from the database."""
    row_cap = row_cap or EXPORT_ROW_CAP
    table.data.data = table.data.data[: row_cap + 1]
    table.export_row_cap = row_cap


def capped_table_rows(table, *, exclude_columns=(), everything: str = "") -> Iterator:
    """The header and rows of a table limited by `cap_table_rows`, ending with a row that says
    so when rows were left out."""
    row_cap = getattr(table, "export_row_cap", None)
    if row_cap is None:
        cap_table_rows(table)
        row_cap = table.export_row_cap
    count = -1  # the header is the first row
    for row in table.as_values(exclude_columns=exclude_columns):
        if count == row_cap:
            yield [capped_note(row_cap, everything)]
            return
        yield row
        count += 1


class _Echo:
    def write(self, value):
        return value


def _csv_lines(rows: Iterable) -> Iterator[str]:
    writer = csv.writer(_Echo())
    return (writer.writerow([spreadsheet_safe(cell) for cell in row]) for row in rows)


def csv_stream(rows: Iterable, filename: str) -> StreamingHttpResponse:
    """A CSV sent as it is written: the first rows leave before the last are read."""
    response = StreamingHttpResponse(_csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(rows: Iterable, filename: str, title: str = "Data") -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for row in rows:
        sheet.append([_xlsx_value(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_value(value):
    if value is None or isinstance(value, int | float | str):
        return spreadsheet_safe(value)
    if hasattr(value, "as_tuple"):  # Decimal: a number in the sheet
        return value
    if hasattr(value, "isoformat"):
        return value
    return spreadsheet_safe(str(value))


def table_export(
    *, table, export_format: str, filename: str, exclude_columns=(), everything: str = ""
):
    """The response for `table` in `export_format` (one of EXPORT_FORMATS); `everything` names
    where every row can be had when the file is capped."""
    rows = capped_table_rows(table, exclude_columns=exclude_columns, everything=everything)
    if export_format == "csv":
        return csv_stream(rows, filename)
    return xlsx_response(rows, filename)
