"""A published progress update or assessment is never deleted: the lead withdraws it with a
reason, and the commitment's or measure's page says so where it used to be."""

import csv
import datetime as dt
import io
import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from performance.delivery import signoff
from performance.models import ProgressUpdate, Status
from tests.factories import MeasureFactory
from tests.performance.delivery_factories import (
    CommitmentFactory,
    MeasureAssessmentFactory,
    ProgressUpdateFactory,
    grade,
)
from tests.performance.periods import Q3_2021, Q4_2021

pytestmark = pytest.mark.django_db
ADMIN = "/admin/performance/progressupdate/"


@pytest.fixture
def updates():
    commitment = CommitmentFactory(text="Reopen the front counters.")
    earlier = ProgressUpdateFactory(
        commitment=commitment,
        quarter=Q3_2021,
        progress="challenging",
        narrative="Leyland reopened.",
    )
    latest = ProgressUpdateFactory(
        commitment=commitment,
        quarter=Q4_2021,
        progress="complete",
        narrative="Every counter reopened.",
    )
    return commitment, earlier, latest


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_withdrawn_update_says_when_and_why_where_it_was(updates, lead, anon_client):
    commitment, earlier, latest = updates
    signoff.withdraw(record=latest, user=lead, reason="Two counters were still closed.")
    latest.refresh_from_db()
    assert latest.status == Status.WITHDRAWN and latest.withdrawn_by == lead
    page = _text(anon_client.get(commitment.get_absolute_url()))
    today = timezone.localdate()
    assert f"Withdrawn on {today:%-d %B %Y}: Two counters were still closed." in page
    assert "Every counter reopened." not in page
    # The quarter before is still the commitment's latest status.
    assert "Leyland reopened." in page
    assert f"Latest status Challenging Reported for {Q3_2021.label}" in page


def test_only_whoever_may_publish_withdraws_and_only_with_a_reason(updates, officer, lead):
    _, earlier, latest = updates
    with pytest.raises(PermissionDenied):
        signoff.withdraw(record=latest, user=officer, reason="Wrong figures.")
    with pytest.raises(signoff.WorkflowError):
        signoff.withdraw(record=latest, user=lead, reason="  ")
    draft = ProgressUpdateFactory(status=Status.DRAFT)
    with pytest.raises(signoff.WorkflowError):
        signoff.withdraw(record=draft, user=lead, reason="Not published.")
    assert ProgressUpdate.objects.get(pk=latest.pk).status == Status.PUBLISHED


def test_the_lead_withdraws_from_the_admin_list_and_nobody_deletes(
    updates, lead_client, officer_client
):
    commitment, _, latest = updates
    post = {"action": "withdraw_selected", ACTION_CHECKBOX_NAME: [latest.pk]}
    officer_page = officer_client.post(ADMIN, post, follow=True)
    assert ProgressUpdate.objects.get(pk=latest.pk).status == Status.PUBLISHED
    assert "Withdraw published records" not in officer_page.content.decode()
    asked = lead_client.post(ADMIN, post)
    assert "Withdraw published records" in asked.content.decode()
    lead_client.post(
        ADMIN, {**post, "confirm": "yes", "withdrawal_reason": "Counted twice."}, follow=True
    )
    latest.refresh_from_db()
    assert latest.status == Status.WITHDRAWN and latest.withdrawal_reason == "Counted twice."
    assert latest.withdrawn_at.date() >= dt.date(2021, 1, 1)
    # A withdrawn update stays: it cannot be deleted or changed in the admin.
    assert lead_client.post(f"{ADMIN}{latest.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ProgressUpdate.objects.filter(pk=latest.pk).exists()


def test_a_withdrawn_assessment_says_when_and_why_on_the_measure_page_and_the_list(
    lead, anon_client
):
    measure = MeasureFactory(code="asb", name="ASB incidents")
    kept = MeasureAssessmentFactory(measure=measure, quarter=Q3_2021, reason="Falling steadily.")
    withdrawn = MeasureAssessmentFactory(
        measure=measure, quarter=Q4_2021, reason="Rising for a year.", grade=grade("of-concern")
    )
    signoff.withdraw(record=withdrawn, user=lead, reason="Graded on unverified figures.")
    said = f"Withdrawn on {timezone.localdate():%-d %B %Y}: Graded on unverified figures."
    page = _text(anon_client.get(measure.get_absolute_url()))
    assert said in page and "Falling steadily." in page
    assert "Rising for a year." not in page
    rows = list(
        csv.reader(
            io.StringIO(
                anon_client.get("/performance/assessments/?_export=csv").getvalue().decode()
            )
        )
    )
    assert rows[1:] == [
        ["ASB incidents", Q4_2021.label, "Withdrawn", said],
        ["ASB incidents", Q3_2021.label, kept.grade.label, "Falling steadily."],
    ]
