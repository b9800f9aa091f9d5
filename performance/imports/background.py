"""An upload of more than IMPORT_BACKGROUND_ROWS rows is checked, and once confirmed imported,
by background jobs (pcc_portal.jobs, a `db_worker` process) instead of inside the officer's
request. The check's job renders the preview the import page then shows; the import's job
checks the file again and writes it in one transaction, and its page in the admin says how
it went — the counts when done, every problem when refused."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string

from pcc_portal.jobs import JobRefused, job_task, request_job
from pcc_portal.models import BackgroundJob

from ..models import PendingImport
from .spreadsheet import ImportConflict, apply_import, plan_import, read_table


def table_rows(content: bytes, filename: str) -> int | None:
    """How many rows a file holds (reading the table only: no checks); None if unreadable,
    which the import itself reports."""
    try:
        return len(read_table(content, filename, []))
    except Exception:  # noqa: BLE001 - an unreadable file is reported by the import itself
        return None


def is_large(rows: int | None) -> bool:
    """More rows than a request should check or write."""
    return rows is not None and rows > settings.IMPORT_BACKGROUND_ROWS


def check_in_background(pending: PendingImport, user, rows: int) -> BackgroundJob:
    """The job that checks this upload and renders its preview (one per upload)."""
    return request_job(
        key=check_key(pending),
        title=f"Check of {pending.filename}",
        job_task=check_pending_import,
        params={"pending": pending.pk, "user": user.pk, "rows": rows},
        user=user,
        group="import",
    )


def check_key(pending: PendingImport) -> str:
    return f"import-check:{pending.pk}"


def was_checked_in_background(pending: PendingImport) -> bool:
    """Whether the upload was large enough for its check to be a job: then so is its import
    (the rows were counted once, on upload)."""
    return BackgroundJob.objects.filter(key=check_key(pending)).exists()


def import_in_background(pending: PendingImport, user):
    """The job that applies this upload (one per upload, however often confirmed)."""
    return request_job(
        key=f"import:{pending.pk}",
        title=f"Import of {pending.filename}",
        job_task=apply_pending_import,
        params={"pending": pending.pk, "user": user.pk},
        user=user,
        group="import",
    )


def _pending_and_user(job) -> tuple[PendingImport, object]:
    pending = PendingImport.objects.filter(pk=job.params["pending"]).first()
    user = get_user_model().objects.filter(pk=job.params["user"]).first()
    if pending is None or user is None:
        raise JobRefused("The uploaded file is no longer kept; upload it again.")
    return pending, user


@job_task(group="import")
def check_pending_import(job) -> dict:
    """The preview of a large upload, rendered for the import page (`preview`), and whether
    it can be imported (`ok`: no problem; `ready`: and something to write)."""
    pending, user = _pending_and_user(job)
    plan = plan_import(
        bytes(pending.content), pending.filename, user=user, revise_reason=pending.revise_reason
    )
    preview = render_to_string("admin/performance/observation/import_preview.html", {"plan": plan})
    return {"preview": preview, "ok": plan.ok, "ready": plan.ok and bool(plan.changes)}


@job_task(group="import")
def apply_pending_import(job) -> dict:
    pending, user = _pending_and_user(job)
    plan = plan_import(
        bytes(pending.content),
        pending.filename,
        user=user,
        revise_reason=pending.revise_reason,
        with_quality=False,
    )
    if not plan.ok:
        lines = [str(problem) for problem in plan.problems[:20]]
        more = len(plan.problems) - len(lines)
        tail = [f"And {more} more problems."] if more > 0 else []
        raise JobRefused(
            "Nothing was imported: the file changed meaning since the preview. "
            + " ".join(lines + tail)
        )
    try:
        apply_import(plan, user=user)
    except ImportConflict as error:
        raise JobRefused(f"Nothing was imported: {error}") from None
    pending.delete()
    return {label: count for label, count in plan.counts.items() if count}
