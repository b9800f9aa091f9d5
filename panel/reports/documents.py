"""The three documents, as the views and the render_pdf command ask for them: served from the
"reports" storage when a file of the current version exists, otherwise rendered by a worker
process from the task queue (pcc_portal.jobs) — never in a web request.

A document is asked for by kind and key (`performance` + `2021-03-31`, `pack` + `2021-12-06`,
`annual` + `2020-21`) in one of two versions: the public one, rendered as an anonymous reader
sees the data and shared by everyone, or the staff preview (drafts, restricted and embargoed
papers included, DRAFT on every page), rendered for OPCC staff only.

Only documents that exist can be asked for: a report date with figures, a meeting held that
day, a financial year entered. Anything else is refused before any work is queued, so made-up
keys cannot fill the queue or the storage.

Files are named `<data version>-<code version>/<document>.pdf` (pcc_portal.versions: the
public document's data version is of what everyone may see, a draft's save leaves it), so one
cache rule covers the PDFs and the pages; storing a new version deletes the folders of the
older ones.
"""

import contextlib
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone

from pcc_portal.access import is_opcc_staff
from pcc_portal.jobs import JobRefused, job_task, request_job, retry_job
from pcc_portal.models import BackgroundJob, JobStatus
from pcc_portal.versions import version_tag

logger = logging.getLogger(__name__)

STORAGE = "reports"


class DocumentNotFound(Exception):
    """The key is well formed but there is no such document (no figures, no meeting)."""


class BadDocumentKey(ValueError):
    """The key cannot be read; the message says what is wrong."""


def _date(key: str) -> dt.date:
    try:
        return dt.date.fromisoformat(key)
    except ValueError:
        raise BadDocumentKey(f"“{key}” is not a date; write it as YYYY-MM-DD.") from None


def _parse_year(key: str) -> int:
    from .annual import parse_financial_year

    try:
        return parse_financial_year(key)
    except ValueError as error:
        raise BadDocumentKey(str(error)) from None


# --- Does the document exist? A few indexed reads, before any work is queued. --------------


def _performance_exists(period_end: dt.date, reader, preview: bool) -> None:
    from core.periods import month_end
    from performance.selectors import plan_in_force, report_has_figures

    last_day = month_end(period_end.year, period_end.month)
    if period_end != last_day:
        # Any day of a month would otherwise be a copy of the month's report under its own name.
        raise DocumentNotFound(
            f"The report is produced for the last day of a month ({last_day:%-d %B %Y}), "
            f"not {period_end:%-d %B %Y}."
        )
    plan = plan_in_force(period_end)
    if plan is None:
        raise DocumentNotFound(f"No Police and Crime Plan had started by {period_end:%-d %B %Y}.")
    # The report's own question (build_performance_report asks it too), so a date whose
    # report would print no figure is refused here, not rendered as an empty report.
    if not report_has_figures(plan=plan, period_end=period_end, user=reader, show_drafts=preview):
        raise DocumentNotFound(
            f"No figures have been published for the period ending {period_end:%-d %B %Y}: "
            "the report needs figures for the 12 months or the quarter ending then."
        )


def _pack_exists(meeting_date: dt.date, reader, preview: bool) -> None:
    from panel.models import Body, Meeting

    meeting = Meeting.objects.filter(body=Body.PANEL, date=meeting_date).first()
    if meeting is None:
        raise DocumentNotFound(
            f"There is no Police and Crime Panel meeting on {meeting_date:%-d %B %Y}."
        )
    if not meeting.papers_visible_to(reader):
        # Imported only here: the pack module loads WeasyPrint, which a web process needs not.
        from .pack import _embargo_message

        raise DocumentNotFound(_embargo_message(meeting))


def _annual_exists(start_year: int, reader, preview: bool) -> None:
    from core.periods import financial_year_label
    from finance.models import FinancialYear

    years = FinancialYear.objects.visible_to(reader, show_drafts=preview)
    if not years.filter(start_year=start_year).exists():
        raise DocumentNotFound(
            f"The {financial_year_label(start_year)} financial year has not been published."
        )


