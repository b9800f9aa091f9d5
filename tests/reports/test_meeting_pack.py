"""The Public Document Pack of a real meeting from the panel app's demo data (6 December
2021), and what the public version must never hold: withheld decision titles and restricted
content, draft minutes, embargoed papers."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from weasyprint import HTML

from panel import selectors
from panel.models import Attachment, Meeting, Minutes, MinutesStatus, Report
from panel.reports.pack import NoPack, pack_from_contents, render_meeting_pack
from tests.panel.factories import AgendaItemFactory, DecisionFactory, MeetingFactory, ReportFactory
from tests.reports.conftest import DRAFT_MARK, assert_in_order, paper_pages, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db
MEETING = dt.date(2021, 12, 6)


def _agenda_range(agenda: str, number: str, title: str) -> tuple[int, int]:
    """The page range printed after an item's title (a year such as 2021-25 is not one)."""
    found = re.search(rf"{number}\. {re.escape(title)}.*?\b(\d{{1,3}})\s*-\s*(\d{{1,3}})\b", agenda)
    return int(found[1]), int(found[2])


def printed_items(rendered) -> dict[str, str]:
    """Each agenda item's printed text in a rendered pack, by its number."""
    pages = pdf_pages(rendered.pdf)
    return {
        number: " ".join(pages[first - 1 : last])
        for number, (first, last) in rendered.item_pages.items()
    }


def test_pack_of_6_december_2021_has_its_agenda_with_computed_page_ranges(demo):
    rendered = render_meeting_pack(meeting_date=MEETING)
    pages = pdf_pages(rendered.pdf)
    assert "Public Document Pack" in pages[0]
    assert "Monday, 6th December, 2021" in pages[0]
    assert "Date published: Friday 26th November 2021" in pages[0]
    assert "(pages 3 - 7)" not in pages[0], "typed page numbers are replaced by computed ones"
    titles = dict(Meeting.objects.get(date=MEETING).items.values_list("number", "title")) or {}
    occupied = paper_pages(pages, rendered.item_pages)
    for number, (first, last) in rendered.item_pages.items():
        assert occupied[number] == (first, last), number
        title = titles.get(number) or _title_at(number)
        assert _agenda_range(pages[0], number, title) == (first, last), number
    assert set(rendered.item_pages) == {"2", "5", "6", "7", "8"}


def _title_at(number: str) -> str:
    from panel.models import AgendaItem

    return AgendaItem.objects.get(meeting__date=MEETING, position=int(number)).title


def test_pack_holds_the_previous_minutes_then_each_report_in_agenda_order(demo):
    pages = pdf_pages(render_meeting_pack(meeting_date=MEETING).pdf)
    text = "\n".join(pages[1:])  # the papers, after the agenda page
    order = [
        "Minutes of the Meeting held on Tuesday 12th October 2021",
        "RESOLVED – That the proposed arrangements for succession planning be approved.",
        "Draft Police & Crime Plan 2021-2025",
        "Police & Crime Commissioner's update",
        "Police & Crime Commissioner Decisions",
        "Annual Police (Fire) and Crime Panels Conference 2021",
    ]
    assert_in_order(text, order)
    assert "17/2021 Community Safety Partnerships Funding" in text


def test_previous_minutes_keep_their_sub_headings_and_print_bullets_as_a_list(demo):
    contents = selectors.meeting_pack_contents(meeting=Meeting.objects.get(date=MEETING), user=None)
    record = selectors.meeting_record(meeting=contents.previous_meeting, user=None)
    pack = pack_from_contents(contents, record)
    minutes = next(item for item in pack.items if item.number == "2")
    # Present, then the Chair and the Committee Members under their own sub-headings.
    assert re.search(
        r"<h2>Present</h2>\s*<h3>Chair</h3>\s*<p>Councillor Jackie Oakes, Rossendale",
        minutes.body_html,
    )
    assert "<h3>Committee Members</h3>" in minutes.body_html
    # The minute's bullets are a list, as on the meeting page (one renderer for both).
    assert "<li>101 Service – including visit to Force Control Room" in minutes.body_html
    printed = printed_items(render_meeting_pack(meeting_date=MEETING))["2"]
    assert "Present Chair Councillor Jackie Oakes" in printed
    assert "Committee Members Councillor Alistair Bradley" in printed
    assert "agreed for 2021/22 – 101 Service – including visit" in printed
    assert not re.search(r"- (101|Neighbourhood|\(i)", printed)


def test_typed_reports_print_as_their_papers_numbered_lists_and_headings(demo):
    items = printed_items(render_meeting_pack(meeting_date=MEETING))
    plan, decisions, conference = items["5"], items["7"], items["8"]
    assert "Background The Police and Crime Commissioner is required to issue" in plan
    assert "Implications Financial The plan considers current financial" in plan
    # The numbers are the lists' markers (separate runs in the PDF's text): 1-6, then 15-19.
    markers = {int(n) for n in re.findall(r"(?<![\d£.,])(\d{1,2})\.(?=\s)", plan)}
    assert markers >= {1, 2, 3, 4, 5, 6, 15, 16, 17, 18, 19}
    assert "1 Background 1.1. Under Section 28(6)" in decisions
    assert "The purpose of the report is to highlight decisions made by i) the Police" in decisions
    assert "Paper Date Contact Phil Llewellyn 01254 585369" in conference
    for paper in (plan, decisions, conference):
        assert not re.search(r"- (\d|i\))", paper) and "###" not in paper and "| ---" not in paper
    assert "The decisions are listed in the table of PCC decisions" not in decisions


