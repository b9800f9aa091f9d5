"""Home Office, *Police workforce, England and Wales*, the open data table: headcount and
full-time equivalent by force, sex, rank and worker type, as at 31 March each year. The portal
keeps each force's totals by worker type (police officers, police staff, PCSOs, special
constables …), summed over sex and rank."""

from decimal import Decimal

import pandas as pd

from core.periods import Period

from .common import (
    ONS_CODE,
    Edition,
    Figure,
    LayoutRefused,
    area_kind,
    find_header_row,
    key,
    parse_figure,
)

CODE = "ho-police-workforce"
TITLE = "Police workforce, England and Wales: open data table"
PUBLISHER = "Home Office"
DATE = {"date", "as at", "year"}
AREA_CODE = {"geo code", "force code", "ons code", "pfa code"}
FORCE = {"force name", "force", "police force"}
WORKER = {"worker type"}
HEADCOUNT = {"total headcount", "headcount"}
FTE = {"total fte", "fte"}
WORKER_NAMES = {
    "police officer": "Police officers",
    "police staff": "Police staff",
    "police community support officer": "Police community support officers",
    "special constable": "Special constables",
    "designated officer": "Designated officers",
    "police support volunteer": "Police support volunteers",
}


def _header(frame: pd.DataFrame) -> int | None:
    return find_header_row(frame, [DATE, AREA_CODE, WORKER, HEADCOUNT], limit=10)


def matches(sheets: dict) -> bool:
    return any(_header(frame) is not None for frame in sheets.values())


def read(file: str, sheets: dict) -> Edition:
    sheet, frame = next((s, f) for s, f in sheets.items() if _header(f) is not None)
    header = _header(frame)
    headings = [key(cell) for cell in frame.iloc[header].tolist()]

    def at(names):
        return next((i for i, h in enumerate(headings) if h in names), None)

    table = frame.iloc[header + 1 :].copy()
    table.columns = range(table.shape[1])
    table["line"] = table.index + 1
    columns = {"date": at(DATE), "code": at(AREA_CODE), "worker": at(WORKER)}
    force, headcount, fte = at(FORCE), at(HEADCOUNT), at(FTE)
    table = table[table[columns["code"]].astype(str).str.strip() != ""]
    bad = table[~table[columns["code"]].astype(str).str.strip().str.match(ONS_CODE)]
    if len(bad):
        row = bad.iloc[0]
        raise LayoutRefused(
            f"{file}, {sheet}, line {row['line']}: “{row[columns['code']]}” is not an ONS force "
            "code (expected one such as E23000003)."
        )
    measures = [(headcount, "headcount"), (fte, "full-time equivalent")]
    for position, _ in measures:
        if position is not None:
            table[position] = _numbers(file, sheet, table[position], table["line"])
    keys = [columns["date"], columns["code"], columns["worker"]]
    wanted = [(position, what) for position, what in measures if position is not None]
    totals = table.groupby(keys, sort=True).agg(
        **{f"m{position}": (position, "sum") for position, _ in wanted},
        first=("line", "min"),
        last=("line", "max"),
        rows=("line", "size"),
    )
    names = table.groupby(columns["code"])[force].first().to_dict() if force is not None else {}
    figures = []
    for (date, code, worker), row in zip(totals.index, totals.itertuples(index=False), strict=True):
        as_at = pd.Timestamp(str(date)).date()
        period = Period.financial_year(as_at.year - 1)  # the year to 31 March
        label = WORKER_NAMES.get(str(worker).strip().lower(), str(worker).strip().capitalize())
        code = code.strip()
        name = str(names.get(code, code)).strip().replace(" & ", " and ")
        cell = f"sum of {row.rows} lines ({row.first}–{row.last}), by sex and rank"
        for position, what in wanted:
            figures.append(
                Figure(
                    column=f"{label} ({what})",
                    area_code=code,
                    area_name=name,
                    area_kind=area_kind(code),
                    period=period,
                    value=round(Decimal(getattr(row, f"m{position}")), 2),
                    table=f"{_table(sheet)} (as at 31 March {as_at.year})",
                    cell=cell,
                )
            )
    if not figures:
        raise LayoutRefused(f"{file}, {sheet}: the headings are there but no rows below them.")
    years = sorted({f.period.end.year for f in figures})
    label = (
        f"31 March {years[0]} to 31 March {years[-1]}" if len(years) > 1 else f"31 March {years[0]}"
    )
    return Edition(CODE, TITLE, PUBLISHER, label, file, figures, [])


def _numbers(file, sheet, cells: pd.Series, lines: pd.Series) -> pd.Series:
    """The column as exact decimals; any cell that is not a number stops the file."""
    text = cells.astype(str).str.replace(",", "", regex=False).str.strip()
    numeric = pd.to_numeric(text, errors="coerce")
    if numeric.isna().any():
        where = numeric.isna().to_numpy().argmax()
        try:
            _, meaning = parse_figure(cells.iloc[where])
        except ValueError as error:
            meaning = str(error)
        raise LayoutRefused(
            f"{file}, {sheet}, line {lines.iloc[where]}: {meaning}; expected a number, since a "
            "total over sex and rank cannot be made without it."
        )
    return text.map(Decimal)


def _table(sheet: str) -> str:
    return "Police workforce open data table" if sheet == "CSV" else sheet
