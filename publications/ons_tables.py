"""The layout the ONS Police Force Area data tables share (P1 by force, C2 by Community Safety
Partnership), in both of its forms:

- the 2018–2019 workbooks: a title row ("… year ending June 20191,2"), a row of offence-group
  headings over a row of offence headings, "Area Code" and "Area Name" columns, a "Numbers"
  row, footnote digits stuck to names, numbered footnotes below the table;
- the newer accessible layout (xlsx or its CSV export): one heading row ("Police Force Area
  code", "Community Safety Partnership name", …), `[note N]` markers, numbers written as text
  with thousands separators ("128,435 "), `[x]` for a figure not available.

Headings are found by what they say, not where they are, so a moved header row, an extra
column or a renamed sheet still reads; a table whose headings cannot be found is refused.
"""

import re
from dataclasses import dataclass

import pandas as pd

from .common import (
    ONS_CODE,
    Figure,
    LayoutRefused,
    area_kind,
    cell_ref,
    clean_label,
    find_header_row,
    footnotes,
    is_blank,
    key,
    parse_figure,
    proper_name,
    split_footnotes,
    title_of,
    year_ending,
)

FORCE_CODE = {"area code", "police force area code", "pfa code"}
FORCE_NAME = {"area name", "police force area name", "pfa name"}
CSP_CODE = {"community safety partnership code", "csp code"}
CSP_NAME = {"community safety partnership name", "csp name"}
LOCAL_AUTHORITY = {"local authority code", "local authority name"}
TOTAL = "total recorded crime"  # every edition has a total column starting so


@dataclass
class Columns:
    header: int
    code: int
    name: int
    csp_code: int | None
    csp_name: int | None
    figures: dict[int, str]  # position → offence heading, cleaned


def locate(frame: pd.DataFrame, *, by_csp: bool, file: str, sheet: str, expected: str) -> Columns:
    wanted = [FORCE_CODE, FORCE_NAME] + ([CSP_NAME] if by_csp else [])
    header = find_header_row(frame, wanted)
    if header is None:
        raise LayoutRefused(
            f"{file}, sheet “{sheet}”: no heading row naming {expected} was found in the first "
            "40 rows; the layout has changed beyond recognition, so nothing was imported."
        )
    headings = [key(cell) for cell in frame.iloc[header].tolist()]
    above = [key(cell) for cell in frame.iloc[header - 1].tolist()] if header else []

    def position(names):
        return next((i for i, h in enumerate(headings) if h in names), None)

    columns = Columns(
        header=header,
        code=position(FORCE_CODE),
        name=position(FORCE_NAME),
        csp_code=position(CSP_CODE),
        csp_name=position(CSP_NAME),
        figures={},
    )
    identifying = {columns.code, columns.name, columns.csp_code, columns.csp_name}
    for index, heading in enumerate(headings):
        if index in identifying or heading in LOCAL_AUTHORITY:
            continue
        # The 2018–2019 layout heads its total column only in the row above.
        raw = frame.iloc[header, index]
        if is_blank(raw) and above and above[index].startswith(TOTAL):
            raw = frame.iloc[header - 1, index]
        if not is_blank(raw):
            columns.figures[index] = clean_label(raw)
    if not any(key(label).startswith(TOTAL) for label in columns.figures.values()):
        raise LayoutRefused(
            f"{file}, sheet “{sheet}”: no “Total recorded crime” column beside the area "
            "columns; the layout has changed beyond recognition, so nothing was imported."
        )
    return columns


def legend(frame: pd.DataFrame, header: int) -> str:
    """The shorthand the accessible layout explains above its table ("[x] indicates …")."""
    for index in range(header):
        for cell in frame.iloc[index].tolist():
            if isinstance(cell, str) and "[x]" in cell:
                return " ".join(cell.split())
    return ""


def find_table(sheets: dict, table: str) -> str | None:
    """The sheet holding Table `table` ("P1", "C2"): by its title, or failing that by its name."""
    by_title = re.compile(rf"^\s*table\s*{table}\b", re.I)
    by_name = re.compile(rf"^\s*table[\s_]*{table}\s*$", re.I)
    for name, frame in sheets.items():
        if by_title.match(title_of(frame)):
            return name
    return next((name for name in sheets if by_name.match(name)), None)


