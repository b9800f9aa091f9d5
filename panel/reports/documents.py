"""The three documents, as the views and the render_pdf command ask for them, served from the
cache when the data behind them has not changed and rendered (in the background for a web
request) when it has.

A document is asked for by kind and key (`performance` + `2021-03-31`, `pack` + `2021-12-06`,
`annual` + `2020-21`) in one of two versions: the public one, rendered as an anonymous reader
sees the data and shared by everyone, or the staff preview (drafts, restricted and embargoed
papers included, DRAFT on every page), rendered for OPCC staff only.
"""

import datetime as dt
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import close_old_connections, connection

from pcc_portal.access import is_opcc_staff

from .cache import PdfStore, data_version

logger = logging.getLogger(__name__)

# A render that has not finished after this long is taken to have died with its process.
STALE_AFTER_S = 600


class DocumentNotFound(Exception):
    """The key is well formed but there is no such document (no plan, no meeting)."""


class BadDocumentKey(ValueError):
    """The key cannot be read; the message says what is wrong."""


def _date(key: str) -> dt.date:
    try:
        return dt.date.fromisoformat(key)
    except ValueError:
        raise BadDocumentKey(f"“{key}” is not a date; write it as YYYY-MM-DD.") from None


@dataclass(frozen=True)
class DocumentKind:
    name: str
    label: str
    filename: str
    models: Callable[[], list]
    render: Callable  # (key, user, preview) -> RenderedPdf
    parse: Callable[[str], object]
    # What the public may see depends on today's date (papers embargoed until the agenda is
    # published), so the version changes every day as well as on every edit.
    dated: bool = False

    def describe(self, key: str) -> str:
        return f"{self.label} ({key})"


def _performance_models() -> list:
    # SpcBaseline: a recalculated baseline changes a control chart's limits and its reading.
    names = ("Plan", "Priority", "Measure", "Area", "Observation", "Commentary", "SpcBaseline")
    models = [apps.get_model("performance", name) for name in names]
    return [*models, apps.get_model("performance", "Measure").priorities.through]


def _panel_models() -> list:
    return [model for model in apps.get_app_config("panel").get_models()]


def _finance_models() -> list:
    return [
        *apps.get_app_config("finance").get_models(),
        *apps.get_app_config("funds").get_models(),
    ]


# The renderers import WeasyPrint and matplotlib, which take a second to load: imported when
# a document is rendered, not when the URLs are loaded.
def _render_performance(key, user, preview):
    from . import performance_report

    try:
        return performance_report.render_performance_report(
            period_end=_date(key), user=user, preview=preview
        )
    except (performance_report.NoPlan, performance_report.NoFigures) as error:
        raise DocumentNotFound(str(error)) from None


def _render_paper(key, user, preview):
    from . import paper_pdf

    try:
        return paper_pdf.render_paper(pk=_paper_pk(key), user=user, preview=preview)
    except paper_pdf.NoPaper as error:
        raise DocumentNotFound(str(error)) from None


def _paper_pk(key: str) -> int:
    if not key.isdigit():
        raise BadDocumentKey(f"“{key}” is not a paper number.")
    return int(key)


def _render_annual(key, user, preview):
    from . import annual

    return annual.render_annual_tables(start_year=_parse_year(key), user=user, preview=preview)


def _parse_year(key: str) -> int:
    from . import annual

    try:
        return annual.parse_financial_year(key)
    except ValueError as error:
        raise BadDocumentKey(str(error)) from None


def _render_pack(key, user, preview):
    from . import pack

    try:
        return pack.render_meeting_pack(meeting_date=_date(key), user=user, preview=preview)
    except pack.NoPack as error:
        raise DocumentNotFound(str(error)) from None


KINDS = {
    "performance": DocumentKind(
        "performance",
        "Performance Monitoring Report",
        "performance-monitoring-report-{key}",
        _performance_models,
        _render_performance,
        _date,
    ),
    "pack": DocumentKind(
        "pack",
        "Public Document Pack",
        "public-document-pack-{key}",
        lambda: [*_panel_models(), *_performance_models()],
        _render_pack,
        _date,
        dated=True,
    ),
    "paper": DocumentKind(
        "paper",
        "Panel paper",
        "panel-paper-{key}",
        lambda: [*_panel_models(), *_performance_models(), *_finance_models()],
        _render_paper,
        _paper_pk,
        dated=True,
    ),
    "annual": DocumentKind(
        "annual",
        "Annual report tables",
        "annual-report-tables-{key}",
        lambda: [*_finance_models(), *_performance_models()],
        _render_annual,
        _parse_year,
    ),
}


