"""The download view, for each audience: the public file, the staff preview, bad addresses,
the progress page of a render still under way, and failures."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from core.periods import month_end
from panel.reports import documents
from pcc_portal.models import BackgroundJob
from performance.models import Area, Measure, Observation, Status
from tests.reports.conftest import DRAFT_MARK, pdf_text

pytestmark = pytest.mark.django_db


def _url(kind="performance", key="2021-03-31", **query):
    url = reverse("panel:report_pdf", kwargs={"kind": kind, "key": key})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_public_download_is_the_report_as_an_attachment(demo, public_client):
    response = public_client.get(_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="performance-monitoring-report-2021-03-31.pdf"'
    )
    text = pdf_text(response.content)
    assert "Decrease (16%, -22,859)" in text
    assert DRAFT_MARK not in text


def test_public_asking_for_drafts_still_gets_the_public_file(demo, public_client):
    response = public_client.get(_url(drafts=1))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-2021-03-31.pdf"')
    assert DRAFT_MARK not in pdf_text(response.content)


def test_staff_preview_is_marked_draft_and_never_cached_by_the_browser(demo, officer_client):
    response = officer_client.get(_url(drafts=1))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-2021-03-31-DRAFT.pdf"')
    assert response["Cache-Control"] == "private, no-store"
    assert DRAFT_MARK in pdf_text(response.content)


def test_a_date_that_is_not_a_date_is_refused_with_a_message(db, anon_client):
    response = anon_client.get(_url(key="2021-13-45"))
    assert response.status_code == 404
    assert "“2021-13-45” is not a date; write it as YYYY-MM-DD." in response.content.decode()


def test_an_unknown_document_is_not_found(db, anon_client):
    response = anon_client.get(_url(kind="budget"))
    assert response.status_code == 404
    assert "There is no document called “budget”." in response.content.decode()


def test_a_year_before_any_plan_is_not_found_with_the_reason(db, anon_client):
    response = anon_client.get(_url(key="2010-03-31"))
    assert response.status_code == 404
    assert "No Police and Crime Plan had started by 31 March 2010." in response.content.decode()


def test_a_bad_financial_year_names_the_expected_form(db, anon_client):
    response = anon_client.get(_url(kind="annual", key="2020-22"))
    assert response.status_code == 404
    assert "write it as 2020/21" in response.content.decode()


@pytest.fixture
def queue(settings):
    """The real database queue, with no worker: what a request leaves in it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return DBTaskResult.objects


def test_a_request_queues_one_render_and_shows_a_self_refreshing_progress_page(
    demo, anon_client, panel_client, queue
):
    first = anon_client.get(_url())
    second = panel_client.get(_url())
    for response in (first, second):
        assert response.status_code == 202
        body = response.content.decode()
        assert '<meta http-equiv="refresh" content="3">' in body
        assert "Preparing the Performance Monitoring Report" in body
        assert "<script>" not in body.split("</head>")[0].split("<head>")[1]
    assert queue.count() == 1, "the second request must not queue a second render"
    job = BackgroundJob.objects.get()
    assert job.status == "queued" and job.title == "Performance Monitoring Report (2021-03-31)"
    assert queue.get().args_kwargs == {"args": [job.pk], "kwargs": {}}


def test_staff_see_where_a_queued_render_stands(demo, officer_client, queue):
    body = officer_client.get(_url(drafts=1)).content.decode()
    assert "Queued" in body and "0 of 3" in body and "test-officer" in body


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("2021-03-30", "for the last day of a month (31 March 2021), not 30 March 2021."),
        ("2020-11-30", "No figures have been published for the period ending 30 November 2020"),
        ("2010-03-31", "No Police and Crime Plan had started by 31 March 2010."),
    ],
)
def test_a_date_without_published_figures_is_not_found_and_queues_nothing(
    demo, anon_client, queue, key, message
):
    response = anon_client.get(_url(key=key))
    assert response.status_code == 404
    assert message in response.content.decode()
    assert queue.count() == 0 and not BackgroundJob.objects.exists()


