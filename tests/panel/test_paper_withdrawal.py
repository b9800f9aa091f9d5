"""A published composed paper is read-only and never deleted; the lead withdraws it with a
reason, readers see when and why where it was, and a correction goes through sign-off again."""

import datetime as dt

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from panel.models import Paper, PaperSection, PaperStatus
from panel.papers import services
from panel.reports.pack import render_meeting_pack
from tests.panel.factories import AgendaItemFactory, MeetingFactory
from tests.reports.conftest import pdf_text

REASON = "Paragraph 4 gave the wrong quarter; a corrected paper follows."
BODY = "Sentinel narrative 515151 of the withdrawn paper"


@pytest.fixture
def paper(officer, lead):
    meeting = MeetingFactory(date=dt.date(2020, 12, 7))
    item = AgendaItemFactory(meeting=meeting, title="Performance Monitoring Report")
    paper = services.paper_save(
        paper=Paper(
            title="Police and Crime Plan Performance Monitoring Report",
            item=item,
            period_start=dt.date(2020, 7, 1),
            period_end=dt.date(2020, 9, 30),
        ),
        user=officer,
    )
    PaperSection.objects.create(paper=paper, position=1, heading="Background", text=BODY)
    services.paper_verify(paper=paper, user=lead)
    return services.paper_publish(paper=paper, user=lead)


def _withdraw(client, paper, reason=REASON):
    return client.post(
        reverse("admin:panel_paper_changelist"),
        {
            "action": "withdraw_selected",
            ACTION_CHECKBOX_NAME: [paper.pk],
            "confirm": "yes",
            "withdrawal_reason": reason,
        },
    )


def test_lead_withdraws_and_the_meeting_and_paper_pages_say_when_and_why(
    lead_client, paper, client
):
    meeting_page = paper.item.meeting.get_absolute_url()
    assert BODY in client.get(meeting_page).content.decode()

    assert _withdraw(lead_client, paper).status_code == 302

    paper.refresh_from_db()
    assert paper.status == PaperStatus.WITHDRAWN
    assert paper.withdrawn_by.username == "test-lead"
    said = f"Withdrawn on {timezone.localdate():%-d %B %Y}: {REASON}"
    page = client.get(meeting_page).content.decode()
    assert f"Police and Crime Plan Performance Monitoring Report: {said}" in page
    assert BODY not in page
    pack = pdf_text(
        render_meeting_pack(meeting_date=paper.item.meeting.date, user=AnonymousUser()).pdf
    )
    assert said in " ".join(pack.split()) and BODY not in pack
    own = client.get(reverse("panel:paper", kwargs={"pk": paper.pk}))
    assert own.status_code == 200
    assert f"This paper was withdrawn. {said}" in own.content.decode()
    assert BODY not in own.content.decode()


def test_withdrawal_needs_a_reason_and_the_leads_permission(lead_client, officer_client, paper):
    refused = _withdraw(lead_client, paper, reason="  ")
    assert refused.status_code == 200
    assert "Give the reason" in refused.content.decode()
    _withdraw(officer_client, paper)
    paper.refresh_from_db()
    assert paper.status == PaperStatus.PUBLISHED


def test_a_published_paper_is_read_only_and_never_deleted(officer_client, lead_client, paper):
    change = reverse("admin:panel_paper_change", args=[paper.pk])
    delete = reverse("admin:panel_paper_delete", args=[paper.pk])
    for client in (officer_client, lead_client):
        page = client.get(change).content.decode()
        assert 'name="title"' not in page
        assert client.post(delete, {"post": "yes"}).status_code == 403
    _withdraw(lead_client, paper)
    assert officer_client.post(delete, {"post": "yes"}).status_code == 403
    assert Paper.objects.filter(pk=paper.pk).exists()


def test_a_corrected_withdrawn_paper_is_a_draft_until_signed_off_again(
    officer, lead_client, paper, client
):
    _withdraw(lead_client, paper)
    paper.refresh_from_db()
    paper.title = "Police and Crime Plan Performance Monitoring Report (corrected)"
    services.paper_save(paper=paper, user=officer, reason="Corrected paragraph 4")

    paper.refresh_from_db()
    assert (paper.status, paper.entered_by) == (PaperStatus.DRAFT, officer)
    assert client.get(reverse("panel:paper", kwargs={"pk": paper.pk})).status_code == 404
