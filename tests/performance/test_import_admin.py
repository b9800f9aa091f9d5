"""The admin's spreadsheet import: upload → preview → confirm, never a 500."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from core.periods import Period
from pcc_portal.models import BackgroundJob
from performance.imports import background
from performance.imports import spreadsheet as imports
from performance.models import Observation, PendingImport, Revision, Status
from tests.performance.factories import observation
from tests.performance.import_helpers import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db
URL = reverse("admin:performance_observation_import")
YEAR_2021 = Period.financial_year(2021)


def _upload(client, content: bytes, name="q1.csv", **data):
    return client.post(URL, {"file": SimpleUploadedFile(name, content), **data})


def _answer(client, content: bytes, name="q1.csv", **data) -> str:
    """The page an upload checked in the request answers with: its preview or its problems."""
    response = _upload(client, content, name, **data)
    assert response.status_code == 200
    return response.content.decode()


def _crime_2021_22(reference, value, status=Status.PUBLISHED, **extra):
    """The force's all-crime figure for 2021/22, the row the uploads below name."""
    return observation(reference["crime"], reference["force"], YEAR_2021, value, status, **extra)


def test_preview_shows_each_row_and_writes_nothing_until_confirmed(
    reference, officer_client, officer
):
    page = _answer(
        officer_client,
        csv_bytes(
            'all-crime,,2021-04-01,2022-03-31,"22,859",', "all-crime,WEST,2021-04-01,2022-03-31,7,"
        ),
    )
    assert "<tr><td>New draft</td><td>2</td></tr>" in page
    assert "22,859" in page
    assert "Confirm the import" in page
    assert Observation.objects.count() == 0

    pending = PendingImport.objects.get()
    response = officer_client.post(URL, {"pending": pending.pk})

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:performance_observation_changelist")
    assert sorted(Observation.objects.values_list("value", flat=True)) == [
        Decimal("7"),
        Decimal("22859"),
    ]
    assert set(Observation.history.values_list("history_user", flat=True)) == {officer.pk}
    assert not PendingImport.objects.exists()


def test_preview_of_a_reimport_says_it_updates_the_draft(reference, officer_client, officer):
    _crime_2021_22(reference, 10, Status.DRAFT, entered_by=officer)
    page = _answer(officer_client, csv_bytes("all-crime,,2021-04-01,2022-03-31,11,"))
    assert "Updates draft" in page
    assert "10 (draft)" in page


def test_bad_file_lists_each_problem_and_offers_no_confirmation(reference, officer_client):
    page = _answer(
        officer_client,
        csv_bytes(
            "all-crime,,2021-04-01,2022-03-31,10,", "calls-answered,,2021-04-01,2021-06-30,120%,"
        ),
    )
    assert "1 problem found. Nothing was imported" in page
    assert "Line 3, column value: A percentage must lie between 0 and 100; 120 does not." in page
    assert "Confirm the import" not in page
    assert not PendingImport.objects.exists()
    assert Observation.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.csv", "The submitted file is empty."),
        (b"\x00\x01binary\xff" * 50, "photo.csv", "contains binary data"),
        (b"PK\x03\x04broken", "broken.xlsx", "could not be read as an Excel workbook"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 64, "old.xls", "old Excel .xls workbook"),
    ],
)
def test_unreadable_uploads_give_a_message_not_an_error(
    reference, officer_client, content, name, message
):
    assert message in _answer(officer_client, content, name)


def test_a_huge_upload_is_refused_with_the_limit(reference, officer_client):
    page = _answer(officer_client, b"x" * (imports.MAX_BYTES + 1), "huge.csv")
    assert "The file is 5.0 MB; the limit is 5 MB." in page


def test_posting_without_a_file_or_with_a_bogus_pending_id_is_handled(reference, officer_client):
    response = officer_client.post(URL, {})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert officer_client.post(URL, {"pending": "not-a-number"}).status_code == 404


def test_another_users_pending_import_cannot_be_confirmed(reference, officer_client, lead_client):
    _upload(lead_client, csv_bytes("all-crime,,2021-04-01,2022-03-31,5,"))
    pending = PendingImport.objects.get()
    assert officer_client.post(URL, {"pending": pending.pk}).status_code == 404
    assert Observation.objects.count() == 0


def test_figures_published_after_the_preview_are_not_overwritten_on_confirm(
    reference, officer_client, lead
):
    obs = _crime_2021_22(reference, 10, Status.DRAFT)
    _upload(officer_client, csv_bytes("all-crime,,2021-04-01,2022-03-31,11,"))
    Observation.objects.filter(pk=obs.pk).update(status=Status.PUBLISHED)

    response = officer_client.post(URL, {"pending": PendingImport.objects.get().pk})

    page = response.content.decode()
    assert "changed since the preview" in page
    assert "is published as 10" in page
    obs.refresh_from_db()
    assert obs.value == Decimal("10")


