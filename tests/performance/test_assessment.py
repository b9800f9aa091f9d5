"""The OPCC's graded assessment of a measure: beside the computed comparison and control-chart
reading on the dashboard and the measure page, never instead of them; signed off like figures."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from performance.delivery import signoff
from performance.delivery.selectors import assessment_summary, assessments_for
from performance.models import MeasureAssessment, Status
from tests.factories import MeasureFactory, PlanFactory, PriorityFactory, UserFactory
from tests.performance.delivery_factories import MeasureAssessmentFactory, grade
from tests.performance.factories import force, observation
from tests.performance.periods import Q1_2022, Q3_2021, Q4_2021

pytestmark = pytest.mark.django_db


@pytest.fixture
def burglary():
    priority = PriorityFactory(plan=PlanFactory(code="pcp-2021"), code="burglary")
    measure = MeasureFactory(code="burglary", name="Residential burglary")
    measure.priorities.add(priority)
    observation(measure, force(), Q4_2021.previous_equivalent(), 1200)
    observation(measure, force(), Q4_2021, 1500)
    return measure


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def dashboard(client, period=Q4_2021):
    query = f"?period={period.start}..{period.end}"
    return text(client.get(reverse("performance:plan", kwargs={"plan": "pcp-2021"}) + query))


def test_dashboard_shows_the_published_grade_beside_the_computed_change(public_client, burglary):
    MeasureAssessmentFactory(
        measure=burglary,
        quarter=Q4_2021,
        grade=grade("of-concern"),
        reason="Burglary rose for a second quarter running.",
    )
    page = dashboard(public_client)
    change = page.index("Increase (25%, +300)")
    judged = page.index("OPCC assessment, Q4 2021/22:")
    assert change < judged  # beside the computed change, which is still there
    assert "Of concern" in page and "Burglary rose for a second quarter running." in page
    assert "Worse" in page  # the computed reading keeps its own words


def test_a_draft_or_verified_assessment_is_not_shown_to_the_public(
    public_client, officer, lead, burglary
):
    draft = signoff.submit(
        record=MeasureAssessment(
            measure=burglary,
            period_start=Q4_2021.start,
            period_end=Q4_2021.end,
            grade=grade("content"),
            reason="SECRET-DRAFT-REASON",
        ),
        user=officer,
    )
    measure_page = reverse("performance:measure", kwargs={"measure": "burglary"})
    for _ in ("draft", "verified"):
        assert "SECRET-DRAFT-REASON" not in dashboard(public_client)
        assert "SECRET-DRAFT-REASON" not in text(public_client.get(measure_page))
        if draft.status == Status.DRAFT:
            signoff.verify(record=draft, user=lead)
    signoff.publish(record=draft, user=lead)
    assert "SECRET-DRAFT-REASON" in dashboard(public_client)
    assert "SECRET-DRAFT-REASON" in text(public_client.get(measure_page))


def test_an_older_quarters_assessment_is_history_not_the_current_view(burglary):
    MeasureAssessmentFactory(measure=burglary, quarter=Q3_2021, reason="Q3 reason")
    assert assessments_for(measures=[burglary], as_of=Q3_2021.end)[burglary.pk].reason == (
        "Q3 reason"
    )
    assert burglary.pk not in assessments_for(measures=[burglary], as_of=Q4_2021.end)
    # A month inside the next quarter still reads the last quarter's judgement.
    assert burglary.pk in assessments_for(measures=[burglary], as_of=dt.date(2022, 1, 31))


def test_measure_page_lists_every_published_assessment_newest_first(public_client, burglary):
    MeasureAssessmentFactory(measure=burglary, quarter=Q3_2021, reason="Third quarter reason")
    MeasureAssessmentFactory(
        measure=burglary,
        quarter=Q4_2021,
        grade=grade("additional-scrutiny"),
        reason="Fourth quarter reason",
    )
    page = text(public_client.get(reverse("performance:measure", kwargs={"measure": "burglary"})))
    assert "The OPCC's assessment" in page
    assert page.index("Fourth quarter reason") < page.index("Third quarter reason")
    assert "Requires additional scrutiny" in page and "Content" in page


def test_assessment_summary_counts_by_grade_and_names_the_measures_of_concern(burglary):
    robbery = MeasureFactory(name="Personal robbery")
    asb = MeasureFactory(name="Anti-social behaviour")
    MeasureAssessmentFactory(measure=burglary, quarter=Q4_2021, grade=grade("of-concern"))
    MeasureAssessmentFactory(measure=robbery, quarter=Q4_2021, grade=grade("content"))
    MeasureAssessmentFactory(
        measure=asb, quarter=Q4_2021, grade=grade("of-concern"), status=Status.DRAFT
    )
    summary = assessment_summary(measures=[burglary, robbery, asb], as_of=Q4_2021.end)
    assert [(g.label, n) for g, n in summary.grades] == [
        ("Content", 1),
        ("Requires additional scrutiny", 0),
        ("Of concern", 1),
    ]
    assert summary.not_assessed == 1  # the draft does not count
    assert [a.measure.name for a in summary.of_concern] == ["Residential burglary"]


def test_an_assessment_is_graded_for_one_quarter(officer, burglary):
    record = MeasureAssessment(
        measure=burglary,
        period_start=dt.date(2021, 4, 1),
        period_end=dt.date(2022, 3, 31),
        grade=grade("content"),
        reason="A whole year.",
    )
    with pytest.raises(Exception, match="is not a quarter"):
        signoff.submit(record=record, user=officer)


def test_lead_cannot_publish_an_assessment_they_wrote(lead, burglary):
    own = signoff.submit(
        record=MeasureAssessmentFactory.build(measure=burglary, status=Status.DRAFT), user=lead
    )
    signoff.verify(record=own, user=UserFactory(username="lead-2", role="Performance lead"))
    with pytest.raises(signoff.WorkflowError, match="someone else must publish"):
        signoff.publish(record=own, user=lead)


def test_assessments_list_filters_and_exports_the_published_grades(public_client, burglary):
    robbery = MeasureFactory(name="Personal robbery")
    MeasureAssessmentFactory(
        measure=burglary, quarter=Q4_2021, grade=grade("of-concern"), reason="Rising."
    )
    MeasureAssessmentFactory(measure=robbery, quarter=Q4_2021, reason="Steady.")
    MeasureAssessmentFactory(measure=robbery, quarter=Q3_2021, reason="Earlier.")
    MeasureAssessmentFactory(
        measure=robbery, quarter=Q1_2022, status=Status.DRAFT, reason="SECRET-DRAFT"
    )
    url = reverse("performance:assessments")
    page = text(public_client.get(url, {"quarter": Q4_2021.end.isoformat()}))
    assert "Rising." in page and "Steady." in page and "Earlier." not in page
    assert "SECRET-DRAFT" not in page and "Q1 2022/23" not in page  # nor as a quarter choice
    export = public_client.get(url, {"grade": "of-concern", "_export": "csv"}).getvalue().decode()
    assert export.splitlines() == [
        "Measure,Quarter,Grade,Reason",
        "Residential burglary,Q4 2021/22,Of concern,Rising.",
    ]
