"""The quarter's spreadsheet template: every figure due from a plan's measures for a quarter,
one row each, with its unit and the period's dates filled in, and the stored value if any.

An officer fills in the values and uploads it again; it reads back through the same import
(plan_import), and a template uploaded unchanged changes nothing.
"""

import csv
import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from core.periods import Period
from performance.models import Area, Observation, Plan, PriorityMeasure
from performance.staff_selectors import expected_periods

COLUMNS = ("measure", "area", "unit", "period_start", "period_end", "value", "note")
CSV = "csv"
XLSX = "xlsx"
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class TemplateRow:
    measure: str
    area: str
    unit: str
    period: Period
    value: Decimal | None
    note: str


def template_rows(*, plan: Plan, quarter: Period) -> list[TemplateRow]:
    """One row per figure due from the force, in the plan's order, measures named as officers
    know them (by code only where two measures share a name). Three queries."""
    links = (
        PriorityMeasure.objects.filter(priority__plan=plan)
        .select_related("measure", "priority")
        .order_by("priority__position", "position", "measure__name")
    )
    measures = list(dict.fromkeys(link.measure for link in links))
    names = Counter(m.name.casefold() for m in measures)
    area = Area.objects.home_force()
    due = [(m, p) for m in measures for p in expected_periods(m.frequency, quarter)]
    stored = {}
    if area is not None:
        stored = {
            (o.measure_id, o.period): o
            for o in Observation.objects.filter(
                measure__in=measures, area=area, period_end__in={p.end for _, p in due}
            )
        }
    rows = []
    for measure, period in due:
        found = stored.get((measure.pk, period))
        rows.append(
            TemplateRow(
                measure=measure.name if names[measure.name.casefold()] == 1 else measure.code,
                area=area.name if area else "",
                unit=measure.get_unit_display(),
                period=period,
                value=found.value if found else None,
                note=found.note if found else "",
            )
        )
    return rows


def template_filename(plan: Plan, quarter: Period, fmt: str) -> str:
    return f"{plan.code}-{quarter.label.replace(' ', '-').replace('/', '-')}.{fmt}"


def template_file(*, plan: Plan, quarter: Period, fmt: str) -> bytes:
    rows = template_rows(plan=plan, quarter=quarter)
    return _xlsx(rows) if fmt == XLSX else _csv(rows)


def _plain(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def _csv(rows: list[TemplateRow]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(
            [
                _cell_text(row.measure),
                _cell_text(row.area),
                row.unit,
                row.period.start.isoformat(),
                row.period.end.isoformat(),
                _plain(row.value),
                _cell_text(row.note),
            ]
        )
    return out.getvalue().encode("utf-8-sig")  # the BOM tells Excel it is UTF-8


def _cell_text(text: str) -> str:
    # A name or note starting like a formula must stay text when Excel opens the file.
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def _xlsx(rows: list[TemplateRow]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Figures"
    sheet.append(COLUMNS)
    for row in rows:
        value = row.value
        number = None if value is None else (int(value) if value == int(value) else float(value))
        sheet.append(
            [row.measure, row.area, row.unit, row.period.start, row.period.end, number, row.note]
        )
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if isinstance(cell.value, dt.date):
                cell.number_format = "dd/mm/yyyy"
            elif cell.data_type == "s" and str(cell.value).startswith("="):
                cell.data_type = "s"  # text, never a formula
    for column, width in zip("ABCDEFG", (48, 18, 14, 13, 13, 12, 30), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
