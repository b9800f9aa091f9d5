"""ONS, *Crime in England and Wales: Police Force Area data tables*, Table P1: police recorded
crime by offence group for every force, English region, Wales, England and England and Wales,
over rolling 12 months. Read from the 2018–2019 workbooks and the newer accessible layout (xlsx
or CSV)."""

from .common import Edition, edition_label
from .ons_tables import find_table, read_table

CODE = "ons-pfa-p1"
TITLE = "Police Force Area data tables, Table P1"
PUBLISHER = "Office for National Statistics"


def find(sheets: dict) -> str | None:
    return find_table(sheets, "P1")


def read(file: str, sheets: dict) -> Edition:
    figures, notes, period = read_table(
        file,
        sheets,
        table="P1",
        by_csp=False,
        expected="“Area Code” and “Area Name” (or “Police Force Area code/name”)",
    )
    label = edition_label(period)
    # A corrected edition says so on a sheet of its own; it replaces the first one.
    if any(name.strip().lower() == "correction" for name in sheets):
        label += " (corrected)"
    return Edition(CODE, TITLE, PUBLISHER, label, file, figures, notes)
