"""Real published files from fixtures/open-data, and editions the project has not seen, made
from them the way publishers change their layouts: a header row moved down, a sheet renamed
with trailing spaces, extra columns, the accessible CSV layout, a figure marked `..`."""

import csv
import io
from pathlib import Path

import openpyxl
import pandas as pd
from django.conf import settings

OPEN_DATA = Path(settings.BASE_DIR) / "fixtures" / "open-data"
P1 = OPEN_DATA / "ons-pfa-tables"
P1_MARCH_2019 = P1 / "policeforceareatablesyeendingmarch2019.xlsx"
P1_JUNE_2019 = P1 / "policeforceareatablesyearendingjune2019.xlsx"
P1_JUNE_2018_CORRECTED = P1 / "policeforceareadatatablesyearendingjune2018corrected.xlsx"
C2_JUNE_2025 = P1 / "ons_tableC2_csp_ye_jun2025.csv.gz"
POLICE_UK = OPEN_DATA / "police-uk-street"
SPEND_2023 = OPEN_DATA / "opcc-spend-over-500" / "lancashire_pcc_spend_over_500_2023-24.xlsx"
SPEND_2020 = OPEN_DATA / "opcc-spend-over-500" / "lancashire_pcc_spend_over_500_2020-21.xlsx"
GMP_NOTE = (
    "Greater Manchester Police were unable to supply data for July to December 2019 following "
    "the implementation of a new IT system; national totals exclude them."
)


def _save(book, path: Path) -> Path:
    book.save(path)
    return path


def reshuffled_december_2019(folder: Path) -> Path:
    """The June 2019 workbook as a "year ending December 2019" edition laid out differently:
    three more rows above the headings, the sheet renamed "Table P1  ", two extra columns, and
    Greater Manchester's figures given as `..` with a footnote, as the ONS printed them then."""
    book = openpyxl.load_workbook(P1_JUNE_2019)
    sheet = book["Table P1"]
    sheet.title = "Table P1  "
    sheet["A1"] = sheet["A1"].value.replace("June 2019", "December 2019")
    sheet.insert_rows(2, 3)
    sheet.insert_cols(3, 1)  # an empty column between the names and the figures
    last = sheet.max_column + 1
    # A column later editions added, after the others.
    sheet.cell(row=8, column=last, value="Fraud and computer misuse3")
    for row in sheet.iter_rows(min_row=10, max_col=last):
        code = row[0].value
        if isinstance(code, str) and len(code) == 9 and isinstance(row[3].value, int):
            row[last - 1].value = row[3].value // 10
        if row[1].value == "Greater Manchester":
            row[1].value = "Greater Manchester9"
            for cell in row[3:]:
                if cell.value is not None:
                    cell.value = ".."
    sheet.cell(row=sheet.max_row + 1, column=1, value=f"9. {GMP_NOTE}")
    return _save(book, folder / "p1-december-2019-reshuffled.xlsx")


def accessible_csv(source: Path, folder: Path, *, unavailable: str = "") -> Path:
    """Table P1 in the newer accessible layout, as its CSV export: `[note N]` markers, one
    heading row, numbers as text with thousands separators, `[x]` for `unavailable`."""
    raw = pd.read_excel(source, sheet_name=None, header=None, dtype=object, engine="calamine")
    frame = next(f for name, f in raw.items() if name.strip() == "Table P1")
    title = " ".join(str(frame.iloc[0, 0]).split())
    year = title.rsplit(" ", 1)[1][:4]
    month = title.split("year ending ")[1].split()[0]
    headings = ["Total recorded crime (excluding fraud) [note 3]"] + [
        f"{frame.iloc[4, i]} [note 4]" if str(frame.iloc[4, i])[-1].isdigit() else frame.iloc[4, i]
        for i in range(4, frame.shape[1])
        if isinstance(frame.iloc[4, i], str)
    ]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [f"Table P1: Police recorded crime, year ending {month} {year} [note 1][note 2]"]
    )
    writer.writerow(["This worksheet contains one table. [x] indicates data are unavailable."])
    writer.writerow(["Police Force Area code", "Police Force Area name", *headings])
    for i in range(6, frame.shape[0]):
        code, name = frame.iloc[i, 0], frame.iloc[i, 1]
        if not isinstance(code, str) or len(code) != 9:
            continue
        values = [frame.iloc[i, 2]] + [
            frame.iloc[i, j] for j in range(4, frame.shape[1]) if isinstance(frame.iloc[4, j], str)
        ]
        if str(name).startswith(unavailable) and unavailable:
            cells = ["[x]"] * len(values)
        else:
            cells = [f"{int(v):,} " for v in values]
        writer.writerow([code, name, *cells])
    path = folder / f"p1-accessible-{month.lower()}-{year}.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def first_edition_june_2018(folder: Path, lancashire_total: int) -> Path:
    """The June 2018 edition as first published (before its correction): no Correction sheet,
    and Lancashire's total as given."""
    book = openpyxl.load_workbook(P1_JUNE_2018_CORRECTED)
    del book["Correction"]
    sheet = book["Table P1"]
    for row in sheet.iter_rows(min_row=7):
        if row[0].value == "E23000003":
            row[2].value = lancashire_total
    return _save(book, folder / "p1-june-2018-first.xlsx")


def without_headings(folder: Path) -> Path:
    """Table P1 cut short: the title, then nothing that names the columns."""
    book = openpyxl.load_workbook(P1_MARCH_2019)
    sheet = book["Table P1 "]
    sheet.delete_rows(3, sheet.max_row)
    return _save(book, folder / "p1-cut-short.xlsx")


def foreign_workbook(folder: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    book.active.append(["Team", "Played", "Won"])
    book.active.append(["Preston North End", 46, 20])
    return _save(book, folder / "league-table.xlsx")


def truncated_bytes(folder: Path) -> Path:
    path = folder / "policeforceareatables-truncated.xlsx"
    path.write_bytes(P1_MARCH_2019.read_bytes()[:40_000])
    return path