def read_table(
    file: str, sheets: dict, *, table: str, by_csp: bool, expected: str
) -> tuple[list[Figure], list[str], str]:
    """Table `table` of a workbook (read_area_table), or a refusal naming the file."""
    sheet = find_table(sheets, table)
    if sheet is None:
        raise LayoutRefused(f"{file}: no sheet holds Table {table}.")
    return read_area_table(
        sheets[sheet],
        file=file,
        sheet=sheet.strip(),
        table=f"Table {table}",
        by_csp=by_csp,
        expected=expected,
    )


def read_area_table(
    frame: pd.DataFrame, *, file: str, sheet: str, table: str, by_csp: bool, expected: str
) -> tuple[list[Figure], list[str], str]:
    """The figures of one P1- or C2-style table, the notes for the reader, and the edition."""
    title = title_of(frame)
    period = year_ending(title)
    if period is None:
        raise LayoutRefused(
            f"{file}, sheet “{sheet}”: the title does not say which 12 months the table covers "
            f"(expected “… year ending <month> <year>”, found “{title[:120]}”)."
        )
    columns = locate(frame, by_csp=by_csp, file=file, sheet=sheet, expected=expected)
    notes_below = footnotes(frame, columns.header + 1)
    shorthand = legend(frame, columns.header)
    figures, notes, skipped = [], [], []
    # Forces are listed under their region (or Wales): remember the group being read.
    group = ("", "")
    # The rows as lists, taken from the frame at once (a pandas row each costs more than its
    # figures: a C2 table has some 300 rows).
    rows = frame.iloc[columns.header + 1 :].to_numpy(dtype=object).tolist()
    for row, cells in enumerate(rows, start=columns.header + 1):
        code = "" if is_blank(cells[columns.code]) else str(cells[columns.code]).strip()
        name, name_notes = split_footnotes(cells[columns.name])
        if not code and not name:
            continue
        if not code and _is_footer(name):
            break
        if not ONS_CODE.match(code):
            if any(not is_blank(cells[i]) for i in columns.figures):
                skipped.append(name or code)
            continue  # the "Numbers" row under the headings
        area = _area(cells, columns, code, name)
        if area is None:
            skipped.append(clean_label(cells[columns.csp_name]))
            continue
        area_code, area_name, kind, parent_code, parent_name = area
        if kind in ("region", "country") and columns.csp_name is None:
            group = (area_code, area_name)
        elif kind == "force" and columns.csp_name is None:
            parent_code, parent_name = group
        for index, column in columns.figures.items():
            where = cell_ref(row, index)
            try:
                value, meaning = parse_figure(cells[index])
            except ValueError as error:
                raise LayoutRefused(
                    f"{file}, sheet “{sheet}”, cell {where} ({area_name}, {column}): {error}; "
                    "expected a number or a not-available marker such as “..” or “[x]”."
                ) from error
            note = ""
            if value is None:
                referenced = name_notes + split_footnotes(frame.iloc[columns.header, index])[1]
                said = [notes_below[n] for n in referenced if n in notes_below]
                note = " ".join(
                    [f"Not available in the publication ({meaning}).", shorthand, *said]
                )
            figures.append(
                Figure(
                    column=column,
                    area_code=area_code,
                    area_name=area_name,
                    area_kind=kind,
                    period=period,
                    value=value,
                    table=table,
                    cell=where,
                    note=" ".join(note.split()),
                    parent_code=parent_code,
                    parent_name=parent_name,
                )
            )
    if not figures:
        raise LayoutRefused(
            f"{file}, sheet “{sheet}”: the headings are there but no row below them has an "
            "area code and figures; the table looks cut short, so nothing was imported."
        )
    if skipped:
        notes.append(
            f"{table}: rows without an ONS area code were not imported ({', '.join(skipped)}); "
            "their crimes are in the force totals."
        )
    return figures, notes, period


def _is_footer(text: str) -> bool:
    lowered = text.lower()
    return lowered.startswith(("source", "note", "1.", "*"))


def _area(cells, columns: Columns, code: str, name: str):
    """(code, name, kind, parent code, parent name) of a row, or None for a row that is not
    an area (a CSP table's "Unassigned …" lines, which have no CSP code)."""
    if columns.csp_name is None:
        return code, proper_name(name), area_kind(code), "", ""
    csp_name = clean_label(cells[columns.csp_name])
    csp_code = "" if columns.csp_code is None else str(cells[columns.csp_code] or "").strip()
    if not csp_name and not csp_code:
        return code, proper_name(name), area_kind(code), "", ""
    if not ONS_CODE.match(csp_code):
        return None
    return csp_code, csp_name, "district", code, proper_name(name)
