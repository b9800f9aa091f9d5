"""At most REPORT_RENDER_LIMIT PDF renders at a time, across every worker: a task that finds
the places taken goes back to the queue for a few seconds, and the job stays queued."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from panel.reports import documents
from pcc_portal.models import BackgroundJob

pytestmark = pytest.mark.django_db


def test_a_render_beyond_the_limit_waits_in_the_queue(demo, anon_client, settings, renders):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.REPORT_RENDER_LIMIT = 1
    busy = BackgroundJob.objects.create(
        key="pdf:another", title="Another render", task_path="x", group="pdf",
        status="running", started_at=timezone.now(),
    )  # fmt: skip
    assert anon_client.get("/panel/reports/performance/2021-03-31.pdf").status_code == 202
    job = BackgroundJob.objects.exclude(pk=busy.pk).get()

    outcome = documents.render_document.call(job.pk)  # what a worker does with the task

    assert outcome == "waiting: 1 pdf jobs already running"
    assert renders == []
    job.refresh_from_db()
    assert job.status == "queued" and job.attempts == 0
    later = DBTaskResult.objects.order_by("-enqueued_at").first()
    assert DBTaskResult.objects.count() == 2
    assert later.run_after > timezone.now() + dt.timedelta(seconds=1)

    BackgroundJob.objects.filter(pk=busy.pk).update(status="done")
    assert documents.render_document.call(job.pk) == "done"
    assert renders == [("2021-03-31", False)]
    assert anon_client.get("/panel/reports/performance/2021-03-31.pdf").status_code == 200


def test_a_render_that_died_with_its_worker_does_not_hold_a_place(demo, settings, renders):
    settings.REPORT_RENDER_LIMIT = 1
    BackgroundJob.objects.create(
        key="pdf:dead", title="Died with its worker", task_path="x", group="pdf",
        status="running", started_at=timezone.now() - dt.timedelta(hours=1),
    )  # fmt: skip
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    document = documents.DocumentRequest.make("performance", "2021-03-31")
    outcome = documents.request_pdf(document, None)
    assert documents.render_document.call(outcome.job.pk) == "done"
