"""The delivery figures sections of composed papers: the commitments with the status published
for the paper's period (not a later one), and the OPCC's assessment summary."""

import datetime as dt

import pytest

from panel.models import Paper, PaperSection, PaperStatus
from panel.papers.selectors import paper_body_html, paper_document
from panel.reports.paper_pdf import render_paper
from performance.models import Status
from tests.factories import MeasureFactory, PlanFactory, PriorityFactory
from tests.performance.delivery_factories import (
    CommitmentFactory,
    MeasureAssessmentFactory,
    ProgressUpdateFactory,
    grade,
)
from tests.performance.periods import Q3_2021, Q4_2021
from tests.reports.conftest import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def priority():
    plan = PlanFactory(code="pcp-2021", start=dt.date(2021, 4, 1), end=dt.date(2025, 3, 31))
    return PriorityFactory(plan=plan, code="asb", title="Getting tough on anti-social behaviour")


def paper_for(quarter, figure, subject=""):
    paper = Paper.objects.create(
        title="PCC Update Report",
        period_start=quarter.start,
        period_end=quarter.end,
        status=PaperStatus.PUBLISHED,
    )
    PaperSection.objects.create(
        paper=paper, position=1, kind="figures", figure=figure, subject=subject, text=""
    )
    return paper


def body(paper) -> str:
    return " ".join(paper_body_html(paper_document(paper=paper)).split())


def test_commitments_section_shows_the_status_published_for_the_papers_period(priority):
    counters = CommitmentFactory(priority=priority, text="Reopen the front counters.")
    CommitmentFactory(priority=priority, text="Launch a fund.")
    ProgressUpdateFactory(
        commitment=counters, quarter=Q3_2021, progress="in_progress", narrative="Leyland reopened."
    )
    ProgressUpdateFactory(
        commitment=counters, quarter=Q4_2021, progress="complete", narrative="Kirkham too."
    )
    ProgressUpdateFactory(
        commitment=counters,
        quarter=Q3_2021.previous_equivalent(),
        progress="challenging",
        status=Status.DRAFT,
        narrative="SECRET-DRAFT",
    )
    q3 = body(paper_for(Q3_2021, "commitments"))
    assert "Reopen the front counters." in q3 and "Leyland reopened." in q3
    assert "<td>In progress</td>" in q3 and "Kirkham too." not in q3
    assert "0 of 2 complete" in q3 and "SECRET-DRAFT" not in q3
    q4_paper = paper_for(Q4_2021, "commitments", "asb")
    q4 = body(q4_paper)
    assert "<td>Complete</td>" in q4 and "Kirkham too." in q4 and "1 of 2 complete" in q4
    assert "Kirkham too." in " ".join(pdf_text(render_paper(pk=q4_paper.pk).pdf).split())


def test_commitments_section_says_so_once_when_nothing_was_published_by_then(priority):
    CommitmentFactory(priority=priority, text="Launch a fund.")
    html = body(paper_for(Q3_2021, "commitments"))
    wording = "No progress on these commitments had been published by 31 December 2021"
    assert html.count(wording) == 1
    assert "<table" not in html


def test_assessment_summary_counts_grades_and_names_the_measures_of_concern(priority):
    burglary = MeasureFactory(name="Residential burglary")
    robbery = MeasureFactory(name="Personal robbery")
    for measure in (burglary, robbery):
        measure.priorities.add(priority)
    MeasureAssessmentFactory(
        measure=burglary, quarter=Q3_2021, grade=grade("of-concern"), reason="Rising again."
    )
    MeasureAssessmentFactory(measure=robbery, quarter=Q3_2021, grade=grade("content"))
    MeasureAssessmentFactory(
        measure=robbery, quarter=Q4_2021, grade=grade("of-concern"), reason="LATER-QUARTER"
    )
    html = body(paper_for(Q3_2021, "assessment-summary"))
    assert "Measures of concern" in html
    assert "Residential burglary" in html and "Rising again." in html
    assert "LATER-QUARTER" not in html
    assert '<th scope="row">Content' in html
