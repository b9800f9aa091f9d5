"""The Performance Monitoring Report for the year to March 2021, rendered from the demo data
and read back: the seed figures, the computed comparison texts, the appendix tables, what the
public may not see, and the accessibility of the file."""

import datetime as dt
import io
import logging
from decimal import Decimal

import pytest
from pypdf import PdfReader

from panel.reports.performance_report import build_performance_report, render_performance_report
from performance.models import Area, Commentary, Measure, Observation, Priority, Status
from performance.selectors import comparisons_for
from tests.reports.conftest import DRAFT_MARK, assert_in_order, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db
YEAR_END = dt.date(2021, 3, 31)
DRAFT_SENTINEL = "Sentinel draft measure 424242"
DRAFT_COMMENTARY = "Sentinel draft commentary not for the public"


@pytest.fixture
def drafts(demo):
    """A draft figure on a new measure and a draft commentary, both under a 2016 priority."""
    priority = Priority.objects.get(plan__code="PCP-2016", code="tackling-crime-and-re-offending")
    measure = Measure.objects.create(code="sentinel", name=DRAFT_SENTINEL, unit="count")
    measure.priorities.add(priority)
    Observation.objects.create(
        measure=measure,
        area=Area.objects.get(code="LANC"),
        period_start=dt.date(2020, 4, 1),
        period_end=YEAR_END,
        value=Decimal("424242"),
        status=Status.DRAFT,
    )
    Commentary.objects.create(
        priority=priority,
        period_start=dt.date(2020, 4, 1),
        period_end=YEAR_END,
        text=DRAFT_COMMENTARY,
        status="draft",
    )


def test_public_report_prints_the_seed_figures_and_computed_comparisons(demo):
    text = pdf_text(render_performance_report(period_end=YEAR_END).pdf)
    for expected in (
        "119,515",
        "142,374",
        "Decrease (16%, -22,859)",
        "Increase (69%, +39,360)",
        "Decrease (0.5%, -12)",
        "+6.5 pp",
        "-0.1 min",
        "£108.7m (38.6%)",
        "£103.7m (38.7%)",
    ):
        assert expected in text, expected
    assert "Police & Crime Plan Performance Monitoring Report" in text
    assert "The Panel is asked to consider the report." in text


def test_appendix_has_the_scrutiny_report_summary_tables_in_order(demo):
    pages = pdf_pages(render_performance_report(period_end=YEAR_END).pdf)
    appendix = "\n".join(page for page in pages if "Appendix: summary tables" in page)
    headings = [
        "PROTECTING LOCAL POLICING",
        "TACKLING CRIME & RE-OFFENDING",
        "SUPPORTING VULNERABLE PEOPLE & VICTIMS",
        "DEVELOPING CONFIDENT COMMUNITIES",
    ]
    assert_in_order(appendix, headings)
    for expected in (
        "Previous 12 Month Period April 19 – March '20",
        "In Year Performance Versus Previous 12 Month Period",
        "In Year Performance April 20 – March '21",
        "Measure taken from the recorded crime dashboard unless stated with *",
        "Missing person incidents *Responding dashboard",
        # Confidence has only last year's figure, as in the seed: "74.3% - N/A".
        "74.3% – N/A",
    ):
        assert expected in appendix, expected


def test_every_change_in_the_report_is_the_one_comparisons_for_gives(demo):
    report = build_performance_report(period_end=YEAR_END)
    current = Observation.objects.select_related("measure").filter(
        area__code="LANC", period_start=dt.date(2020, 4, 1), period_end=YEAR_END
    )
    expected = {
        obs.measure.code: c.text for obs, c in zip(current, _comparisons(current), strict=True)
    }
    rows = [row for table in report.summary_tables for row in table.rows]
    rows += [row for section in report.sections for row in section.rows]
    checked = [row for row in rows if row.comparison and row.comparison.has_previous]
    assert len(checked) > 20
    for row in checked:
        assert row.change_text == expected[row.measure.code]


def _comparisons(observations):
    found = comparisons_for(observations=observations)
    return [found[obs.pk] for obs in observations]


def test_draft_figures_and_commentary_are_absent_from_the_public_report(drafts, officer):
    text = pdf_text(render_performance_report(period_end=YEAR_END, user=officer).pdf)
    assert DRAFT_SENTINEL not in text
    assert "424,242" not in text
    assert DRAFT_COMMENTARY not in text
    assert DRAFT_MARK not in text


def test_staff_preview_shows_drafts_and_marks_every_page_draft(drafts, officer):
    rendered = render_performance_report(period_end=YEAR_END, user=officer, preview=True)
    pages = pdf_pages(rendered.pdf)
    assert all(DRAFT_MARK in page for page in pages)
    text = "\n".join(pages)
    assert DRAFT_SENTINEL in text
    assert "424,242" in text
    assert DRAFT_COMMENTARY in text


def test_panel_member_asking_for_a_preview_gets_the_public_report(drafts, panel_member):
    text = pdf_text(
        render_performance_report(period_end=YEAR_END, user=panel_member, preview=True).pdf
    )
    assert DRAFT_SENTINEL not in text
    assert DRAFT_MARK not in text


def test_report_is_a_tagged_pdf_with_title_and_language(demo, caplog):
    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        rendered = render_performance_report(period_end=YEAR_END)
    reader = PdfReader(io.BytesIO(rendered.pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title.startswith("Police & Crime Plan Performance Monitoring Report")
    # WeasyPrint logs an error for every image without a text alternative.
    assert not [r for r in caplog.records if "alt description" in r.getMessage()]
    assert rendered.chart_count >= 6


def test_chart_text_alternatives_state_the_figures_shown(demo):
    report = build_performance_report(period_end=YEAR_END)
    alts = " ".join(chart.alt for section in report.sections for chart in section.charts)
    assert "All crime: Decrease (16%, -22,859)" in alts
    assert "999 calls - service level (answered within 10 seconds)" in alts
    assert "Apr 20 – Mar 21 83.8%" in alts


def test_report_for_a_date_before_any_plan_says_so(db):
    from panel.reports.performance_report import NoPlan

    with pytest.raises(NoPlan, match="No Police and Crime Plan had started by 31 March 2010"):
        build_performance_report(period_end=dt.date(2010, 3, 31))