@dataclass(frozen=True)
class DocumentRequest:
    kind: DocumentKind
    key: str
    preview: bool = False

    @classmethod
    def make(cls, kind: str, key: str, *, preview: bool = False) -> "DocumentRequest":
        if kind not in KINDS:
            raise BadDocumentKey(f"There is no document called “{kind}”.")
        KINDS[kind].parse(key)
        return cls(KINDS[kind], key.replace("/", "-"), preview)

    @property
    def name(self) -> str:
        return f"{self.kind.name}-{self.key}-{'preview' if self.preview else 'public'}"

    @property
    def filename(self) -> str:
        stem = self.kind.filename.format(key=self.key)
        return f"{stem}-DRAFT.pdf" if self.preview else f"{stem}.pdf"

    @property
    def title(self) -> str:
        return self.kind.describe(self.key) + (" – staff preview" if self.preview else "")

    def version(self) -> str:
        version = data_version(self.kind.models())
        return f"{version}{dt.date.today():%Y%m%d}" if self.kind.dated else version

    def reader(self, user):
        """Whom the document is rendered for: the public version as an anonymous reader sees
        the data, so that every reader gets the same file; the preview as the staff member."""
        if self.preview:
            if not is_opcc_staff(user):
                raise PermissionError("Only OPCC staff may preview unpublished documents.")
            return user
        return AnonymousUser()


def cached_pdf(request: DocumentRequest, version: str | None = None) -> bytes | None:
    return PdfStore().get(request.name, version or request.version())


def render_pdf(request: DocumentRequest, user=None, version: str | None = None) -> bytes:
    """Render now and keep the result under the data version read before rendering."""
    version = version or request.version()
    rendered = request.kind.render(request.key, request.reader(user), request.preview)
    PdfStore().put(request.name, version, rendered.pdf)
    return rendered.pdf


def get_pdf(request: DocumentRequest, user=None) -> bytes:
    """From the cache, or rendered in this process (the command line)."""
    version = request.version()
    return cached_pdf(request, version) or render_pdf(request, user, version)


@dataclass
class Outcome:
    status: str  # "ready", "pending", "not_found" or "failed"
    pdf: bytes | None = None
    message: str = ""


def _failure(path) -> Outcome:
    status, _, message = path.read_text(encoding="utf-8").partition("\n")
    return Outcome(status, message=message)


def request_pdf(request: DocumentRequest, user, *, wait_s: float = 2.5) -> Outcome:
    """For a web request: the cached file, or a render started in a background thread.

    Waits up to `wait_s` for a short render so small documents come back at once; after that
    the caller shows a progress page that asks again. A marker file next to the cache tells
    other requests (and other worker processes) that the render is already under way.
    """
    store = PdfStore()
    version = request.version()
    pdf = store.get(request.name, version)
    if pdf is not None:
        return Outcome("ready", pdf)
    failure = store.path(request.name, version, ".error")
    if failure.exists():
        return _failure(failure)
    marker = store.path(request.name, version, ".pending")
    if not _claim(marker):
        return Outcome("pending")
    reader = request.reader(user)
    if not getattr(settings, "REPORT_RENDER_IN_BACKGROUND", True):
        _render_job(request, reader, version, marker, failure)
    else:
        worker = threading.Thread(
            target=_render_job,
            args=(request, reader, version, marker, failure),
            name=f"render-{request.name}",
            daemon=True,
        )
        worker.start()
        worker.join(wait_s)
    pdf = store.get(request.name, version)
    if pdf is not None:
        return Outcome("ready", pdf)
    if failure.exists():
        return _failure(failure)
    return Outcome("pending")


def retry(request: DocumentRequest) -> None:
    """Forget a failed render so that the next request tries again."""
    PdfStore().path(request.name, request.version(), ".error").unlink(missing_ok=True)


def _claim(marker) -> bool:
    try:
        if time.time() - marker.stat().st_mtime > STALE_AFTER_S:
            marker.unlink(missing_ok=True)
    except FileNotFoundError:
        pass
    try:
        handle = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return False
    os.close(handle)
    return True


def _render_job(request, reader, version, marker, failure) -> None:
    in_thread = threading.current_thread() is not threading.main_thread()
    try:
        if in_thread:
            close_old_connections()
        render_pdf(request, reader, version)
    except DocumentNotFound as error:
        failure.write_text(f"not_found\n{error}", encoding="utf-8")
    except Exception:  # noqa: BLE001 - the reader is told; the details go to the log
        logger.exception("Rendering %s failed", request.name)
        failure.write_text(
            "failed\nThe document could not be produced. The error has been logged.",
            encoding="utf-8",
        )
    finally:
        marker.unlink(missing_ok=True)
        if in_thread:
            # The thread had its own database connection: give it back.
            connection.close()
