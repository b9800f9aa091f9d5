"""police.uk street-level crime files (`YYYY-MM-<force>-street.csv`, as in the police.uk
download archive): one row per crime or anti-social behaviour incident, with its month, the
force it falls within, its crime type and the Lower Layer Super Output Area (LSOA) it happened
in. The portal keeps monthly counts by crime type for the force and for each district, the
district being the local authority named in the LSOA name ("Blackpool 012C" → Blackpool).

Incidents with no location, or located outside the force's own districts (police.uk snaps some
to the wrong place), count for the force but for no district; the reader says how many."""

import re

import pandas as pd

from core.periods import Period

from .common import Edition, Figure, LayoutRefused, find_header_row, key

CODE = "police-uk-street"
TITLE = "police.uk street-level crime data"
PUBLISHER = "police.uk (Home Office)"
REQUIRED = ["crime type", "month", "falls within", "lsoa name"]
ALL_CRIME = "All crime"
ASB = "anti-social behaviour"
_LSOA_SUFFIX = re.compile(r"\s+\d{3}[A-Z]$")


def _header(frame: pd.DataFrame) -> int | None:
    return find_header_row(frame, [{name} for name in REQUIRED], limit=3)


def matches(sheets: dict) -> bool:
    return any(_header(frame) is not None for frame in sheets.values())


def force_name(falls_within: str) -> str:
    """The force's area name: "Cumbria Constabulary" → "Cumbria"."""
    name = re.sub(
        r"\s+(Constabulary|Police Service|Police|Police Force)$", "", falls_within.strip()
    )
    return {"Metropolitan": "Metropolitan Police", "City of London": "London, City of"}.get(
        name, name
    )


def read(file: str, sheets: dict) -> Edition:
    sheet, frame = next((s, f) for s, f in sheets.items() if _header(f) is not None)
    header = _header(frame)
    headings = [key(cell) for cell in frame.iloc[header].tolist()]
    table = frame.iloc[header + 1 :]
    table.columns = headings
    table = table[table["month"].astype(str).str.strip() != ""]
    months = table["month"].astype(str).str.strip().unique().tolist()
    forces = table["falls within"].astype(str).str.strip().unique().tolist()
    if len(months) != 1 or not re.fullmatch(r"\d{4}-\d{2}", months[0]):
        raise LayoutRefused(
            f"{file}: expected one month (YYYY-MM) in the “Month” column, found {months[:3]}."
        )
    if len(forces) != 1:
        raise LayoutRefused(f"{file}: expected one force in “Falls within”, found {forces[:3]}.")
    year, month = map(int, months[0].split("-"))
    period = Period.month(year, month)
    force = force_name(forces[0])
    crime_type = table["crime type"].astype(str).str.strip()
    district = table["lsoa name"].astype(str).str.strip().str.replace(_LSOA_SUFFIX, "", regex=True)
    table_name = f"{months[0]} street-level crime, {forces[0]}"
    figures = []
    is_crime = crime_type.str.lower() != ASB

    def add(column, area_name, kind, count, cell, parent=""):
        figures.append(
            Figure(
                column=column,
                area_code="",
                area_name=area_name,
                area_kind=kind,
                period=period,
                value=count,
                table=table_name,
                cell=cell,
                parent_name=parent,
            )
        )

    for column, count in crime_type.value_counts().sort_index().items():
        add(column, force, "force", count, f"rows with Crime type “{column}”: {count}")
    add(ALL_CRIME, force, "force", int(is_crime.sum()), "every row but anti-social behaviour")
    located = district != ""
    counts = pd.crosstab(district[located], crime_type[located])
    for name, row in counts.iterrows():
        for column, count in row.items():
            add(column, name, "district", int(count), f"rows in LSOAs of {name}, {column}", force)
        crimes = int(row.drop(labels=[c for c in row.index if c.lower() == ASB]).sum())
        add(
            ALL_CRIME,
            name,
            "district",
            crimes,
            f"rows in LSOAs of {name} but anti-social behaviour",
            force,
        )
    unlocated = int((~located).sum())
    notes = [
        f"{file}: {len(table):,} rows; {unlocated:,} have no location and count for {force} "
        "only, not for a district."
    ]
    return Edition(
        CODE, TITLE, PUBLISHER, f"{period.start:%B %Y}, {forces[0]}", file, figures, notes
    )
