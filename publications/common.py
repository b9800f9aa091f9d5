"""What every publication reader shares: the tidy row it returns, the refusal it raises, and the
clean-up of the real mess in published tables (footnote digits stuck to names, `[note N]`
markers, thousands separators, `..` and `[x]` for figures the publisher could not give).

Nothing here knows about the portal's models: a reader turns a file into rows with their
provenance, and the portal decides what to store.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pandas as pd

from core.periods import Period, add_months, month_end

# Markers the ONS and the Home Office use for a figure they do not give, with what they mean.
NOT_AVAILABLE = {
    "..": "not available",
    "[x]": "not available",
    "[z]": "not applicable",
    "[c]": "withheld to protect confidentiality",
    "[u]": "low reliability, not published",
    ":": "not available",
    "-": "not available",
}
ONS_CODE = re.compile(r"^[EKWSN]\d{8}$")
MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        dt.date(2000, number, 1).strftime("%B").lower(),
        dt.date(2000, number, 1).strftime("%b").lower(),
    )
}
MONTHS["sept"] = 9


class LayoutRefused(Exception):
    """The file is not a publication the portal knows, or its layout changed beyond
    recognition. The message names the file, the sheet and what was expected."""


class ImportRefused(Exception):
    """An importer cannot store what a reader found; `problems` say where and why."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Figure:
    """One published figure (or one the publisher marked as not available), with where it is.

    `area_code` is the ONS code when the publication gives one; `parent_code` is the force of a
    district. `value` is None when the publication gives no figure; `note` then says why, in
    the publication's words.
    """

    column: str
    area_code: str
    area_name: str
    area_kind: str
    period: Period
    value: Decimal | None
    table: str
    cell: str
    note: str = ""
    parent_code: str = ""
    parent_name: str = ""


@dataclass
class Edition:
    """What a reader found in one file: a publication's edition and its figures."""

    publication: str  # a stable code, e.g. "ons-pfa-p1"
    title: str  # as a reader would cite it
    publisher: str
    label: str  # the edition, e.g. "year ending March 2019"
    file: str
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# --- cleaning text -----------------------------------------------------------------------

_NOTE_MARKER = re.compile(r"\s*\[note\s*(\d+)\]", re.IGNORECASE)
# Footnote numbers printed straight after a word: "WALES7,8", "fraud3)", "harassment 4".
_TRAILING_FOOTNOTES = re.compile(r"(?<=[A-Za-z)])\s*(\d{1,2}(?:\s*,\s*\d{1,2})*)\s*$")
_INNER_FOOTNOTES = re.compile(r"(?<=[a-z])(\d{1,2}(?:,\d{1,2})*)(?=\))")


def split_footnotes(text) -> tuple[str, list[str]]:
    """A label without its footnote references, and the references: "Cheshire 7" →
    ("Cheshire", ["7"]); "Total (excluding fraud3)" → ("Total (excluding fraud)", ["3"])."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return "", []
    text = re.sub(r"\s+", " ", str(text)).strip()
    notes = _NOTE_MARKER.findall(text)
    text = _NOTE_MARKER.sub("", text).strip()
    for pattern in (_TRAILING_FOOTNOTES, _INNER_FOOTNOTES):
        match = pattern.search(text)
        if match:
            notes += [n.strip() for n in match.group(1).split(",")]
            text = (text[: match.start()] + text[match.end() :]).strip()
    return text, notes


def clean_label(text) -> str:
    return split_footnotes(text)[0]


def key(text) -> str:
    """A label folded for matching headings: case, spaces, footnotes and punctuation ignored."""
    return re.sub(r"[^a-z0-9]+", " ", clean_label(text).lower()).strip()


def is_blank(cell) -> bool:
    if cell is None:
        return True
    if isinstance(cell, float) and pd.isna(cell):
        return True
    return isinstance(cell, str) and not cell.strip()


def parse_figure(cell) -> tuple[Decimal | None, str]:
    """(value, "") for a number as published — 5257081, "128,435 ", 0.838 — or (None, meaning)
    for a not-available marker. ValueError for anything else: never guessed."""
    if isinstance(cell, bool):
        raise ValueError(f"“{cell}” is not a number")
    if isinstance(cell, int | float) and not pd.isna(cell):
        return Decimal(str(cell)), ""
    text = "" if is_blank(cell) else str(cell).strip()
    marker = text.lower()
    if marker in NOT_AVAILABLE:
        return None, f"“{text}”: {NOT_AVAILABLE[marker]}"
    if not text:
        raise ValueError("the cell is empty")
    plain = text.replace(",", "").replace("\u00a0", "").replace(" ", "")
    if not re.fullmatch(r"-?\d+(\.\d+)?", plain) or (
        "," in text and not re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text.replace(" ", ""))
    ):
        raise ValueError(f"“{text}” is not a number")
    try:
        return Decimal(plain), ""
    except InvalidOperation as error:
        raise ValueError(f"“{text}” is not a number") from error


def proper_name(name: str) -> str:
    """ONS prints the nations in capitals ("ENGLAND AND WALES"); the portal prints names."""
    if name.isupper():
        return " ".join(w if w == "and" else w.capitalize() for w in name.lower().split())
    return name


def cell_ref(row: int, column: int) -> str:
    """The spreadsheet address of a zero-based (row, column): (0, 0) → "A1"."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


