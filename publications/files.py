"""Opening what an officer gives the portal — a folder, a .zip, a .gz or a plain file — as named
byte strings, and reading them into pandas frames, with limits so that no upload can make the
portal read without end."""

import csv
import gzip
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .common import LayoutRefused

MAX_FILE_BYTES = 40 * 1024 * 1024  # once unpacked: the largest real edition is a few MB
MAX_FILES = 200
XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class SourceFile:
    name: str
    content: bytes

    @property
    def is_workbook(self) -> bool:
        return self.content.startswith(XLSX_MAGIC) and not self.name.lower().endswith(".zip")


def _gunzip(name: str, content: bytes) -> SourceFile:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(content)) as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except (OSError, EOFError) as error:
        raise LayoutRefused(f"{name}: the .gz file is damaged or cut short ({error}).") from error
    if len(data) > MAX_FILE_BYTES:
        raise LayoutRefused(f"{name}: larger than {MAX_FILE_BYTES // 2**20} MB once unpacked.")
    return SourceFile(name[:-3], data)


def _unzip(name: str, content: bytes) -> Iterator[SourceFile]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as error:
        raise LayoutRefused(f"{name}: the .zip file is damaged or cut short.") from error
    with archive:
        members = [i for i in archive.infolist() if not i.is_dir()]
        if len(members) > MAX_FILES:
            raise LayoutRefused(f"{name}: more than {MAX_FILES} files inside.")
        for info in sorted(members, key=lambda i: i.filename):
            if info.file_size > MAX_FILE_BYTES:
                raise LayoutRefused(f"{name}/{info.filename}: too large once unpacked.")
            if Path(info.filename).name.startswith(".") or "__MACOSX" in info.filename:
                continue
            yield from expand(f"{name}/{info.filename}", archive.read(info))


def expand(name: str, content: bytes) -> Iterator[SourceFile]:
    """The publication files inside one upload (a .zip may hold .gz files and so on)."""
    lower = name.lower()
    if lower.endswith(".gz"):
        yield from expand(*_astuple(_gunzip(name, content)))
    elif lower.endswith(".zip") or (content.startswith(XLSX_MAGIC) and _is_plain_zip(content)):
        yield from _unzip(name, content)
    else:
        if len(content) > MAX_FILE_BYTES:
            raise LayoutRefused(f"{name}: larger than {MAX_FILE_BYTES // 2**20} MB.")
        yield SourceFile(name, content)


def _astuple(source: SourceFile) -> tuple[str, bytes]:
    return source.name, source.content


def _is_plain_zip(content: bytes) -> bool:
    """A .zip archive, as opposed to a workbook (which is a zip holding [Content_Types].xml)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "[Content_Types].xml" not in archive.namelist()
    except zipfile.BadZipFile:
        return False


def from_paths(paths: list[str | Path]) -> Iterator[SourceFile]:
    """Every publication file under the given paths; folders are read in name order."""
    count = 0
    for path in map(Path, paths):
        if not path.exists():
            raise LayoutRefused(f"{path}: no such file or folder.")
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.name.startswith(".") or file.name.lower().endswith((".md", ".txt")):
                continue
            count += 1
            if count > MAX_FILES:
                raise LayoutRefused(f"More than {MAX_FILES} files given: import them in parts.")
            yield from expand(file.name, file.read_bytes())


def read_sheets(source: SourceFile) -> dict[str, pd.DataFrame]:
    """Every sheet of a workbook as a frame of raw cells (no header, nothing converted), or the
    single table of a CSV file under the name "CSV"."""
    if source.is_workbook:
        try:
            return pd.read_excel(
                io.BytesIO(source.content),
                sheet_name=None,
                header=None,
                dtype=object,
                engine="calamine",
                keep_default_na=False,
                na_values=[],
            )
        except Exception as error:  # a damaged workbook can fail anywhere inside the reader
            raise LayoutRefused(
                f"{source.name}: the workbook is damaged or cut short and cannot be read."
            ) from error
    if source.content.startswith(b"\xd0\xcf\x11\xe0"):
        raise LayoutRefused(f"{source.name}: an old Excel .xls workbook; save it as .xlsx or CSV.")
    text = _decode(source)
    # The csv module copes with ragged rows (a title line, then the table), which the ONS
    # exports have; pandas then holds the cells as they are, all text.
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise LayoutRefused(f"{source.name}: not a table that can be read ({error}).") from error
    width = max((len(row) for row in rows), default=0)
    return {"CSV": pd.DataFrame([row + [""] * (width - len(row)) for row in rows], dtype=object)}


def _decode(source: SourceFile) -> str:
    if b"\x00" in source.content[:4096]:
        raise LayoutRefused(f"{source.name}: binary data, neither a CSV file nor a workbook.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return source.content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LayoutRefused(f"{source.name}: text in an unknown encoding.")