def test_a_meeting_that_does_not_exist_is_not_found_and_queues_nothing(demo, anon_client, queue):
    response = anon_client.get(_url(kind="pack", key="2021-12-07"))
    assert response.status_code == 404
    assert "no Police and Crime Panel meeting on 7 December 2021" in response.content.decode()
    assert queue.count() == 0 and not BackgroundJob.objects.exists()


def test_a_failing_render_is_retried_then_shown_as_failed(
    demo, anon_client, officer_client, monkeypatch
):
    calls = []

    def broken(key, user, preview):
        calls.append(key)
        raise RuntimeError("the chart library ran out of memory")

    kind = documents.KINDS["performance"]
    monkeypatch.setitem(
        documents.KINDS,
        "performance",
        documents.DocumentKind(**{**kind.__dict__, "render": broken}),
    )
    response = anon_client.get(_url())
    assert len(calls) == 3, "tried three times in all"
    assert response.status_code == 503
    public = response.content.decode()
    assert "could not be produced" in public
    assert "out of memory" not in public and "Try again" not in public
    staff = officer_client.get(_url()).content.decode()
    assert "Failed" in staff and "3 of 3" in staff
    assert "RuntimeError: the chart library ran out of memory" in staff
    assert len(calls) == 3, "a failure is remembered, not tried again by each reader"
    monkeypatch.setitem(documents.KINDS, "performance", kind)
    assert anon_client.get(_url(retry=1)).status_code == 503, "only staff may ask again"
    assert officer_client.get(_url(retry=1)).status_code == 200


def test_a_cached_download_reads_the_same_few_queries_as_the_data_grows(demo, anon_client):
    anon_client.get(_url())
    with CaptureQueriesContext(connection) as small:
        assert anon_client.get(_url()).status_code == 200
    _grow_observations(200)
    anon_client.get(_url())  # renders the new version
    with CaptureQueriesContext(connection) as large:
        assert anon_client.get(_url()).status_code == 200
    assert len(large) == len(small) <= 12


def _grow_observations(count: int) -> None:
    measure = Measure.objects.create(code="growth", name="Growth measure", unit="count")
    area = Area.objects.get(code="LANC")
    Observation.objects.bulk_create(
        Observation(
            measure=measure,
            area=area,
            unit="count",
            period_start=dt.date(2000 + n // 12, n % 12 + 1, 1),
            period_end=month_end(2000 + n // 12, n % 12 + 1),
            value=n,
            status=Status.PUBLISHED,
        )
        for n in range(count)
    )


def test_post_is_not_allowed(db, anon_client):
    assert anon_client.post(_url()).status_code == 405


def test_download_button_links_the_public_file_and_for_staff_the_preview(rf, officer, panel_member):
    from django.template.loader import render_to_string

    from pcc_portal.access import is_opcc_staff

    def button(user):
        context = {"kind": "pack", "key": "2021-12-06", "label": "Download the pack (PDF)"}
        return render_to_string(
            "reports/includes/download_button.html",
            {**context, "is_opcc_staff": is_opcc_staff(user)},
        )

    public = button(panel_member)
    assert 'href="/panel/reports/pack/2021-12-06.pdf"' in public
    assert "Download the pack (PDF)" in public
    assert "drafts=1" not in public
    assert 'href="/panel/reports/pack/2021-12-06.pdf?drafts=1"' in button(officer)


def test_embargoed_pack_is_not_found_for_the_public_with_the_date(db, anon_client):
    from django.utils import timezone

    from tests.panel.factories import MeetingFactory

    today = timezone.localdate()
    meeting = MeetingFactory(
        date=today + dt.timedelta(days=30),
        status="scheduled",
        agenda_published_on=today + dt.timedelta(days=20),
    )
    response = anon_client.get(_url(kind="pack", key=meeting.date.isoformat()))
    assert response.status_code == 404
    assert "are published on" in response.content.decode()
