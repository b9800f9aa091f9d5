"""An OPCC's "spend over £500" workbooks, published under the Elected Local Policing Bodies
(Specified Information) Order 2011: one sheet per month, one row per payment with its
expenditure category, date, amount and supplier.

Real workbooks vary from year to year: headings "Total Invoice Amount" or "TOTAL", "SUPPLIER" or
"* SUPPLIER FINAL", an asterisk before some headings, extra empty columns; sheet names
"Apr 20", "APR 24", "Jan '24" or just "Apr"; dates as dates or as Excel day numbers. Headings
are found by what they say; the month is read from the sheet name and checked against the
dates."""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from .common import MONTHS, LayoutRefused, cell_ref, find_header_row, is_blank, key, parse_figure

CODE = "opcc-spend-over-500"
TITLE = "Expenditure over £500"
CATEGORY = {"expenditure category", "category", "expense type", "service area"}
DATE = {"date", "payment date", "transaction date", "invoice date"}
AMOUNT = {"total invoice amount", "total", "amount", "net amount", "invoice amount", "value"}
SUPPLIER = {"supplier", "supplier final", "supplier name", "payee", "vendor"}
EXCEL_EPOCH = dt.date(1899, 12, 30)
PENNY = Decimal("0.01")


@dataclass(frozen=True)
class Payment:
    paid_on: dt.date
    category: str
    supplier: str
    amount: Decimal
    sheet: str
    cell: str


@dataclass
class SpendWorkbook:
    file: str
    months: dict[dt.date, list[Payment]] = field(default_factory=dict)  # first of month → rows
    notes: list[str] = field(default_factory=list)

    @property
    def payments(self) -> list[Payment]:
        return [p for rows in self.months.values() for p in rows]


def _header(frame: pd.DataFrame) -> int | None:
    return find_header_row(frame, [CATEGORY, DATE, AMOUNT, SUPPLIER], limit=15)


def matches(sheets: dict) -> bool:
    return bool(sheets) and any(_header(frame) is not None for frame in sheets.values())


def sheet_month(name: str) -> tuple[int, int | None] | None:
    """(month, year or None) from "Apr 20", "APR 24", "Jan '24", "April 2021" or "Apr"."""
    match = re.fullmatch(r"\s*([A-Za-z]+)\.?\s*'?\s*(\d{2}|\d{4})?\s*", name)
    if not match or match[1].lower() not in MONTHS:
        return None
    year = match[2]
    return MONTHS[match[1].lower()], (None if year is None else int(year) % 100 + 2000)


def _date(cell) -> dt.date | None:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if isinstance(cell, int | float) and not pd.isna(cell) and 20000 < cell < 80000:
        return EXCEL_EPOCH + dt.timedelta(days=int(cell))
    if isinstance(cell, str) and cell.strip():
        try:
            return pd.Timestamp(cell.strip(), dayfirst=True).date()
        except ValueError:
            return None
    return None


def read(file: str, sheets: dict) -> SpendWorkbook:
    book = SpendWorkbook(file)
    for sheet, frame in sheets.items():
        header = _header(frame)
        if header is None:
            if frame.shape[0] and any(not is_blank(c) for c in frame.iloc[:15].to_numpy().ravel()):
                raise LayoutRefused(
                    f"{file}, sheet “{sheet.strip()}”: no heading row naming the expenditure "
                    "category, date, amount (“Total Invoice Amount” or “TOTAL”) and supplier; "
                    "nothing was imported."
                )
            continue  # an empty sheet
        month, payments = _read_sheet(file, sheet, frame, header)
        if month is None:
            continue
        if month in book.months:
            raise LayoutRefused(
                f"{file}, sheet “{sheet.strip()}”: a second sheet for {month:%B %Y}; nothing was "
                "imported."
            )
        book.months[month] = payments
    if not book.months:
        raise LayoutRefused(f"{file}: no sheet holds payments.")
    return book


def _read_sheet(file, sheet, frame, header):
    headings = [key(cell) for cell in frame.iloc[header].tolist()]

    def at(names):
        return next(i for i, h in enumerate(headings) if h in names)

    columns = at(CATEGORY), at(DATE), at(AMOUNT), at(SUPPLIER)
    rows = []
    cells = frame.to_numpy()
    for row in range(header + 1, len(cells)):
        category, paid, amount, supplier = (cells[row, c] for c in columns)
        if all(is_blank(c) for c in (category, paid, amount, supplier)):
            continue
        paid_on = _date(paid)
        if paid_on is None and is_blank(supplier):
            continue  # a totals row: the portal adds up the payments itself
        where = f"{file}, sheet “{sheet.strip()}”, row {row + 1}"
        if paid_on is None:
            raise LayoutRefused(
                f"{where}: “{paid}” is not a date (cell {cell_ref(row, columns[1])})."
            )
        try:
            value, meaning = parse_figure(
                str(amount).replace("£", "") if isinstance(amount, str) else amount
            )
        except ValueError as error:
            raise LayoutRefused(f"{where}: the amount {error}.") from error
        if value is None:
            raise LayoutRefused(f"{where}: the amount is {meaning}.")
        rows.append(
            Payment(
                paid_on=paid_on,
                category=" ".join(str(category).split()),
                supplier=" ".join(str(supplier).split()),
                amount=value.quantize(PENNY, rounding=ROUND_HALF_UP),
                sheet=sheet.strip(),
                cell=cell_ref(row, columns[2]),
            )
        )
    if not rows:
        return None, []
    return _month(file, sheet, rows), rows


def _month(file: str, sheet: str, rows: list[Payment]) -> dt.date:
    """The month a sheet covers: named by the sheet, its year taken from the dates."""
    by_month = pd.Series([dt.date(p.paid_on.year, p.paid_on.month, 1) for p in rows]).value_counts()
    common = by_month.index[0]
    named = sheet_month(sheet)
    if named is None:
        return common
    month, year = named
    if month != common.month or (year is not None and year != common.year):
        raise LayoutRefused(
            f"{file}, sheet “{sheet.strip()}”: the sheet is named for "
            f"{dt.date(2000, month, 1):%B}{'' if year is None else f' {year}'} but most of its "
            f"payments are dated {common:%B %Y}; nothing was imported."
        )
    return common
