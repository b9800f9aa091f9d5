"""Rendered PDFs kept on disk, keyed by a version of the data behind each document.

The data version is a cheap fingerprint read from the database on every request, so any edit
from any process (the admin, an import, another web worker) gives a new key and the next
request renders afresh:

- a table with an `updated_at` column: its row count, highest id and latest `updated_at`
  (an edit moves `updated_at`, an insert the id, a delete the count);
- a table without one (plans, priorities, measures, areas – small reference tables): a hash
  of all its rows.

The version also covers the report code, templates and print stylesheet, so a change to the
layout is never served from an old file. Files live outside the media folder (never served
by the web server) in REPORT_CACHE_DIR.
"""

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Count, Max

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATE_DIR = Path(settings.BASE_DIR) / "templates" / "reports"
PAPER_TEMPLATES = Path(settings.BASE_DIR) / "templates" / "papers"
PRINT_CSS = Path(settings.BASE_DIR) / "static" / "css" / "print.css"


def cache_dir() -> Path:
    configured = getattr(settings, "REPORT_CACHE_DIR", "") or os.environ.get("REPORT_CACHE_DIR")
    path = Path(configured or Path(tempfile.gettempdir()) / "pcc-portal-reports")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _table_fingerprint(model: type[models.Model]) -> str:
    field_names = {field.name for field in model._meta.concrete_fields}
    if "updated_at" in field_names:
        row = model._base_manager.aggregate(n=Count("pk"), top=Max("pk"), at=Max("updated_at"))
        return f"{row['n']}:{row['top']}:{row['at']}"
    columns = [field.attname for field in model._meta.concrete_fields]
    rows = model._base_manager.order_by("pk").values_list(*columns)
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()[:16]


def code_version() -> str:
    """When the report code, templates or stylesheet last changed (a few stat calls)."""
    files = [*PACKAGE_DIR.glob("*.py"), *TEMPLATE_DIR.rglob("*.html"), PRINT_CSS]
    # Composed papers are laid out by panel/papers and its templates.
    files += [*(PACKAGE_DIR.parent / "papers").glob("*.py"), *PAPER_TEMPLATES.rglob("*.html")]
    latest = max((f.stat().st_mtime_ns for f in files if f.exists()), default=0)
    return f"{len(files)}:{latest}"


def data_version(model_list: list[type[models.Model]]) -> str:
    """A fingerprint of the data in the given tables that changes on any save or delete."""
    parts = [code_version()]
    parts += [f"{m._meta.label}={_table_fingerprint(m)}" for m in model_list]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:24]


class PdfStore:
    """Files named <document>-<version>.pdf; a new version replaces the older ones."""

    def __init__(self, directory: Path | None = None):
        self.directory = directory or cache_dir()

    def path(self, name: str, version: str, suffix: str = ".pdf") -> Path:
        return self.directory / f"{name}-{version}{suffix}"

    def get(self, name: str, version: str) -> bytes | None:
        try:
            return self.path(name, version).read_bytes()
        except FileNotFoundError:
            return None

    def put(self, name: str, version: str, pdf: bytes) -> Path:
        target = self.path(name, version)
        # Written under a temporary name and renamed, so a reader never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(pdf)
        os.replace(temporary, target)
        self.prune(name, keep=version)
        return target

    def prune(self, name: str, *, keep: str) -> None:
        for old in self.directory.glob(f"{name}-*.pdf"):
            if old.name != f"{name}-{keep}.pdf" and old.stem.rsplit("-", 1)[0] == name:
                old.unlink(missing_ok=True)
