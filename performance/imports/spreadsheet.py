"""Spreadsheet import of observations: read a CSV or XLSX file, check every row, plan what it
would change, and apply the plan in one transaction.

The same three steps serve the admin (upload → preview → confirm) and the command line
(`manage.py import_observations FILE [--dry-run]`):

    plan = plan_import(content, filename, user=user)      # reads only
    if plan.ok:
        apply_import(plan, user=user)                      # writes all or nothing

Two layouts are read. The long one has a row per figure with the columns measure, area
(blank for the force), period_start, period_end, value and note (optional). The wide one has
measure and area columns then one column per period, headed like the reports do ("Q1 2021/22",
"12 months to March 2021", "April 2021", "2021/22" or "2021-04-01 to 2021-06-30").

Every problem is reported with its line and column, and one bad row stops the whole file.
"""

import csv
import datetime as dt
import difflib
import io
import re
import zipfile
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError

from core.formatting import format_value
from core.periods import Period, PeriodFields, parse_financial_year
from performance.models import (
    UNIT_HINTS,
    Area,
    Measure,
    Observation,
    Revision,
    Status,
    Unit,
    observation_problems,
)
from performance.quality import quality_warnings
from performance.services import PUBLISH_PERMISSION, observations_import, reset_sign_off

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_SHOWN = 500
REQUIRED_COLUMNS = ("measure", "period_start", "period_end", "value")
OPTIONAL_COLUMNS = ("area", "unit", "note")
WIDE_KEY_COLUMNS = ("measure", "area")
VALUE_PLACES = 4  # Observation.value has four decimal places
VALUE_LIMIT = Decimal(10) ** 12  # and sixteen digits in all

# A workbook is a zip: its unpacked size is capped too, against zip bombs. 20,000 rows of
# figures unpack to about 10 MB.
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
# The rows a sheet may span, blank ones included (blank rows are skipped, but reading them is
# not free: a sheet formatted down to row 1,048,576 took minutes).
MAX_SHEET_ROWS = 2 * MAX_ROWS
# The command line (`manage.py import_observations`) takes longer files than an upload: the
# import validates and writes them a batch at a time, so 100,000 figures need about 200 MB.
COMMAND_MAX_BYTES = 20 * 1024 * 1024
COMMAND_MAX_ROWS = 100_000
_DIMENSION = re.compile(rb'<dimension[^>]*\bref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')

NEW = "new"
UPDATE = "update"
UNCHANGED = "unchanged"
REVISE = "revise"
ACTION_LABELS = {
    NEW: "New draft",
    UPDATE: "Updates draft",
    UNCHANGED: "Unchanged",
    REVISE: "Revises published value",
}


@dataclass(frozen=True)
class Problem:
    """Something wrong with the file, at a line (None for the file as a whole) and column."""

    line: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        where = f"Line {self.line}"
        return (
            f"{where}, column {self.column}: {self.message}"
            if self.column
            else (f"{where}: {self.message}")
        )


class FileProblem(Exception):
    """The file cannot be read at all."""


@dataclass(frozen=True)
class Limits:
    """How large a file may be: an upload's limits unless the command line gives its own."""

    bytes: int
    rows: int

    @classmethod
    def upload(cls) -> "Limits":
        return cls(MAX_BYTES, MAX_ROWS)

    @classmethod
    def command(cls) -> "Limits":
        return cls(COMMAND_MAX_BYTES, COMMAND_MAX_ROWS)

    @property
    def sheet_rows(self) -> int:
        return max(MAX_SHEET_ROWS, 2 * self.rows)

    @property
    def unpacked_bytes(self) -> int:
        return max(MAX_UNPACKED_BYTES, MAX_UNPACKED_BYTES // MAX_ROWS * self.rows)


@dataclass(slots=True)
class ImportRow(PeriodFields):
    """One figure read from the file, checked, with what importing it would do."""

    line: int
    column: str
    measure: Measure
    area: Area
    period_start: dt.date
    period_end: dt.date
    value: Decimal | None  # None when the cell was refused (the row is then not planned)
    note: str | None
    action: str = ""
    existing: Observation | None = None
    warnings: list = field(default_factory=list)

    @property
    def key(self):
        return (self.measure.pk, self.area.pk, self.period_start, self.period_end)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]

    @property
    def value_text(self) -> str:
        return format_value(self.measure, self.value)

    @property
    def old_value_text(self) -> str:
        return format_value(self.measure, self.existing.value) if self.existing else ""