# --- Rendering. The renderers import WeasyPrint and matplotlib, which take a second to load:
# imported when a document is rendered (in a worker), not when the URLs are loaded. ---------


def _render_performance(period_end, user, preview):
    from . import performance_report

    try:
        return performance_report.render_performance_report(
            period_end=period_end, user=user, preview=preview
        )
    except (performance_report.NoPlan, performance_report.NoFigures) as error:
        raise DocumentNotFound(str(error)) from None


def _paper_pk(key) -> int:
    key = str(key)
    if not key.isdigit():
        raise BadDocumentKey(f"“{key}” is not a paper number.")
    return int(key)


def _paper_exists(pk: int, reader, preview: bool) -> None:
    from panel.papers import selectors as papers

    paper = papers.paper_for(pk=pk, user=reader, show_drafts=preview and is_opcc_staff(reader))
    if paper is None or papers.has_nothing_to_report(paper):
        raise DocumentNotFound("There is no such paper, or it has not been published.")


def _render_paper(pk, user, preview):
    from . import paper_pdf

    try:
        return paper_pdf.render_paper(pk=pk, user=user, preview=preview)
    except paper_pdf.NoPaper as error:
        raise DocumentNotFound(str(error)) from None


def _render_annual(start_year, user, preview):
    from . import annual

    return annual.render_annual_tables(start_year=start_year, user=user, preview=preview)


def _render_pack(meeting_date, user, preview):
    from . import pack

    try:
        return pack.render_meeting_pack(meeting_date=meeting_date, user=user, preview=preview)
    except pack.NoPack as error:
        raise DocumentNotFound(str(error)) from None


@dataclass(frozen=True)
class DocumentKind:
    name: str
    label: str
    filename: str
    parse: Callable[[str], object]
    exists: Callable  # (parsed key, reader, preview) -> None, or raises DocumentNotFound
    render: Callable  # (parsed key, reader, preview) -> RenderedPdf
    # What the public may see depends on today's date (papers embargoed until the agenda is
    # published), so the file changes every day as well as with the data.
    dated: bool = False


