"""Uploaded papers: which files are accepted, where they are stored and how they are served.

Only PDF, DOCX, XLSX and CSV are accepted, checked by extension AND by content, because a
renamed HTML or executable file must never reach a reader's browser. Files are stored under
an unguessable name and only ever served through a view that checks the reader may see them.
"""

import uuid
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.text import get_valid_filename
from pypdf import PdfReader

MAX_UPLOAD_BYTES = 20 * 1024 * 1024

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
# The part every genuine Office Open XML file of that kind holds.
_OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
_TEXT_SNIFF_BYTES = 64 * 1024


def readable_pdf_pages(source) -> int | None:
    """How many pages the PDF at `source` (a path or a file) has, or None if it cannot be read
    through: every page's size and content must be reachable, as merging it needs. The upload
    check and the pack both ask this, so a paper that passed the one never breaks the other."""
    try:
        reader = PdfReader(source)
        for page in reader.pages:
            page.mediabox  # noqa: B018 - reading it is the check
            page.get_contents()
        return len(reader.pages) or None
    except Exception:  # noqa: BLE001 - pypdf raises many kinds of error on a damaged file
        return None


def extension_of(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


def content_type_for(name: str) -> str:
    """The one content type a stored paper is served with; never guessed from its bytes."""
    return CONTENT_TYPES.get(extension_of(name), "application/octet-stream")


def paper_upload_to(instance, filename: str) -> str:
    """panel/papers/<uuid>.<ext>: the reader's file name is kept on the record, not on disk."""
    return f"panel/papers/{uuid.uuid4().hex}.{extension_of(filename)}"


def safe_download_name(name: str) -> str:
    return get_valid_filename(PurePath(name or "paper").name) or "paper"


def validate_paper_file(upload) -> None:
    """Raises ValidationError naming the problem if `upload` is not an acceptable paper."""
    name = getattr(upload, "name", "") or ""
    extension = extension_of(name)
    if extension not in CONTENT_TYPES:
        raise ValidationError(
            f"“{PurePath(name).name}” is not a PDF, Word (.docx), Excel (.xlsx) or CSV file; "
            "only those can be attached to panel papers.",
            code="file_type",
        )
    size = getattr(upload, "size", 0) or 0
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"“{PurePath(name).name}” is {size / 1024 / 1024:.1f} MB; a paper can be at most "
            f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB.",
            code="file_size",
        )
    if size == 0:
        raise ValidationError(f"“{PurePath(name).name}” is empty.", code="file_empty")
    if not _content_matches(upload, extension):
        raise ValidationError(
            f"“{PurePath(name).name}” does not contain what a .{extension} file should; "
            "it may be damaged or be another kind of file renamed.",
            code="file_content",
        )


def _content_matches(upload, extension: str) -> bool:
    upload.seek(0)
    try:
        if extension == "pdf":
            if upload.read(5) != b"%PDF-":
                return False
            upload.seek(0)
            return readable_pdf_pages(upload) is not None
        if extension in _OOXML_MAIN_PART:
            if upload.read(4) != b"PK\x03\x04":
                return False
            upload.seek(0)
            try:
                with zipfile.ZipFile(upload) as archive:
                    return _OOXML_MAIN_PART[extension] in archive.namelist()
            except zipfile.BadZipFile:
                return False
        return _looks_like_csv(upload.read(_TEXT_SNIFF_BYTES))
    finally:
        upload.seek(0)


def _looks_like_csv(head: bytes) -> bool:
    if b"\x00" in head or head.lstrip().lower().startswith((b"<", b"%pdf", b"pk\x03\x04")):
        return False
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False
