"""Readers of the published files an OPCC reports from, one small module per publication.

Each reader takes a file exactly as its publisher released it and returns tidy rows with
their provenance (publication, edition, file, table, cell); none of them knows the portal's
models. A file is recognised by what it holds, never by its name; a file that is none of the
known publications, or whose layout changed beyond recognition, is refused with a message
naming the file, the sheet and what was expected.

    for source in files.from_paths(paths):
        result = read(source)   # an Edition, or a SpendWorkbook for the OPCC's spend files

This package sits below the apps and imports none of them.
"""

from . import crime_severity, ons_c2, ons_p1, police_uk, spend, workforce
from .common import Edition, Figure, ImportRefused, LayoutRefused
from .files import SourceFile, from_paths, read_sheets
from .spend import SpendWorkbook

__all__ = [
    "Edition",
    "Figure",
    "ImportRefused",
    "LayoutRefused",
    "SourceFile",
    "SpendWorkbook",
    "from_paths",
    "read",
]

# Every publication the readers know: code → (title, publisher).
PUBLICATIONS = {
    module.CODE: (module.TITLE, module.PUBLISHER)
    for module in (ons_p1, ons_c2, crime_severity, workforce, police_uk)
}
EXPECTED = (
    "one of: ONS Police Force Area data tables Table P1 or C2 (a sheet titled “Table P1: …” "
    "with “Area Code”/“Area Name” headings), the ONS Crime Severity Score table, the Home Office "
    "police workforce open data table, a police.uk street-level crime file, or an OPCC spend "
    "over £500 workbook"
)


def read(source: SourceFile) -> Edition | SpendWorkbook:
    sheets = read_sheets(source)
    if ons_p1.find(sheets) is not None:
        return ons_p1.read(source.name, sheets)
    if ons_c2.find(sheets) is not None:
        return ons_c2.read(source.name, sheets)
    for module in (crime_severity, workforce, police_uk, spend):
        if module.matches(sheets):
            return module.read(source.name, sheets)
    names = ", ".join(f"“{name.strip()}”" for name in sheets) if source.is_workbook else "the CSV"
    raise LayoutRefused(
        f"{source.name}: not a publication the portal knows. Read {names}; expected {EXPECTED}. "
        "Nothing was imported."
    )
