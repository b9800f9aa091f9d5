"""The Public Document Pack: agenda page ranges computed from the layout, uploaded PDF papers
merged in at their place, running headers, page numbers and the DRAFT mark."""

import datetime as dt
import re

import pytest
from weasyprint import HTML

from panel.reports.pack import PdfPack, PdfPackItem, render_pack
from tests.reports.conftest import DRAFT_MARK, paper_pages, pdf_pages

UPLOADED_PAGES = 3


@pytest.fixture
def uploaded_pdf(tmp_path):
    """A three-page PDF as an officer might upload it, each page saying which it is."""
    path = tmp_path / "police-and-crime-plan.pdf"
    pages = "".join(
        f'<p style="break-after: page">Uploaded plan page {n} of {UPLOADED_PAGES}</p>'
        for n in range(1, UPLOADED_PAGES + 1)
    )
    HTML(string=f"<html><body>{pages}</body></html>").write_pdf(path)
    return path


def _pack(uploaded_pdf) -> PdfPack:
    long_minutes = "\n\n".join(["The Chair welcomed everyone to the meeting. " * 40] * 12)
    return PdfPack(
        committee="Police & Crime Panel for Lancashire",
        starts_at=dt.datetime(2021, 12, 6, 18, 0),
        venue="Blackburn Town Hall, Meeting Room A",
        published_on=dt.date(2021, 11, 26),
        items=[
            PdfPackItem("1", "Welcome and Apologies"),
            PdfPackItem(
                "2",
                "Minutes of the Meeting held on 12th October 2021",
                paper_title="Police and Crime Panel for Lancashire Minutes Oct 2021",
                body_text="RESOLVED – That the report be noted.\n\n" + long_minutes,
            ),
            PdfPackItem("3", "Declarations of Interest"),
            PdfPackItem("5", "Police and Crime Plan 2021-25", pdf_paths=[uploaded_pdf]),
            PdfPackItem("6", "PCC Update Report", body_text="<b>Not bold</b> update."),
            PdfPackItem("7", "PCC Decisions", body_text="17/2021 Community Safety Partnerships"),
            PdfPackItem("10", "Monitoring of Complaints", note="Verbal update from the Secretary"),
        ],
    )


def _pages_with(pages: list[str], text: str) -> list[int]:
    return [number for number, page in enumerate(pages, start=1) if text in page]


def test_agenda_page_ranges_are_the_pages_each_paper_occupies(uploaded_pdf):
    rendered = render_pack(_pack(uploaded_pdf))
    pages = pdf_pages(rendered.pdf)
    agenda = pages[0]
    occupied = paper_pages(pages, ("2", "5", "6", "7"))
    for number in ("2", "5", "6", "7"):
        # "Agenda Item N" heads the first page of its paper, once.
        first, last = occupied[number]
        assert rendered.item_pages[number] == (first, last)
        title = re.escape(next(i.title for i in _pack(uploaded_pdf).items if i.number == number))
        printed = re.search(rf"{number}\. {title}.*?\b(\d{{1,3}})\s*-\s*(\d{{1,3}})\b", agenda)
        assert printed, f"no page range for item {number} on the agenda"
        assert (int(printed[1]), int(printed[2])) == (first, last)
    assert rendered.item_pages["2"][1] > rendered.item_pages["2"][0], "minutes span pages"


def test_uploaded_pdf_pages_sit_at_their_place_and_count_in_the_ranges(uploaded_pdf):
    rendered = render_pack(_pack(uploaded_pdf))
    pages = pdf_pages(rendered.pdf)
    first, last = rendered.item_pages["5"]
    assert last - first + 1 == UPLOADED_PAGES
    for n in range(1, UPLOADED_PAGES + 1):
        assert _pages_with(pages, f"Uploaded plan page {n} of {UPLOADED_PAGES}") == [first + n - 1]
    assert rendered.item_pages["6"][0] == last + 1


def test_every_page_is_numbered_out_of_the_total(uploaded_pdf):
    rendered = render_pack(_pack(uploaded_pdf))
    pages = pdf_pages(rendered.pdf)
    assert len(pages) == rendered.page_count
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page


def test_items_without_a_paper_have_no_page_range(uploaded_pdf):
    rendered = render_pack(_pack(uploaded_pdf))
    agenda = pdf_pages(rendered.pdf)[0]
    assert re.search(r"1\. Welcome and Apologies\s+2\.", agenda)
    assert "Verbal update from the Secretary" in agenda
    assert set(rendered.item_pages) == {"2", "5", "6", "7"}


def test_typed_paper_text_is_printed_as_text_not_markup(uploaded_pdf):
    pages = pdf_pages(render_pack(_pack(uploaded_pdf)).pdf)
    assert "<b>Not bold</b> update." in "\n".join(pages)


def test_staff_preview_pack_says_draft_on_every_page_including_uploaded_ones(uploaded_pdf):
    pages = pdf_pages(render_pack(_pack(uploaded_pdf), draft=True).pdf)
    assert all(DRAFT_MARK in page for page in pages)


def test_public_pack_has_no_draft_mark(uploaded_pdf):
    pages = pdf_pages(render_pack(_pack(uploaded_pdf)).pdf)
    assert not any(DRAFT_MARK in page for page in pages)
