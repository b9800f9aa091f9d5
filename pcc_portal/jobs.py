"""Background jobs: work a request asks for and a worker process does, on Django's Tasks
framework (the django-tasks backport; on Django 6 the import becomes `django.tasks`) with
its database backend, run by `python manage.py db_worker` on any machine that reaches the
database.

The task queue runs each task once. What the portal needs on top, this module adds with one
row per piece of work (pcc_portal.models.BackgroundJob):

- **deduplication**: a job has a key (document and data version, say); asking again for the
  same key finds the same job instead of queueing another;
- **bounded retries**: a task that raises is queued again, after a growing pause, until
  `max_attempts`; then the job is failed with a message for readers and the error for staff;
- **a limit per group**: at most `limit` jobs of a group run at once across every worker; a
  task that finds the group full goes back to the queue for a few seconds;
- **status for staff**: queued / running / done / failed, the attempts and the last error, in
  the admin ("Background jobs") and on the page that asked for the work.

A job function takes the job and returns what it produced (JSON); raising `JobRefused`
fails the job at once with its message (retrying cannot help).
"""

import datetime as dt
import functools
import logging

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from .models import BackgroundJob, JobStatus

logger = logging.getLogger(__name__)

# A job still "running" after this long died with its worker: it no longer holds a place,
# and asking for it again queues it afresh.
STALE_AFTER = dt.timedelta(minutes=15)
# Pause before a job that found its group full looks again.
WAIT_FOR_PLACE_S = 3
FAILED_MESSAGE = "{title} could not be produced. The error has been logged for the OPCC."


class JobRefused(Exception):
    """The work cannot be done however often it is tried; the message says why."""


def job_task(*, group: str = "", limit_setting: str = ""):
    """Make `function(job) -> dict` a task run through `run_job` (retries, limits, status)."""

    def decorate(function):
        @functools.wraps(function)
        def run(job_id: int):
            limit = getattr(settings, limit_setting) if limit_setting else 0
            return _run(job_id, function, group=group, limit=limit)

        return task(run)

    return decorate


def request_job(*, key: str, title: str, job_task, params: dict, user=None, group: str = ""):
    """The job for `key`: the existing one, or a new one queued now. A job that died with its
    worker is queued again; a failed one stays failed until `retry_job` (staff)."""
    job = BackgroundJob.objects.filter(key=key).first()
    if job is not None and not _stale(job):
        return job
    requested_by = user if user is not None and user.is_authenticated else None
    try:
        with transaction.atomic():
            if job is not None:  # stale: start again under the same key
                BackgroundJob.objects.filter(pk=job.pk).delete()
            job = BackgroundJob.objects.create(
                key=key,
                title=title,
                task_path=job_task.module_path,
                group=group,
                params=params,
                requested_by=requested_by,
                max_attempts=settings.JOB_MAX_ATTEMPTS,
            )
            # In the same transaction: the worker never sees a job without its task, nor a
            # task without its job.
            _enqueue(job, job_task)
    except IntegrityError:  # another request created it in the meantime
        return BackgroundJob.objects.get(key=key)
    job.refresh_from_db()
    return job


def retry_job(job: BackgroundJob, job_task) -> None:
    """Staff ask for a failed job again: its attempts start afresh."""
    updated = BackgroundJob.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
        status=JobStatus.QUEUED, attempts=0, message="", error="", finished_at=None
    )
    if updated:
        _enqueue(job, job_task)


def _stale(job: BackgroundJob) -> bool:
    return (
        job.status == JobStatus.RUNNING
        and job.started_at is not None
        and job.started_at < timezone.now() - STALE_AFTER
    )


def _enqueue(job: BackgroundJob, job_task, *, delay_s: float = 0) -> None:
    if delay_s and job_task.get_backend().supports_defer:
        job_task = job_task.using(run_after=timezone.now() + dt.timedelta(seconds=delay_s))
    result = job_task.enqueue(job.pk)
    BackgroundJob.objects.filter(pk=job.pk).update(task_result_id=str(result.id))


def _run(job_id: int, function, *, group: str, limit: int):
    job = BackgroundJob.objects.filter(pk=job_id).first()
    if job is None or job.finished:
        return "nothing to do"
    this_task = _task_of(function)
    if not this_task.get_backend().supports_defer:
        limit = 0  # tasks run inside the request (tests): no pool of workers to share
    claimed = _claim(job, limit)
    if claimed is None:
        return "taken by another worker"
    if not claimed:
        _enqueue(job, this_task, delay_s=WAIT_FOR_PLACE_S)
        return f"waiting: {limit} {group} jobs already running"
    job.refresh_from_db()
    try:
        result = function(job)
    except JobRefused as refusal:
        _finish(job, JobStatus.FAILED, message=str(refusal), error=str(refusal))
        return "refused"
    except Exception as error:
        logger.exception("Background job %s (%s) failed", job.pk, job.key)
        detail = f"Attempt {job.attempts} of {job.max_attempts}: {type(error).__name__}: {error}"
        if job.attempts < job.max_attempts:
            BackgroundJob.objects.filter(pk=job.pk).update(
                status=JobStatus.QUEUED, error=detail, message="Trying again."
            )
            _enqueue(job, this_task, delay_s=settings.JOB_RETRY_DELAY_S * job.attempts)
        else:
            _finish(
                job,
                JobStatus.FAILED,
                message=FAILED_MESSAGE.format(title=job.title),
                error=detail,
            )
        raise  # the task's own result keeps the traceback (admin: Django tasks)
    _finish(job, JobStatus.DONE, result=result or {})
    return "done"


def _task_of(function):
    from django.utils.module_loading import import_string

    return import_string(f"{function.__module__}.{function.__qualname__}")


def _claim(job: BackgroundJob, limit: int) -> bool | None:
    """Mark the job running if its group has a free place. None: it is not queued any more."""
    now = timezone.now()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Claims of one group one at a time, across machines; released at commit.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"job:{job.group}"])
        # On SQLite this first write takes the database's write lock: claims queue behind it.
        updated = BackgroundJob.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING, started_at=now, attempts=F("attempts") + 1
        )
        if not updated:
            return None
        if limit and job.group:
            running = BackgroundJob.objects.filter(
                group=job.group, status=JobStatus.RUNNING, started_at__gte=now - STALE_AFTER
            ).count()
            if running > limit:
                transaction.set_rollback(True)
                return False
    return True


def _finish(job, status, *, message: str = "", error: str = "", result=None) -> None:
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=status,
        message=message,
        error=error,
        result=result or {},
        finished_at=timezone.now(),
    )
