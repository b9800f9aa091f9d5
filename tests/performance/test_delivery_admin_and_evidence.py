"""Entering progress in the admin (drafts only; the lead signs off from the list; nothing is
published through a form field) and the evidence a reader may follow."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from performance.delivery.selectors import commitment_history
from performance.models import AssessmentGrade, Evidence, ProgressUpdate, Status
from tests.funds.factories import GrantFactory
from tests.panel.factories import (
    AgendaItemFactory,
    DecisionFactory,
    MeetingFactory,
    days_from_today,
)
from tests.performance.delivery_factories import (
    CommitmentFactory,
    EvidenceFactory,
    ProgressUpdateFactory,
)
from tests.performance.periods import Q3_2021

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:performance_progressupdate_changelist")
ADD = reverse("admin:performance_progressupdate_add")


def form_data(commitment, **extra):
    return {
        "commitment": commitment.pk,
        "period_start": Q3_2021.start.isoformat(),
        "period_end": Q3_2021.end.isoformat(),
        "progress": "complete",
        "narrative": "Both front counters have reopened.",
        "evidence-TOTAL_FORMS": "0",
        "evidence-INITIAL_FORMS": "0",
        **extra,
    }


def test_an_officers_save_is_a_draft_whatever_the_form_says(officer_client, officer):
    commitment = CommitmentFactory()
    response = officer_client.post(
        ADD, form_data(commitment, status="published", published_by=officer.pk)
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert (update.status, update.entered_by, update.published_by) == (Status.DRAFT, officer, None)


def test_officer_is_not_offered_sign_off_and_the_lead_publishes_from_the_list(
    officer_client, lead_client, officer, lead
):
    update = ProgressUpdateFactory(status=Status.DRAFT, entered_by=officer)
    page = officer_client.get(CHANGELIST).content.decode()
    assert "publish_selected" not in page and "verify_selected" not in page
    officer_client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": [update.pk]})
    update.refresh_from_db()
    assert update.status == Status.DRAFT
    for action in ("verify_selected", "publish_selected"):
        lead_client.post(CHANGELIST, {"action": action, "_selected_action": [update.pk]})
    update.refresh_from_db()
    assert (update.status, update.verified_by, update.published_by) == (
        Status.PUBLISHED,
        lead,
        lead,
    )


def test_a_published_update_is_read_only_in_the_admin(officer_client, lead_client):
    update = ProgressUpdateFactory(narrative="As published.")
    change = reverse("admin:performance_progressupdate_change", args=[update.pk])
    for client in (officer_client, lead_client):
        client.post(change, form_data(update.commitment, narrative="Rewritten."))
        page = client.get(change).content.decode()
        assert 'name="narrative"' not in page
    update.refresh_from_db()
    assert update.narrative == "As published."


def test_changing_evidence_of_a_verified_update_sends_it_back_to_draft(officer_client, lead):
    update = ProgressUpdateFactory(status=Status.VERIFIED, verified_by=lead)
    change = reverse("admin:performance_progressupdate_change", args=[update.pk])
    decision = DecisionFactory(reference="17/2021", title="Community Safety Partnerships Funding")
    data = form_data(
        update.commitment,
        progress=update.progress,
        narrative=update.narrative,
        **{
            "evidence-TOTAL_FORMS": "1",
            "evidence-0-position": "1",
            "evidence-0-decision": decision.pk,
            "evidence-0-detail": "",
        },
    )
    assert officer_client.post(change, data).status_code == 302
    update.refresh_from_db()
    assert update.status == Status.DRAFT and update.verified_by is None
    assert update.evidence.get().citation == (
        "PCC decision 17/2021, Community Safety Partnerships Funding, 3 November 2021"
    )


def test_only_the_lead_sets_the_grades(officer_client, lead_client):
    url = reverse("admin:performance_assessmentgrade_add")
    data = {"code": "watch", "label": "Watch", "tone": "watch", "position": 4}
    assert officer_client.post(url, data).status_code == 403
    assert lead_client.post(url, data).status_code == 302
    assert AssessmentGrade.objects.filter(label="Watch").exists()


# Evidence ----------------------------------------------------------------------------------


def test_a_restricted_decision_cannot_be_evidence():
    evidence = Evidence(
        update=ProgressUpdateFactory(), decision=DecisionFactory(restricted=True), position=1
    )
    with pytest.raises(ValidationError, match="restricted decision cannot be published"):
        evidence.full_clean()


def test_evidence_names_one_thing():
    evidence = Evidence(update=ProgressUpdateFactory(), position=1)
    with pytest.raises(ValidationError, match="Choose one thing as evidence"):
        evidence.full_clean()


def test_a_paper_is_cited_as_a_reader_would_and_hidden_until_its_papers_are_public(
    public_client, officer
):
    update = ProgressUpdateFactory()
    held = AgendaItemFactory(
        meeting=MeetingFactory(date=dt.date(2021, 12, 6)), position=6, title="PCC Update Report"
    )
    embargoed = AgendaItemFactory(
        meeting=MeetingFactory(date=days_from_today(20), agenda_published_on=None),
        position=3,
        title="SENTINEL-EMBARGOED-PAPER",
    )
    unpublished_grant = GrantFactory(title="SENTINEL-UNPUBLISHED-GRANT", is_published=False)
    EvidenceFactory(update=update, measure=None, paper=held, detail="paragraph 6")
    EvidenceFactory(update=update, measure=None, paper=embargoed, position=2)
    EvidenceFactory(update=update, measure=None, grant=unpublished_grant, position=3)
    page = re.sub(r"\s+", " ", public_client.get(update.commitment.get_absolute_url()).text)
    assert (
        "Police and Crime Panel, 6 December 2021, Agenda Item 6: PCC Update Report, paragraph 6"
        in page
    )
    assert "SENTINEL-EMBARGOED-PAPER" not in page
    assert "SENTINEL-UNPUBLISHED-GRANT" not in page
    staff_view = commitment_history(commitment=update.commitment, user=officer)
    assert len(staff_view[0].evidence.all()) == 3
