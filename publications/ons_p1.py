"""ONS, *Crime in England and Wales: Police Force Area data tables*, Table P1: police recorded
crime by offence group for every force, English region, Wales, England and England and Wales,
over rolling 12 months. Read from the 2018–2019 workbooks and the newer accessible layout (xlsx
or CSV)."""

import re

from .common import Edition, LayoutRefused, edition_label, title_of
from .ons_tables import read_area_table

CODE = "ons-pfa-p1"
TITLE = "Police Force Area data tables, Table P1"
PUBLISHER = "Office for National Statistics"
_TITLE = re.compile(r"^\s*table\s*p1\b", re.I)
_SHEET = re.compile(r"^\s*table[\s_]*p1\s*$", re.I)


def find(sheets: dict) -> str | None:
    """The sheet holding Table P1: by its title, or failing that by its name."""
    for name, frame in sheets.items():
        if _TITLE.match(title_of(frame)):
            return name
    return next((name for name in sheets if _SHEET.match(name)), None)


def read(file: str, sheets: dict) -> Edition:
    sheet = find(sheets)
    if sheet is None:
        raise LayoutRefused(f"{file}: no sheet holds Table P1.")
    figures, notes, period = read_area_table(
        sheets[sheet],
        file=file,
        sheet=sheet.strip(),
        table="Table P1",
        by_csp=False,
        expected="“Area Code” and “Area Name” (or “Police Force Area code/name”)",
    )
    label = edition_label(period)
    # A corrected edition says so on a sheet of its own; it replaces the first one.
    if any(name.strip().lower() == "correction" for name in sheets):
        label += " (corrected)"
    return Edition(CODE, TITLE, PUBLISHER, label, file, figures, notes)
