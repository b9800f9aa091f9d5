"""The portal's own records: the data version every cache is keyed on, and the background jobs
(PDF renders, large imports) that staff can follow."""

from django.conf import settings
from django.db import models

from .access import is_opcc_staff


class DataVersion(models.Model):
    """One row whose numbers change whenever a table of the data apps is written.

    Database triggers (installed after every migrate, pcc_portal.versions) bump it inside
    the writing transaction, so every write path — a save, `bulk_create`, `QuerySet.update`,
    a delete, raw SQL — changes it, and readers see the new numbers exactly when the data
    becomes visible: at commit. `number` moves with every write; `public_number` with every
    write that can change what anyone outside the OPCC sees (not a draft's save)."""

    number = models.BigIntegerField()
    public_number = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "data version"

    def __str__(self):
        return f"Data version {self.number}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class BackgroundJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Jobs are the OPCC's own work: staff follow them; nobody else sees any."""
        return self if is_opcc_staff(user) else self.none()


class BackgroundJob(models.Model):
    """One piece of background work, asked for once per document or file and data version.

    `key` deduplicates: a second request for the same work finds this row instead of queueing
    another. Each attempt is a task on the task queue (django-tasks, `manage.py db_worker`);
    the row keeps what staff need to follow it: status, attempts and the message of the last
    failure."""

    key = models.CharField(max_length=255, unique=True)
    title = models.CharField(max_length=255)
    # The dotted path of the task that runs it (pcc_portal.jobs.job_task).
    task_path = models.CharField(max_length=255)
    # Work of one group (e.g. "pdf") runs at most the group's limit at a time, across workers.
    group = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    # For every reader ("The document could not be produced…"); `error` is for staff only.
    message = models.TextField(blank=True)
    error = models.TextField(blank=True)
    # What the job needs to run (JSON), and what it produced: a stored file's name, a summary.
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = BackgroundJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["group", "status"])]
        verbose_name = "background job"

    def __str__(self):
        return f"{self.title} – {self.get_status_display().lower()}"

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