def test_lead_revises_a_published_value_with_a_reason_through_the_preview(
    reference, lead_client, lead
):
    _crime_2021_22(reference, 10)
    page = _answer(
        lead_client,
        csv_bytes("all-crime,,2021-04-01,2022-03-31,12,"),
        revise_reason="Force resubmission",
    )
    assert "Revises published value" in page
    lead_client.post(URL, {"pending": PendingImport.objects.get().pk})
    revision = Revision.objects.get()
    assert (revision.old_value, revision.new_value, revision.reason) == (
        Decimal("10"),
        Decimal("12"),
        "Force resubmission",
    )


def test_xlsx_upload_is_previewed(reference, officer_client):
    content = xlsx_bytes(
        [
            ["measure", "area", "period_start", "period_end", "value"],
            ["all-crime", None, dt.date(2021, 4, 1), dt.date(2022, 3, 31), 22859],
        ]
    )
    page = _answer(officer_client, content, "q1.xlsx")
    assert "22,859" in page and "Confirm the import" in page


def test_the_import_page_is_for_staff_only(reference, panel_client, anon_client):
    for client in (panel_client, anon_client):
        response = client.get(URL)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_the_changelist_links_to_the_import(reference, officer_client):
    page = officer_client.get(reverse("admin:performance_observation_changelist")).content.decode()
    assert f'href="{URL}"' in page


TWO_ROWS = ("all-crime,,2021-04-01,2022-03-31,12,", "all-crime,WEST,2021-04-01,2022-03-31,7,")


def test_a_large_import_runs_as_a_background_job_and_its_page_says_how_it_went(
    reference, officer_client, officer, settings
):
    settings.IMPORT_BACKGROUND_ROWS = 1  # tasks run at once here (the immediate backend)
    checked = _upload(officer_client, csv_bytes(*TWO_ROWS))
    pending = PendingImport.objects.get()
    assert checked["Location"] == reverse(
        "admin:performance_observation_import_check", args=[pending.pk]
    )
    # The check ran as a job; its page shows the preview and the button that imports.
    preview = officer_client.get(checked["Location"]).content.decode()
    assert "<tr><td>New draft</td><td>2</td></tr>" in preview
    assert f'<form method="post" action="{URL}">' in preview and "Confirm the import" in preview
    assert not Observation.objects.exists()
    response = officer_client.post(URL, {"pending": pending.pk})
    job = BackgroundJob.objects.get(key=f"import:{pending.pk}")
    assert response["Location"] == reverse("admin:pcc_portal_backgroundjob_change", args=[job.pk])
    assert job.status == "done" and job.result == {"New draft": 2}
    assert sorted(Observation.objects.values_list("value", flat=True)) == [7, 12]
    assert set(Observation.history.values_list("history_user", flat=True)) == {officer.pk}
    page = officer_client.get(response["Location"]).content.decode()
    assert "Import of q1.csv" in page and "Done" in page and "New draft" in page


def test_confirming_a_large_import_twice_queues_one_job(reference, officer_client, settings):
    settings.IMPORT_BACKGROUND_ROWS = 1
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # no worker
    _upload(officer_client, csv_bytes(*TWO_ROWS))
    pending = PendingImport.objects.get()
    officer_client.post(URL, {"pending": pending.pk})
    officer_client.post(URL, {"pending": pending.pk})
    assert BackgroundJob.objects.get(key=f"import:{pending.pk}").status == "queued"
    assert DBTaskResult.objects.count() == 2  # the upload's check and its import, once each
    assert not Observation.objects.exists(), "written by the worker, not the request"


def test_a_large_uploads_check_is_a_job_whose_page_waits_then_lists_the_problems(
    reference, officer_client, lead_client, settings
):
    settings.IMPORT_BACKGROUND_ROWS = 1
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # no worker
    bad = csv_bytes(*TWO_ROWS, "no-such-measure,,2021-04-01,2022-03-31,5,")
    page_url = _upload(officer_client, bad)["Location"]
    waiting = officer_client.get(page_url).content.decode()
    assert "The file has 4 rows, so it is checked in the background (queued)" in waiting
    assert '<meta http-equiv="refresh" content="3">' in waiting
    assert not Observation.objects.exists()
    # The worker's turn: the task runs as db_worker would run it.
    check = BackgroundJob.objects.get()
    background.check_pending_import.call(check.pk)
    page = officer_client.get(page_url).content.decode()
    assert "1 problem found. Nothing was imported" in page and "no-such-measure" in page
    assert "Confirm the import" not in page
    # Nobody else's upload is theirs to see.
    assert lead_client.get(page_url).status_code == 404
