"""The lead's review of a quarter's progress updates and assessments: verify a colleague's,
publish the verified, from one page; nobody else signs anything off there."""

import datetime as dt

import pytest
from django.urls import reverse

from performance.models import Status
from tests.factories import MeasureFactory, PlanFactory, PriorityFactory, UserFactory
from tests.performance.delivery_factories import (
    CommitmentFactory,
    MeasureAssessmentFactory,
    ProgressUpdateFactory,
)
from tests.performance.periods import Q3_2021

pytestmark = pytest.mark.django_db
PAGE = reverse("performance:staff_delivery_review") + "?scope=pcp-2021&quarter=2021-Q3"


@pytest.fixture
def quarter_to_review(officer):
    plan = PlanFactory(code="pcp-2021", start=dt.date(2021, 4, 1), end=dt.date(2025, 3, 31))
    priority = PriorityFactory(plan=plan, code="asb", title="Anti-social behaviour")
    measure = MeasureFactory(name="ASB incidents")
    measure.priorities.add(priority)
    draft = ProgressUpdateFactory(
        commitment=CommitmentFactory(priority=priority, text="Reopen counters."),
        quarter=Q3_2021,
        status=Status.DRAFT,
        entered_by=officer,
        narrative="Leyland reopened.",
    )
    assessment = MeasureAssessmentFactory(
        measure=measure, quarter=Q3_2021, status=Status.DRAFT, entered_by=officer
    )
    return draft, assessment


def test_lead_verifies_then_publishes_the_quarters_updates_and_assessments(
    lead_client, lead, quarter_to_review
):
    update, assessment = quarter_to_review
    page = lead_client.get(PAGE).content.decode()
    assert "Leyland reopened." in page and "ASB incidents" in page
    for action in ("verify-updates", "publish-updates"):
        lead_client.post(PAGE, {"action": action, "record": [update.pk]})
    for action in ("verify-assessments", "publish-assessments"):
        lead_client.post(PAGE, {"action": action, "record": [assessment.pk]})
    update.refresh_from_db()
    assessment.refresh_from_db()
    assert (update.status, update.verified_by, update.published_by) == (
        Status.PUBLISHED,
        lead,
        lead,
    )
    assert assessment.status == Status.PUBLISHED
    assert "No progress update or assessment of this quarter awaits sign-off." in (
        lead_client.get(PAGE).content.decode()
    )


def test_an_officer_sees_the_queue_but_cannot_sign_off(officer_client, quarter_to_review):
    update, _ = quarter_to_review
    assert "Leyland reopened." in officer_client.get(PAGE).content.decode()
    response = officer_client.post(PAGE, {"action": "verify-updates", "record": [update.pk]})
    assert response.status_code == 403
    update.refresh_from_db()
    assert update.status == Status.DRAFT


def test_the_lead_cannot_verify_their_own_update(lead_client, lead, quarter_to_review):
    update, _ = quarter_to_review
    update.entered_by = lead
    update.save()
    response = lead_client.post(
        PAGE, {"action": "verify-updates", "record": [update.pk]}, follow=True
    )
    assert "so someone else must verify it" in response.content.decode()
    update.refresh_from_db()
    assert update.status == Status.DRAFT
    second = UserFactory(username="lead-2", role="Performance lead")
    assert second.has_perm("performance.verify_progressupdate")
