"""ONS, *Crime in England and Wales: Police Force Area data tables*, Table C2: police recorded
crime by offence group for each Community Safety Partnership (a force's districts), over
rolling 12 months. The accessible layout, as xlsx or as its CSV export."""

import re

from .common import Edition, LayoutRefused, edition_label, title_of
from .ons_tables import read_area_table

CODE = "ons-pfa-c2"
TITLE = "Police Force Area data tables, Table C2 (Community Safety Partnerships)"
PUBLISHER = "Office for National Statistics"
_TITLE = re.compile(r"^\s*table\s*c2\b", re.I)
_SHEET = re.compile(r"^\s*table[\s_]*c2\s*$", re.I)


def find(sheets: dict) -> str | None:
    for name, frame in sheets.items():
        if _TITLE.match(title_of(frame)):
            return name
    return next((name for name in sheets if _SHEET.match(name)), None)


def read(file: str, sheets: dict) -> Edition:
    sheet = find(sheets)
    if sheet is None:
        raise LayoutRefused(f"{file}: no sheet holds Table C2.")
    figures, notes, period = read_area_table(
        sheets[sheet],
        file=file,
        sheet=sheet.strip(),
        table="Table C2",
        by_csp=True,
        expected="“Community Safety Partnership name” beside the police force area columns",
    )
    return Edition(CODE, TITLE, PUBLISHER, edition_label(period), file, figures, notes)
