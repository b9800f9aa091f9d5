"""ONS, Crime Severity Score by police force area: one score per area, offence group and year
ending March (the long table: offence group, area code, area name, year, score, year ending).
Columns are found by their headings, in any order, with any extra columns beside them."""

import datetime as dt

import pandas as pd

from .common import (
    ONS_CODE,
    Edition,
    Figure,
    LayoutRefused,
    area_kind,
    cell_ref,
    clean_label,
    find_header_row,
    is_blank,
    key,
    parse_figure,
    proper_name,
    twelve_months_to,
)

CODE = "ons-crime-severity"
TITLE = "Crime Severity Score by police force area"
PUBLISHER = "Office for National Statistics"
GROUP = {"offence group", "offence"}
AREA_CODE = {"code", "area code", "geography code", "pfa code"}
AREA_NAME = {"name", "area name", "geography", "police force area"}
SCORE = {"severity score", "crime severity score", "score"}
YEAR_ENDING = {"year ending", "date"}


def matches(sheets: dict) -> bool:
    return any(_header(frame) is not None for frame in sheets.values())


def _header(frame: pd.DataFrame) -> int | None:
    return find_header_row(frame, [GROUP, AREA_CODE, SCORE, YEAR_ENDING], limit=10)


def read(file: str, sheets: dict) -> Edition:
    sheet, frame = next((s, f) for s, f in sheets.items() if _header(f) is not None)
    header = _header(frame)
    headings = [key(cell) for cell in frame.iloc[header].tolist()]

    def at(names):
        return next(i for i, h in enumerate(headings) if h in names)

    group, code, score, ending = at(GROUP), at(AREA_CODE), at(SCORE), at(YEAR_ENDING)
    name = next((i for i, h in enumerate(headings) if h in AREA_NAME), None)
    figures = []
    everything = frame.to_numpy()
    for row in range(header + 1, len(everything)):
        cells = everything[row]
        area_code = str(cells[code]).strip()
        if is_blank(cells[code]) and is_blank(cells[score]):
            continue
        if not ONS_CODE.match(area_code):
            raise LayoutRefused(
                f"{file}, {sheet}, cell {cell_ref(row, code)}: “{area_code}” is not an ONS "
                "area code (expected one such as E23000003)."
            )
        try:
            end = _as_date(cells[ending])
            value, meaning = parse_figure(cells[score])
        except ValueError as error:
            raise LayoutRefused(
                f"{file}, {sheet}, row {row + 1}: {error}; expected a year-ending date such as "
                "2022-03-31 and a score."
            ) from error
        period = twelve_months_to(end.year, end.month)
        if period.end != end and end != dt.date(end.year, end.month, 1):
            raise LayoutRefused(f"{file}, {sheet}, row {row + 1}: {end} is not a month's end.")
        area_name = clean_label(cells[name]) if name is not None else area_code
        figures.append(
            Figure(
                column=clean_label(cells[group]),
                area_code=area_code,
                area_name=proper_name(area_name),
                area_kind=area_kind(area_code),
                period=period,
                value=None if value is None else round(value, 4),
                table=sheet if sheet != "CSV" else "Crime Severity Score",
                cell=cell_ref(row, score),
                note=f"Not available in the publication ({meaning})." if value is None else "",
            )
        )
    if not figures:
        raise LayoutRefused(f"{file}, {sheet}: the headings are there but no scores below them.")
    ends = sorted({f.period.end for f in figures})
    label = (
        f"years ending March {ends[0].year} to {ends[-1].year}"
        if len(ends) > 1
        else f"year ending {ends[0]:%B %Y}"
    )
    return Edition(CODE, TITLE, PUBLISHER, label, file, figures, [])


def _as_date(cell) -> dt.date:
    text = str(cell).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return pd.Timestamp(text).date()
