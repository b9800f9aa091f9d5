"""Shared set-up of the import tests: a small reference set of measures and areas, and files."""

import datetime as dt
import io
import re
import zipfile

import openpyxl

from tests.factories import AreaFactory, MeasureFactory

HEADER = "measure,area,period_start,period_end,value,note"


def csv_bytes(*lines: str, header: str = HEADER, bom: bool = False) -> bytes:
    text = "\n".join([header, *lines]) + "\n"
    return ("\ufeff" + text).encode("utf-8") if bom else text.encode("utf-8")


def problems(plan) -> list[str]:
    """An import's problems as the officer reads them: line, column and what is wrong."""
    return [str(problem) for problem in plan.problems]


def xlsx_bytes(rows: list[list], percent_cells: set[tuple[int, int]] = frozenset()) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for row_number, column_number in percent_cells:
        sheet.cell(row=row_number, column=column_number).number_format = "0.0%"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def make_reference() -> dict:
    """A force, a division, an annual count, a quarterly count and a quarterly percentage."""
    return {
        "force": AreaFactory(code="LANC", name="Lancashire", kind="force"),
        "west": AreaFactory(code="WEST", name="West division", kind="division", position=1),
        "crime": MeasureFactory(code="all-crime", name="All crime", frequency="year"),
        "referrals": MeasureFactory(
            code="lvs-referrals", name="LVS referrals", frequency="quarter"
        ),
        "answered": MeasureFactory(
            code="calls-answered",
            name="999 calls answered in 10 s",
            percentage=True,
            frequency="quarter",
        ),
    }


FY_2021 = ("2021-04-01", "2022-03-31")
Q1_2021 = (dt.date(2021, 4, 1), dt.date(2021, 6, 30))


def table_rows(page: str, table_id: str) -> list[list[str]]:
    """The text of each cell of each body row of the page's table `table_id`."""
    table = page.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody", 1)[1]
    return [
        [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]
        for cells in (
            re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
        )
    ]


def blank_rows_xlsx(rows: int = 1_048_576) -> bytes:
    """A real workbook whose sheet holds a header and then `rows` formatted but empty rows:
    the shape of a sheet someone formatted down to Excel's last row (small zipped, huge
    unpacked)."""
    base = xlsx_bytes([["measure", "area", "period_start", "period_end", "value", "note"]])
    source = zipfile.ZipFile(io.BytesIO(base))
    sheet = source.read("xl/worksheets/sheet1.xml").decode()
    blank = "".join(f'<row r="{n}"><c r="A{n}" s="0"/></row>' for n in range(2, rows + 1))
    sheet = re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="A1:F{rows}"/>', sheet)
    sheet = sheet.replace("</sheetData>", blank + "</sheetData>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = (
                sheet.encode() if info.filename == "xl/worksheets/sheet1.xml" else source.read(info)
            )
            target.writestr(info.filename, data)
    return out.getvalue()