@dataclass
class ImportPlan:
    """The outcome of reading and checking a file: its rows, or the problems that stop it."""

    filename: str
    rows: list[ImportRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    revise_reason: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(row.action for row in self.rows)
        return {label: counted[action] for action, label in ACTION_LABELS.items()}

    @property
    def changes(self) -> list[ImportRow]:
        return [row for row in self.rows if row.action != UNCHANGED]

    # The preview lists at most this many problems and rows: a 10,000-row page helps nobody.
    @property
    def shown_problems(self) -> list[Problem]:
        return self.problems[:MAX_SHOWN]

    @property
    def hidden_problem_count(self) -> int:
        return max(0, len(self.problems) - MAX_SHOWN)

    @property
    def shown_changes(self) -> list[ImportRow]:
        # Rows with warnings first, so none is lost below the cut.
        changes = sorted(self.changes, key=lambda row: (not row.warnings, row.line))
        return changes[:MAX_SHOWN]

    @property
    def hidden_change_count(self) -> int:
        return max(0, len(self.changes) - MAX_SHOWN)

    @property
    def warning_count(self) -> int:
        return sum(len(row.warnings) for row in self.rows)


# Reading the file ------------------------------------------------------------------------


def read_table(
    content: bytes, filename: str, notes: list[str], limits: Limits | None = None
) -> list[tuple[int, list]]:
    """The non-blank rows of the file's first sheet as (line number, cells)."""
    return list(iter_table(content, filename, notes, limits))


def iter_table(content: bytes, filename: str, notes: list[str], limits: Limits | None = None):
    """read_table's rows one at a time, so that a long file is never held as cells all at once.

    What can be told before reading any row (empty, too large, not a table) is raised here; a
    problem found further in (too many rows, a broken CSV quote) is raised while iterating."""
    limits = limits or Limits.upload()
    if not content:
        raise FileProblem("The file is empty.")
    if len(content) > limits.bytes:
        raise FileProblem(
            f"The file is {len(content) / 1024 / 1024:.1f} MB; the limit is "
            f"{limits.bytes // 1024 // 1024} MB. Split it into smaller files."
        )
    if content.startswith(b"PK\x03\x04"):
        rows = _read_xlsx(content, limits)
    elif content.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem(
            "This is an old Excel .xls workbook, which cannot be read: save it as .xlsx or CSV."
        )
    else:
        rows = _read_csv(_decode(content, notes), limits)
    return rows


def _decode(content: bytes, notes: list[str]) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16")  # Excel's "Unicode text"
        except UnicodeDecodeError as error:
            raise FileProblem("The file starts like UTF-16 text but cannot be read.") from error
    if b"\x00" in content[:4096]:
        raise FileProblem(
            "This does not look like a CSV or an Excel (.xlsx) file: it contains binary data."
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = content.decode("cp1252")
    except UnicodeDecodeError as error:
        raise FileProblem(
            "The file could not be read as text: it is neither UTF-8 nor Windows-1252. "
            "Save it from Excel as “CSV UTF-8” or as .xlsx."
        ) from error
    notes.append(
        "The file is not UTF-8, so it was read as Windows-1252 (what Excel writes for “CSV”). "
        "Check that any accented names came through correctly."
    )
    return text


def _read_csv(text: str, limits: Limits):
    first = next((line for line in _lines(text) if line.strip()), "")
    delimiter = max([",", ";", "\t"], key=first.count) if first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    count = 0
    line = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                count += 1
                _check_row_count(count, limits)
                yield line, cells
            line = reader.line_num + 1
    except csv.Error as error:
        raise FileProblem(f"Line {line}: the CSV cannot be read ({error}).") from error


def _lines(text: str):
    """The text's lines one at a time (splitlines would copy a long file's every line)."""
    return io.StringIO(text, newline="")


def _read_xlsx(content: bytes, limits: Limits):
    import openpyxl  # only imported when a workbook is uploaded

    _check_workbook_size(content, limits)
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise FileProblem("The file could not be read as an Excel workbook (.xlsx).") from error
    return _xlsx_rows(book, limits)


def _xlsx_rows(book, limits: Limits):
    try:
        sheet = book.worksheets[0]
        count = 0
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            if number > limits.sheet_rows:
                raise FileProblem(_too_many_sheet_rows(number, limits))
            values = [_xlsx_cell(cell) for cell in cells]
            if any(v not in (None, "") and str(v).strip() for v in values):
                count += 1
                _check_row_count(count, limits)
                yield number, values
    except FileProblem:
        raise
    except Exception as error:  # a damaged workbook can fail anywhere inside openpyxl
        raise FileProblem("The Excel workbook is damaged and could not be read.") from error
    finally:
        book.close()


def _check_workbook_size(content: bytes, limits: Limits) -> None:
    """Refuses a workbook whose declared sizes are absurd for an import, before anything is
    unpacked: the zip's own record of each part's size, and each sheet's declared extent."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
            if sum(info.file_size for info in parts) > limits.unpacked_bytes:
                raise FileProblem(
                    "The workbook is too large once unpacked; split it into smaller files."
                )
            for info in parts:
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    with archive.open(info) as sheet:
                        _check_declared_rows(sheet.read(4096), limits)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise FileProblem("The file could not be read as an Excel workbook (.xlsx).") from error


def _check_declared_rows(head: bytes, limits: Limits) -> None:
    found = _DIMENSION.search(head)
    if found and found[1] and int(found[1]) > limits.sheet_rows:
        raise FileProblem(_too_many_sheet_rows(int(found[1]), limits))


def _too_many_sheet_rows(rows: int, limits: Limits) -> str:
    return (
        f"The workbook's sheet reaches down to row {rows:,}; an import holds at most "
        f"{limits.rows:,} rows of figures. Delete the empty rows below the figures (select them, "
        "right-click, Delete) and save the workbook again."
    )


def _xlsx_cell(cell):
    value = getattr(cell, "value", None)
    # A cell shown as 83.8% holds 0.838; the figure officers see is the one to import.
    if isinstance(value, int | float) and "%" in (getattr(cell, "number_format", "") or ""):
        return PercentCell(str(Decimal(str(value)) * 100))
    return value


class PercentCell(Decimal):
    """A value from a workbook cell formatted as a percentage, already multiplied by 100."""


def _check_row_count(rows: int, limits: Limits) -> None:
    # The header is one of the rows.
    if rows > limits.rows + 1:
        raise FileProblem(
            f"The file has more than {limits.rows:,} rows of figures; split it into smaller files."
        )


# Reading cells ---------------------------------------------------------------------------


def normalise_heading(heading) -> str:
    text = "" if heading is None else str(heading)
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")


def parse_value(cell, unit: str) -> Decimal:
    """A figure from a cell as Excel writes it: 22,859 · 83.8% · (12) · £1.5; or ValueError."""
    if isinstance(cell, bool):
        raise ValueError(f"“{cell}” is not a number.")
    if isinstance(cell, PercentCell) and unit != Unit.PERCENTAGE:
        raise ValueError("The cell is formatted as a percentage but the measure is not one.")
    if isinstance(cell, int | float | Decimal):
        # Workbook numbers are binary floats: 83.80000000000001 is meant as 83.8.
        return round(_checked_size(Decimal(str(cell))), VALUE_PLACES)
    text = "" if cell is None else str(cell).strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        raise ValueError("The value is missing.")
    original = text
    if text.startswith("(") and text.endswith(")"):
        text = "-" + text[1:-1]  # accountants' negative
    if text.endswith("%"):
        if unit != Unit.PERCENTAGE:
            raise ValueError(f"“{original}” has a % sign but the measure is not a percentage.")
        text = text[:-1]
    if unit == Unit.MONEY:
        text = text.replace("£", "", 1)
    if _GROUPED.fullmatch(text):
        text = text.replace(",", "")
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"“{original}” is not a number.")
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(f"“{original}” is not a number.") from error
    if -value.as_tuple().exponent > VALUE_PLACES:
        raise ValueError(f"“{original}” has more than {VALUE_PLACES} decimal places.")
    return _checked_size(value)


def _checked_size(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError(f"“{value}” is not a number.")
    if abs(value) >= VALUE_LIMIT:
        raise ValueError(f"{value} is too large for a figure.")
    return value


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")
_UK_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def parse_date(cell) -> dt.date:
    """A date from an ISO (2021-03-31) or UK (31/03/2021) text, or a workbook date cell."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = "" if cell is None else str(cell).strip()
    if not text:
        raise ValueError("The date is missing.")
    try:
        if match := _ISO_DATE.fullmatch(text):
            year, month, day = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        if match := _UK_DATE.fullmatch(text):
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
    except ValueError as error:
        raise ValueError(f"“{text}” is not a real date.") from error
    raise ValueError(f"“{text}” is not a date: write 2021-03-31 or 31/03/2021.")


_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (dt.date(2000, number, 1).strftime("%B"), dt.date(2000, number, 1).strftime("%b"))
}


def parse_period_heading(heading) -> Period | None:
    """The period a wide layout's column heading names, or None if it names none."""
    text = re.sub(r"\s+", " ", str(heading or "").strip()).lower()
    if match := re.fullmatch(r"q([1-4]) (\S+)", text):
        with suppress(ValueError):
            return Period.quarter(parse_financial_year(match[2]), int(match[1]))
    with suppress(ValueError):
        return Period.financial_year(parse_financial_year(text))
    match = re.fullmatch(r"12 months to (?:end of )?([a-z]+) (\d{4})", text)
    if match and match[1] in _MONTHS:
        return Period.twelve_months_to(dt.date(int(match[2]), _MONTHS[match[1]], 1))
    if (match := re.fullmatch(r"([a-z]+) (\d{4})", text)) and match[1] in _MONTHS:
        return Period.month(int(match[2]), _MONTHS[match[1]])
    if match := re.fullmatch(r"(\S+) (?:to|–|-) (\S+)", text):
        try:
            return Period(parse_date(match[1]), parse_date(match[2]))
        except ValueError:
            return None
    return None


# Checking rows ---------------------------------------------------------------------------


@dataclass(slots=True)
class _RawRow:
    """A row's cells for one figure, before checking; `column` names the value's column."""

    line: int
    column: str
    measure: object
    area: object
    period_start: object
    period_end: object
    value: object
    note: object
    period_columns: tuple[str, str] = ("period_start", "period_end")
    unit: object = None


def name_key(text) -> str:
    """A code or name as matched: case and spacing do not matter."""
    return " ".join(str(text or "").split()).casefold()


class _Reference:
    """Measures and areas by code or name, loaded once, with suggestions for near misses.

    A name is matched only when exactly one measure (or area) has it; codes win over names."""

    def __init__(self):
        self.measures = self._index(Measure.objects.all())
        self.areas = self._index(Area.objects.all())
        home = Area.objects.home_force()
        self.force = home.code if home else ""

    @staticmethod
    def _index(rows) -> dict[str, list]:
        index: dict[str, list] = {}
        rows = list(rows)
        for row in rows:
            index.setdefault(name_key(row.code), []).append(row)
        for row in rows:
            key = name_key(row.name)
            if key not in index or row not in index[key]:
                index.setdefault(key, []).append(row)
        return index

    @staticmethod
    def _suggest(text: str, known: dict) -> str:
        close = difflib.get_close_matches(name_key(text), list(known), n=1)
        return f" Did you mean “{known[close[0]][0].name}”?" if close else ""

    def _find(self, text: str, known: dict, what: str):
        found = known.get(name_key(text), [])
        if len(found) == 1:
            return found[0]
        if found:
            codes = ", ".join(f"“{code}”" for code in sorted(row.code for row in found))
            raise ValueError(f"More than one {what} is called “{text}”: give its code ({codes}).")
        raise ValueError(f"No {what} has the code or name “{text}”.{self._suggest(text, known)}")

    def measure(self, cell) -> Measure:
        text = str(cell or "").strip()
        if not text:
            raise ValueError("The measure is missing: give its name or code.")
        return self._find(text, self.measures, "measure")

    def area(self, cell) -> Area:
        return self._find(str(cell or "").strip() or self.force, self.areas, "area")


def _unit_problem(cell, measure: Measure) -> str:
    """A unit column, when given, must agree with the measure's unit."""
    text = name_key(cell)
    if not text:
        return ""
    accepted = {name_key(measure.unit), name_key(measure.get_unit_display())}
    accepted.add(name_key(UNIT_HINTS.get(measure.unit, "")))
    accepted.add(name_key(UNIT_HINTS.get(measure.unit, "").split(":")[0]))
    if text in accepted:
        return ""
    return (
        f"The unit “{cell}” is not the unit of “{measure.name}”, which is "
        f"{measure.get_unit_display().lower()} ({UNIT_HINTS.get(measure.unit, measure.unit)})."
    )


def _check_row(raw: _RawRow, reference: _Reference, problems: list[Problem]) -> ImportRow | None:
    start_column, end_column = raw.period_columns
    found = {}
    checks = [
        ("measure", "measure", lambda: reference.measure(raw.measure)),
        ("area", "area", lambda: reference.area(raw.area)),
        ("period_start", start_column, lambda: _as_date(raw.period_start)),
        ("period_end", end_column, lambda: _as_date(raw.period_end)),
    ]
    for name, column, check in checks:
        try:
            found[name] = check()
        except ValueError as error:
            problems.append(Problem(raw.line, column, str(error)))
    measure = found.get("measure")
    if measure is not None:
        unit_problem = _unit_problem(raw.unit, measure)
        if unit_problem:
            problems.append(Problem(raw.line, "unit", unit_problem))
        try:
            found["value"] = parse_value(raw.value, measure.unit)
        except ValueError as error:
            problems.append(Problem(raw.line, raw.column, str(error)))
    start, end = found.get("period_start"), found.get("period_end")
    if start and end and end < start:
        problems.append(Problem(raw.line, end_column, _reversed_period(start, end)))
        return None
    rules = observation_problems(
        measure=measure, period_start=start, period_end=end, value=found.get("value")
    )
    if "value" in rules:
        problems.append(Problem(raw.line, raw.column, rules["value"]))
        del found["value"]
    if "period_end" in rules:
        column = end_column if end <= start else f"{start_column}/{end_column}"
        problems.append(Problem(raw.line, column, rules["period_end"]))
        return None
    if not {"measure", "area", "period_start", "period_end"} <= found.keys():
        return None
    # A row whose value is bad still has a key, so a later duplicate of it is reported too.
    note = None if raw.note is None else str(raw.note).strip() or None
    return ImportRow(raw.line, raw.column, value=found.pop("value", None), note=note, **found)


def _as_date(cell) -> dt.date:
    return parse_date(cell)


def _reversed_period(start: dt.date, end: dt.date) -> str:
    return f"The period ends ({end:%d/%m/%Y}) before it starts ({start:%d/%m/%Y})."


# Layouts ---------------------------------------------------------------------------------


def _raw_rows(header: tuple[int, list], table, problems: list[Problem], notes: list[str]):
    """The rows after the header as figures to check, from the long or the wide layout, one at
    a time as `table` gives them."""
    header_line, header_cells = header
    headings = [normalise_heading(cell) for cell in header_cells]
    for heading, count in Counter(h for h in headings if h).items():
        if count > 1:
            problems.append(Problem(header_line, heading, "The column appears more than once."))
    if "value" in headings or "period_start" in headings or "period_end" in headings:
        return _long_rows(header_line, table, headings, problems, notes)
    periods = {i: parse_period_heading(cell) for i, cell in enumerate(header_cells)}
    if "measure" in headings and any(periods.values()):
        return _wide_rows(header, table, headings, periods, problems)
    for name in REQUIRED_COLUMNS:
        if name not in headings:
            problems.append(Problem(header_line, name, _missing_column(name)))
    return []


def _missing_column(name: str) -> str:
    return (
        f"The column “{name}” is missing. The first row must name the columns "
        "measure, area, period_start, period_end, value and (optionally) note."
    )


def _long_rows(header_line, table, headings, problems, notes):
    missing = [name for name in REQUIRED_COLUMNS if name not in headings]
    for name in missing:
        problems.append(Problem(header_line, name, _missing_column(name)))
    if missing:
        return
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    ignored = [h for h in headings if h and h not in known]
    if ignored:
        notes.append(f"Columns ignored: {', '.join(ignored)}.")
    index = {name: headings.index(name) for name in known if name in headings}
    blank = 0
    for line, cells in table:

        def cell(name, cells=cells):
            position = index.get(name)
            return cells[position] if position is not None and position < len(cells) else None

        if not str(cell("value") if cell("value") is not None else "").strip():
            blank += 1  # a template row not filled in: a figure not given, as in the wide layout
            continue
        yield _RawRow(
            line,
            "value",
            cell("measure"),
            cell("area"),
            cell("period_start"),
            cell("period_end"),
            cell("value"),
            cell("note"),
            unit=cell("unit"),
        )
    if blank:
        notes.append(f"{blank} row{'s' if blank > 1 else ''} without a value left out.")


def _wide_rows(header, table, headings, periods, problems):
    header_line, header_cells = header
    for position, heading in enumerate(headings):
        if heading and heading not in WIDE_KEY_COLUMNS and periods[position] is None:
            problems.append(
                Problem(
                    header_line,
                    str(header_cells[position]),
                    "This heading is neither measure, area nor a period such as “Q1 2021/22”, "
                    "“12 months to March 2021”, “April 2021” or “2021/22”.",
                )
            )
    measure_at = headings.index("measure")
    area_at = headings.index("area") if "area" in headings else None
    for line, cells in table:
        for position, period in periods.items():
            if period is None or position >= len(cells):
                continue
            value = cells[position]
            if value is None or not str(value).strip():
                continue  # an empty cell is a figure not given, not a problem
            heading = str(header_cells[position]).strip()
            yield _RawRow(
                line,
                heading,
                cells[measure_at] if measure_at < len(cells) else None,
                cells[area_at] if area_at is not None and area_at < len(cells) else None,
                period.start,
                period.end,
                value,
                None,
                period_columns=(heading, heading),
            )


# Planning and applying -------------------------------------------------------------------


def plan_import(
    content: bytes,
    filename: str,
    *,
    user=None,
    revise_reason: str = "",
    with_quality=True,
    limits: Limits | None = None,
) -> ImportPlan:
    """Reads and checks a file and says what importing it would do; writes nothing."""
    plan = ImportPlan(filename=filename, revise_reason=(revise_reason or "").strip())
    try:
        has_rows = _check_rows(plan, iter_table(content, filename, plan.notes, limits))
    except FileProblem as error:
        # The file as a whole is refused: what its first rows said does not matter.
        plan.problems[:] = [Problem(None, "", str(error))]
        plan.rows.clear()
        return plan
    if not has_rows:
        plan.problems.append(Problem(None, "", "The file has no rows: it is empty."))
        return plan
    if plan.revise_reason and (user is None or not user.has_perm(PUBLISH_PERMISSION)):
        plan.problems.append(
            Problem(None, "", "Only the performance lead can revise published values.")
        )
    _plan_actions(plan)
    plan.problems.sort(key=lambda p: p.line or 0)
    if with_quality and plan.ok:
        changes = plan.changes
        for row, warnings in zip(changes, quality_warnings(candidates=changes), strict=True):
            row.warnings = warnings
    return plan


def _check_rows(plan: ImportPlan, table) -> bool:
    """Checks the table's rows as they are read: only the checked figures are kept, not the
    cells they came from. False when the table has no rows at all."""
    header = next(table, None)
    if header is None:
        return False
    reference = _Reference()
    seen: dict[tuple, int] = {}
    given = 0
    for raw in _raw_rows(header, table, plan.problems, plan.notes):
        given += 1
        row = _check_row(raw, reference, plan.problems)
        if row is None:
            continue
        if row.key in seen:
            plan.problems.append(
                Problem(
                    row.line,
                    row.column,
                    f"Duplicate: line {seen[row.key]} already gives {row.measure.code} for "
                    f"{row.area.code}, {row.period.label}.",
                )
            )
            continue
        seen[row.key] = row.line
        if row.value is not None:
            plan.rows.append(row)
    if not given and not plan.problems:
        plan.problems.append(Problem(None, "", "The file has a header row but no figures."))
    return True


def _plan_actions(plan: ImportPlan) -> None:
    """Compares each row with the stored figure for its measure, area and period."""
    if not plan.rows:
        return
    stored = Observation.objects.filter(
        measure_id__in={row.measure.pk for row in plan.rows},
        area_id__in={row.area.pk for row in plan.rows},
        period_end__in={row.period_end for row in plan.rows},
    )
    existing = {(o.measure_id, o.area_id, o.period_start, o.period_end): o for o in stored}
    for row in plan.rows:
        row.existing = current = existing.get(row.key)
        if current is None:
            row.action = NEW
        elif current.status == Status.PUBLISHED:
            if current.value == row.value:
                row.action = UNCHANGED
            elif plan.revise_reason:
                row.action = REVISE
            else:
                plan.problems.append(
                    Problem(
                        row.line,
                        row.column,
                        f"{row.measure.code} for {row.area.code}, {row.period.label} is published "
                        f"as {row.old_value_text}; an import never overwrites a published "
                        "figure. Remove the line, or have the performance lead revise it with "
                        "a reason.",
                    )
                )
        elif current.value == row.value and (row.note is None or row.note == current.note):
            row.action = UNCHANGED
        else:
            row.action = UPDATE


def apply_import(plan: ImportPlan, *, user) -> dict[str, int]:
    """Writes a checked plan in one transaction; returns the counts by action label."""
    if not plan.ok:
        raise ValueError("An import with problems cannot be applied.")
    # New figures are made as they are written (_new_figures), a batch at a time.
    updates, revisions = [], []
    for row in plan.rows:
        if row.action == UPDATE:
            obs = row.existing
            obs.value = row.value
            if row.note is not None:
                obs.note = row.note
            reset_sign_off(obs, user)
            updates.append(obs)
        elif row.action == REVISE:
            obs = row.existing
            revisions.append(
                Revision(
                    observation=obs,
                    old_value=obs.value,
                    new_value=row.value,
                    reason=plan.revise_reason,
                    revised_by=user,
                )
            )
            obs.value = row.value
            obs._change_reason = f"Revised: {plan.revise_reason}"[:100]
            updates.append(obs)
    try:
        observations_import(
            new=_new_figures(plan, user),
            updates=updates,
            revisions=revisions,
            user=user,
            source=plan.filename,
        )
    except IntegrityError as error:
        raise ImportConflict(
            "Another change to these figures was saved while importing; nothing was written. "
            "Upload the file again."
        ) from error
    return plan.counts


def _new_figures(plan: ImportPlan, user):
    """The plan's new figures as drafts, made as the import writes them (not all at once)."""
    for row in plan.rows:
        if row.action == NEW:
            yield Observation(
                measure=row.measure,
                area=row.area,
                period_start=row.period_start,
                period_end=row.period_end,
                value=row.value,
                note=row.note or "",
                status=Status.DRAFT,
                entered_by=user,
            )


class ImportConflict(Exception):
    """The database refused the import because figures changed since it was checked."""