def area_kind(code: str) -> str:
    """The kind of area an ONS (GSS) code names, from its entity prefix; a prefix not listed
    here is read as a police force area, the kind every publication reports on."""
    prefix = code[:3]
    return {
        "K04": "national",
        "E92": "country",
        "W92": "country",
        "E12": "region",
        "E23": "force",
        "W15": "force",
        "E22": "district",
        "W22": "district",
    }.get(prefix, "force")


# --- periods -----------------------------------------------------------------------------

_YEAR_ENDING = re.compile(r"year\s+ending\s+([A-Za-z]+)\.?\s*'?(\d{2,4}(?:[\d,]*)?)", re.I)


def year_ending(text) -> Period | None:
    """The rolling 12 months a title names: "… year ending June 20191,2" (footnotes 1 and 2
    stuck to the year) or "year ending March 18" → the 12 months to that month's end."""
    match = _YEAR_ENDING.search(str(text or ""))
    if not match or match[1].lower() not in MONTHS:
        return None
    digits = match[2].split(",")[0]
    year = int(digits[:4]) if digits.startswith(("19", "20")) and len(digits) >= 4 else None
    if year is None:
        year = 2000 + int(digits[:2])
    return twelve_months_to(year, MONTHS[match[1].lower()])


def twelve_months_to(year: int, month: int) -> Period:
    end = month_end(year, month)
    return Period(add_months(dt.date(year, month, 1), -11), end)


def edition_label(period: Period) -> str:
    return f"year ending {period.end:%B %Y}"


# --- sheets ------------------------------------------------------------------------------


def find_header_row(frame: pd.DataFrame, wanted: list[set[str]], *, limit: int = 40) -> int | None:
    """The first row (within `limit`) holding, for each set in `wanted`, one of its keys."""
    for index in range(min(limit, len(frame))):
        keys = {key(cell) for cell in frame.iloc[index].tolist() if not is_blank(cell)}
        if all(keys & alternatives for alternatives in wanted):
            return index
    return None


def title_of(frame: pd.DataFrame, limit: int = 5) -> str:
    """The first text in the top rows of a sheet: where the ONS prints a table's title."""
    for index in range(min(limit, len(frame))):
        for cell in frame.iloc[index].tolist():
            if isinstance(cell, str) and cell.strip():
                return re.sub(r"\s+", " ", cell).strip()
    return ""


def footnotes(frame: pd.DataFrame, start: int) -> dict[str, str]:
    """Numbered footnotes printed below a table ("9. Greater Manchester Police …"), by number."""
    found = {}
    for index in range(start, len(frame)):
        cell = frame.iloc[index, 0]
        if isinstance(cell, str) and (match := re.match(r"\s*(\d{1,2})[.)]\s+(.+)", cell, re.S)):
            found[match[1]] = re.sub(r"\s+", " ", match[2]).strip()
    return found
