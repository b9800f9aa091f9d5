"""The download view, for each audience: the public file, the staff preview, bad addresses,
the progress page of a render still under way, and failures."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.periods import month_end
from panel.reports import documents
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


def test_a_long_render_shows_a_self_refreshing_progress_page(
    demo, anon_client, settings, monkeypatch
):
    settings.REPORT_RENDER_IN_BACKGROUND = True
    started = []
    monkeypatch.setattr(documents, "_render_job", lambda *args: started.append(args))
    first = anon_client.get(_url())
    second = anon_client.get(_url())
    for response in (first, second):
        assert response.status_code == 202
        body = response.content.decode()
        assert '<meta http-equiv="refresh" content="3">' in body
        assert "Preparing the Performance Monitoring Report" in body
        assert "<script>" not in body.split("</head>")[0].split("<head>")[1]
    assert len(started) == 1, "the second request must not start a second render"


def test_a_failed_render_says_so_and_can_be_retried(demo, anon_client, monkeypatch):
    def broken(key, user, preview):
        raise RuntimeError("boom")

    kind = documents.KINDS["performance"]
    monkeypatch.setitem(
        documents.KINDS,
        "performance",
        documents.DocumentKind(**{**kind.__dict__, "render": broken}),
    )
    response = anon_client.get(_url())
    assert response.status_code == 503
    assert "could not be produced" in response.content.decode()
    assert "boom" not in response.content.decode()
    monkeypatch.setitem(documents.KINDS, "performance", kind)
    assert anon_client.get(_url()).status_code == 503, "a failure is remembered"
    assert anon_client.get(_url(retry=1)).status_code == 200


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
