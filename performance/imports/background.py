"""A confirmed import of more than IMPORT_BACKGROUND_ROWS rows runs as a background job
(pcc_portal.jobs, a `db_worker` process) instead of inside the officer's request: the file
is checked again and written in one transaction there, and the job's page in the admin says
how it went — the counts when done, every problem when refused."""

from django.conf import settings
from django.contrib.auth import get_user_model

from pcc_portal.jobs import JobRefused, job_task, request_job

from ..models import PendingImport
from .spreadsheet import ImportConflict, apply_import, plan_import, read_table


def is_large(pending: PendingImport) -> bool:
    """More rows than a request should write (reading the table only: no checks)."""
    try:
        rows = read_table(bytes(pending.content), pending.filename, [])
    except Exception:  # noqa: BLE001 - an unreadable file is reported by the import itself
        return False
    return len(rows) > settings.IMPORT_BACKGROUND_ROWS


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


@job_task(group="import")
def apply_pending_import(job) -> dict:
    pending = PendingImport.objects.filter(pk=job.params["pending"]).first()
    user = get_user_model().objects.filter(pk=job.params["user"]).first()
    if pending is None or user is None:
        raise JobRefused("The uploaded file is no longer kept; upload it again.")
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