@pytest.fixture
def restricted_decision(demo):
    return DecisionFactory(
        reference="25/2021",
        title="Sentinel withheld decision title",
        summary="Sentinel restricted summary",
        restricted=True,
        withhold_title=True,
        decided_on=dt.date(2021, 11, 20),
    )


def test_public_pack_shows_a_withheld_decision_only_as_restricted(restricted_decision):
    text = pdf_text(render_meeting_pack(meeting_date=MEETING).pdf)
    assert "25/2021 Restricted decision" in text
    assert "Sentinel withheld decision title" not in text
    assert "Sentinel restricted summary" not in text


def test_staff_preview_pack_shows_the_withheld_title_and_is_marked_draft(
    restricted_decision, officer
):
    pages = pdf_pages(render_meeting_pack(meeting_date=MEETING, user=officer, preview=True).pdf)
    assert "Sentinel withheld decision title" in "\n".join(pages)
    assert all(DRAFT_MARK in page for page in pages)


def test_draft_minutes_are_left_out_of_the_public_pack(demo, officer):
    minute = Minutes.objects.get(
        item__meeting__date="2021-10-12", item__title="Succession Planning"
    )
    minute.status = MinutesStatus.DRAFT
    minute.resolution = "Sentinel draft resolution"
    minute.save()
    assert "Sentinel draft resolution" not in pdf_text(
        render_meeting_pack(meeting_date=MEETING).pdf
    )
    preview = render_meeting_pack(meeting_date=MEETING, user=officer, preview=True)
    assert "Sentinel draft resolution" in pdf_text(preview.pdf)


@pytest.fixture
def embargoed_meeting(db):
    today = timezone.localdate()
    meeting = MeetingFactory(
        date=today + dt.timedelta(days=30),
        status="scheduled",
        agenda_published_on=today + dt.timedelta(days=20),
    )
    ReportFactory(
        item=AgendaItemFactory(meeting=meeting, title="Embargoed item"),
        title="Sentinel embargoed report",
    )
    return meeting


def test_embargoed_papers_are_refused_to_the_public_with_the_publication_date(
    embargoed_meeting, panel_member
):
    with pytest.raises(NoPack, match="are published on"):
        render_meeting_pack(meeting_date=embargoed_meeting.date, user=panel_member)
    with pytest.raises(NoPack):
        render_meeting_pack(meeting_date=embargoed_meeting.date, user=panel_member, preview=True)


def test_staff_preview_of_embargoed_papers_includes_them(embargoed_meeting, officer):
    rendered = render_meeting_pack(meeting_date=embargoed_meeting.date, user=officer, preview=True)
    assert "Sentinel embargoed report" in pdf_text(rendered.pdf)


def test_no_meeting_on_the_date_says_so(db):
    with pytest.raises(NoPack, match="There is no Police and Crime Panel meeting on 7 December"):
        render_meeting_pack(meeting_date=dt.date(2021, 12, 7))


def test_an_uploaded_pdf_report_is_merged_after_the_report_and_counted(demo, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    pages = "".join(f'<p style="break-after: page">Sentinel plan page {n}</p>' for n in range(1, 5))
    report = Report.objects.get(item__meeting__date=MEETING, item__title__startswith="Police and")
    Attachment.objects.create(
        report=report,
        title="Police and Crime Plan 2021-25",
        file=SimpleUploadedFile("plan.pdf", HTML(string=pages).write_pdf()),
        original_name="plan.pdf",
    )
    rendered = render_meeting_pack(meeting_date=MEETING)
    texts = pdf_pages(rendered.pdf)
    first, last = rendered.item_pages["5"]
    plan_pages = [n for n, page in enumerate(texts, 1) if "Sentinel plan page" in page]
    assert plan_pages == list(range(last - 3, last + 1))
    assert first < plan_pages[0]
    assert _agenda_range(texts[0], "5", "Police and Crime Plan 2021-25") == (first, last)
    assert _agenda_range(texts[0], "6", "PCC Update Report")[0] == last + 1
    assert Meeting.objects.get(date=MEETING).items.count() >= 10


def test_a_broken_paper_is_left_out_of_the_pack_with_a_line_saying_so(
    demo, settings, tmp_path, caplog
):
    """A file that passed an older upload check (or was damaged since) never breaks the pack."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    report = Report.objects.get(item__meeting__date=MEETING, item__title__startswith="Police and")
    Attachment.objects.create(
        report=report,
        title="Police and Crime Plan 2021-25",
        file=SimpleUploadedFile("plan.pdf", b"%PDF-1.7\n<html><body>not a pdf</body></html>"),
        original_name="plan.pdf",
    )
    with caplog.at_level("ERROR"):
        rendered = render_meeting_pack(meeting_date=MEETING)
    text = pdf_text(rendered.pdf)
    assert "could not be included in this pack because the file could not be read" in text
    assert "PCC Update Report" in text
    assert any("could not be read" in record.getMessage() for record in caplog.records)
