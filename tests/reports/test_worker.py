"""The PDF queue end to end: a request queues one task, the real `manage.py db_worker`, started
here as a separate process against the test database (SQLite or PostgreSQL, whichever the
suite runs on), renders it, and the page then serves the file; a render that keeps failing is
retried and then shown to staff as failed."""

import datetime as dt
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from pcc_portal.models import BackgroundJob
from tests.factories import ObservationFactory, PlanFactory, PriorityFactory
from tests.reports.conftest import DRAFT_MARK, pdf_text

# serialized_rollback: the roles (groups) created by migrations are back for the next test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

URL = reverse("panel:report_pdf", kwargs={"kind": "performance", "key": "2021-03-31"})
MEASURE = "Residential burglaries recorded"
WAIT_S = 120


@pytest.fixture
def figures():
    """A plan with one priority and one published year-to-date figure (committed: the worker
    is another process and sees only committed data)."""
    plan = PlanFactory(code="PCP-TEST", start=dt.date(2020, 4, 1), end=dt.date(2024, 3, 31))
    priority = PriorityFactory(plan=plan, title="Tackling crime")
    observation = ObservationFactory(
        measure__name=MEASURE,
        period_start=dt.date(2020, 4, 1),
        period_end=dt.date(2021, 3, 31),
        value=Decimal("4321"),
    )
    observation.measure.priorities.add(priority)


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return settings


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}{port}/{db['NAME']}"


def _start_worker(reports_root, **extra_env) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pcc_portal.test_settings",
        "DATABASE_URL": _database_url(),
        "TASKS_BACKEND": "database",
        "REPORTS_ROOT": str(reports_root),
        "JOB_RETRY_DELAY_S": "0.2",
        **extra_env,
    }
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
    return subprocess.Popen(
        [*command, "--interval", "0.1"],
        cwd=django_settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _stop(worker: subprocess.Popen) -> str:
    worker.terminate()
    try:
        output, _ = worker.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        output, _ = worker.communicate()
    return output


def _until(predicate, worker):
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        assert worker.poll() is None, "the worker stopped:\n" + _stop(worker)
        time.sleep(0.25)
    raise AssertionError("the worker did not finish in time:\n" + _stop(worker))


def test_a_worker_process_renders_the_queued_report_and_the_page_serves_it(
    figures, queue, anon_client, panel_client
):
    reports_root = Path(queue.STORAGES["reports"]["OPTIONS"]["location"])
    first = anon_client.get(URL)
    assert first.status_code == 202
    assert panel_client.get(URL).status_code == 202
    assert DBTaskResult.objects.count() == 1, "two readers, one task"
    job = BackgroundJob.objects.get()

    worker = _start_worker(reports_root)
    try:
        _until(lambda: BackgroundJob.objects.filter(pk=job.pk, status="done").exists(), worker)
        response = anon_client.get(URL)
    finally:
        _stop(worker)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert MEASURE in text and "4,321" in text
    assert DRAFT_MARK not in text
    job.refresh_from_db()
    assert job.attempts == 1 and job.result["bytes"] == len(response.content)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert len(list(reports_root.rglob("*.pdf"))) == 1
    assert panel_client.get(URL).content == response.content, "one file serves every reader"


def test_a_render_that_keeps_failing_in_the_worker_is_retried_then_shown_failed_to_staff(
    figures, queue, anon_client, officer_client, tmp_path
):
    assert anon_client.get(URL).status_code == 202
    job = BackgroundJob.objects.get()
    # Storage that cannot be written (a folder inside a file): every attempt fails for real.
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    worker = _start_worker(blocked / "reports")
    try:
        _until(lambda: BackgroundJob.objects.filter(pk=job.pk, status="failed").exists(), worker)
    finally:
        _stop(worker)
    job.refresh_from_db()
    assert job.attempts == 3
    assert "NotADirectoryError" in job.error or "FileExistsError" in job.error, job.error
    assert DBTaskResult.objects.count() == 3, "one task per attempt"
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"FAILED"}

    public = anon_client.get(URL)
    assert public.status_code == 503
    assert "could not be produced" in public.content.decode()
    assert "Error" not in public.content.decode()
    staff = officer_client.get(URL).content.decode()
    assert "Failed" in staff and "3 of 3" in staff and "Try again" in staff
