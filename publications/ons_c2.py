"""ONS, *Crime in England and Wales: Police Force Area data tables*, Table C2: police recorded
crime by offence group for each Community Safety Partnership (a force's districts), over
rolling 12 months. The accessible layout, as xlsx or as its CSV export."""

from .common import Edition, edition_label
from .ons_tables import find_table, read_table

CODE = "ons-pfa-c2"
TITLE = "Police Force Area data tables, Table C2 (Community Safety Partnerships)"
PUBLISHER = "Office for National Statistics"


def find(sheets: dict) -> str | None:
    return find_table(sheets, "C2")


def read(file: str, sheets: dict) -> Edition:
    figures, notes, period = read_table(
        file,
        sheets,
        table="C2",
        by_csp=True,
        expected="“Community Safety Partnership name” beside the police force area columns",
    )
    return Edition(CODE, TITLE, PUBLISHER, edition_label(period), file, figures, notes)
