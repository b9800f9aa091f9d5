"""A typed report's texts (body, executive summary, recommendation) are Markdown, rendered by the
composed papers' renderer: numbered paragraphs keep their numbers, headings and tables are real
ones, and typed HTML is printed as text, never obeyed — on the meeting page and in the pack."""

import datetime as dt
import re

import pytest

from panel import selectors
from panel.reports.pack import pack_from_contents, render_meeting_pack
from tests.panel.factories import AgendaItemFactory, MeetingFactory, MinutesFactory, ReportFactory
from tests.reports.conftest import pdf_text

pytestmark = pytest.mark.django_db
MEETING = dt.date(2021, 3, 1)

BODY = """### Background

1. First numbered paragraph of the report.
2. Second numbered paragraph.

<script>alert("sentinel")</script>

Raw <b onclick="alert(1)">bold</b> and <img src=x onerror="alert(2)"> text.

[A link](javascript:alert(3))

#### Financial

15. Paragraph fifteen keeps its number.

1.1. A paragraph carrying its own number.

| Measure | In Year Performance |
| --- | ---: |
| All Crime | 119,515 |
"""


@pytest.fixture
def report(db):
    meeting = MeetingFactory(date=MEETING)
    return ReportFactory(
        item=AgendaItemFactory(meeting=meeting, title="PCC Update Report"),
        title="Sentinel typed report",
        executive_summary="The purpose is <script>alert('summary')</script> to update.",
        body=BODY,
    )


def _marks_no_markup_obeyed(html: str) -> None:
    """Typed tags are escaped into text: no script, handler, image or javascript: link."""
    assert '<script>alert("sentinel")' not in html
    assert "<script>alert('summary')" not in html
    assert "<b onclick" not in html and "<img" not in html
    assert 'href="javascript:' not in html
    assert '&lt;script&gt;alert("sentinel")&lt;/script&gt;' in html
    assert 'Raw &lt;b onclick="alert(1)"&gt;bold&lt;/b&gt; and &lt;img' in html


def test_meeting_page_prints_numbered_lists_headings_and_tables_and_no_typed_html(
    anon_client, report
):
    html = anon_client.get(report.item.meeting.get_absolute_url()).content.decode()
    _marks_no_markup_obeyed(html)
    # The meeting page's item heading is an h3: the report's own headings sit below it.
    assert "<h4>Background</h4>" in html and "<h5>Financial</h5>" in html
    assert "<li>First numbered paragraph of the report.</li>" in html
    assert re.search(r'<ol start="15"[^>]*>\s*<li>Paragraph fifteen keeps its number.</li>', html)
    assert "<p>1.1. A paragraph carrying its own number.</p>" in html
    assert '<td style="text-align:right">119,515</td>' in html
    assert "- 1" not in html


def test_pack_prints_the_same_lists_headings_and_table_and_no_typed_html(report):
    contents = selectors.meeting_pack_contents(meeting=report.item.meeting, user=None)
    item = next(i for i in pack_from_contents(contents).items if i.title == "PCC Update Report")
    _marks_no_markup_obeyed(item.body_html)
    assert "<h3>Background</h3>" in item.body_html and "<h4>Financial</h4>" in item.body_html
    assert '<ol start="15"' in item.body_html

    text = " ".join(pdf_text(render_meeting_pack(meeting_date=MEETING).pdf).split())
    # Typed HTML prints as the characters typed.
    assert 'Raw <b onclick="alert(1)">bold</b> and' in text
    assert "Paragraph fifteen keeps its number." in text
    # The list numbers are drawn by the list (the PDF's text gives them as separate runs).
    assert re.search(r"(?<![\d.])15\.(?=\s)", text)
    assert "1.1. A paragraph carrying its own number." in text
    assert "All Crime 119,515" in text
    assert "- 1" not in text
    assert "### " not in text and "| ---" not in text


def test_search_quotes_the_reports_words_not_its_markup(anon_client, report):
    report.executive_summary = "Police & Crime Plan headlines."
    report.save()
    html = anon_client.get("/search/?q=Measure").content.decode()
    assert "In Year Performance All Crime 119,515" in html
    assert "| ---" not in html and "### Background" not in html
    html = anon_client.get("/search/?q=headlines").content.decode()
    assert "Police &amp; Crime Plan" in html and "&amp;amp;" not in html


def test_search_quotes_the_minutes_words_not_their_markup(anon_client, report):
    MinutesFactory(
        item=report.item,
        text="The Chair listed the groups:\n\n- 101 Service sentinel group\n- Neighbourhood",
    )
    html = anon_client.get("/search/?q=sentinel").content.decode()
    assert "listed the groups: 101 Service <mark>sentinel</mark> group" in html
    assert "- 101 Service" not in html