KINDS = {
    "performance": DocumentKind(
        "performance",
        "Performance Monitoring Report",
        "performance-monitoring-report-{key}",
        _date,
        _performance_exists,
        _render_performance,
    ),
    "pack": DocumentKind(
        "pack",
        "Public Document Pack",
        "public-document-pack-{key}",
        _date,
        _pack_exists,
        _render_pack,
        dated=True,
    ),
    "paper": DocumentKind(
        "paper",
        "Panel paper",
        "panel-paper-{key}",
        _paper_pk,
        _paper_exists,
        _render_paper,
        dated=True,
    ),
    "annual": DocumentKind(
        "annual",
        "Annual report tables",
        "annual-report-tables-{key}",
        _parse_year,
        _annual_exists,
        _render_annual,
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
        text = f"{self.kind.label} ({self.key})"
        return text + (" – staff preview" if self.preview else "")

    def reader(self, user):
        """Whom the document is rendered for: the public version as an anonymous reader sees
        the data, so that every reader gets the same file; the preview as the staff member."""
        if self.preview:
            if not is_opcc_staff(user):
                raise PermissionError("Only OPCC staff may preview unpublished documents.")
            return user
        return AnonymousUser()

    def check_exists(self, user) -> None:
        """Raises DocumentNotFound, with the reason, for a document that does not exist."""
        self.kind.exists(self.kind.parse(self.key), self.reader(user), self.preview)

    def version(self) -> str:
        """The public document is keyed on what everyone may see, the preview on all data."""
        return version_tag(public=not self.preview)

    def storage_name(self, version: str) -> str:
        day = f"-{timezone.localdate():%Y%m%d}" if self.kind.dated else ""
        return f"{version}/{self.name}{day}.pdf"

    def job_key(self, version: str) -> str:
        return f"pdf:{self.storage_name(version)}"


def stored_pdf(document: DocumentRequest, version: str) -> bytes | None:
    storage = storages[STORAGE]
    name = document.storage_name(version)
    try:
        with storage.open(name, "rb") as stored:
            return stored.read()
    except FileNotFoundError:
        return None


def render_and_store(document: DocumentRequest, user=None, *, name: str = "") -> bytes:
    """Render now, in this process, and store the file: under `name` (what the request that
    queued the job will look for), or under the current version read before rendering."""
    version = document.version()
    rendered = document.kind.render(
        document.kind.parse(document.key), document.reader(user), document.preview
    )
    storage = storages[STORAGE]
    name = name or document.storage_name(version)
    storage.delete(name)  # a stale copy (same version) is replaced, not renamed around
    storage.save(name, ContentFile(rendered.pdf))
    # This document's version, and the current one of the other kind (public or preview).
    prune(keep={version, version_tag(public=document.preview), name.split("/")[0]})
    return rendered.pdf


def prune(*, keep: set[str]) -> int:
    """Delete every stored file of another data or code version; returns how many."""
    storage = storages[STORAGE]
    try:
        folders, _ = storage.listdir("")
    except FileNotFoundError:
        return 0
    removed = 0
    for folder in folders:
        if folder in keep:
            continue
        _, files = storage.listdir(folder)
        for name in files:
            storage.delete(f"{folder}/{name}")
            removed += 1
        with contextlib.suppress(OSError):
            storage.delete(folder)  # the emptied folder (file systems; no-op elsewhere)
    return removed


def get_pdf(document: DocumentRequest, user=None) -> bytes:
    """For the command line: the stored file, or rendered in this process."""
    document.check_exists(user)
    return stored_pdf(document, document.version()) or render_and_store(document, user)


@dataclass
class Outcome:
    status: str  # "ready", "queued", "running" or "failed"
    pdf: bytes | None = None
    job: BackgroundJob | None = None


def request_pdf(document: DocumentRequest, user, *, retry: bool = False) -> Outcome:
    """For a web request: the stored file, or the job that renders it (queued once per
    document and version, however many readers ask). Raises DocumentNotFound first."""
    document.check_exists(user)
    version = document.version()
    pdf = stored_pdf(document, version)
    if pdf is not None:
        return Outcome("ready", pdf)
    job_request = dict(
        key=document.job_key(version),
        title=document.title,
        job_task=render_document,
        params={
            "kind": document.kind.name,
            "key": document.key,
            "preview": document.preview,
            "user": user.pk if document.preview else None,
            "name": document.storage_name(version),
        },
        user=user,
        group="pdf",
    )
    job = request_job(**job_request)
    if job.status == JobStatus.FAILED and retry and is_opcc_staff(user):
        retry_job(job, render_document)
        job.refresh_from_db()
    if job.status == JobStatus.DONE:
        pdf = stored_pdf(document, version)
        if pdf is not None:
            return Outcome("ready", pdf, job)
        # Done, but the file has gone since (pruned, or the storage emptied): render again.
        BackgroundJob.objects.filter(pk=job.pk, status=JobStatus.DONE).delete()
        job = request_job(**job_request)
    return Outcome(job.status, job=job)


def job_for(document: DocumentRequest) -> BackgroundJob | None:
    """The job of the document's current version, if one was asked for (staff status)."""
    return BackgroundJob.objects.filter(key=document.job_key(document.version())).first()


@job_task(group="pdf", limit_setting="REPORT_RENDER_LIMIT")
def render_document(job: BackgroundJob) -> dict:
    """The task: render one document (in a worker process) and store it."""
    params = job.params
    document = DocumentRequest.make(params["kind"], params["key"], preview=params["preview"])
    user = None
    if params.get("user"):
        user = get_user_model().objects.filter(pk=params["user"]).first()
    try:
        document.check_exists(user)
        pdf = render_and_store(document, user, name=params["name"])
    except (DocumentNotFound, PermissionError) as refusal:
        raise JobRefused(str(refusal)) from None
    return {"bytes": len(pdf)}
