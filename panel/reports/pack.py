"""The Public Document Pack of a panel meeting: the agenda with each item's page range, then
each item's paper in order (the previous minutes first among them), with running headers and
page numbers. Uploaded PDF papers are merged in at their place.

The page ranges on the agenda are computed by the layout, never typed: each paper starts at an
anchor (`item-<n>`) and ends at another (`item-<n>-end`), and the agenda prints
`target-counter()` of both, which WeasyPrint resolves once the pages are laid out (it lays out
again only the pages whose references changed). An uploaded PDF gets as many reserved pages as
it has pages, so its length counts in every range after it. `RenderedPack.item_pages` reads the
same anchors back from the finished layout, for the tests and for callers that want them.
"""

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.html import format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe

from pcc_portal.access import is_opcc_staff
from pcc_portal.audit import audit_log
from pcc_portal.identity import site_identity

from ..files import readable_pdf_pages
from .rendering import DRAFT_MARK, PdfInsert, RenderedPdf, html_to_pdf

TEMPLATE = "reports/pack.html"
logger = logging.getLogger(__name__)


@dataclass
class PdfPackItem:
    """One agenda item and its paper, if it has one: a body, uploaded PDFs, or both (the body
    first, then each PDF at its place).

    `body_html` must be HTML the portal produced itself (a template render), never text an
    officer typed: typed text goes in `body_text`, which is escaped.
    """

    number: str
    title: str
    paper_title: str = ""
    note: str = ""
    body_html: str = ""
    body_text: str = ""
    pdf_paths: list[Path] = field(default_factory=list)
    anchor: str = ""
    inserts: list[PdfInsert] = field(default_factory=list)

    @property
    def has_body(self) -> bool:
        return bool(self.body_html or self.body_text)

    @property
    def has_paper(self) -> bool:
        return self.has_body or bool(self.pdf_paths)

    @property
    def body(self) -> SafeString:
        if self.body_html:
            return mark_safe(self.body_html)  # noqa: S308 - portal-rendered HTML, see docstring
        # linebreaks escapes the text itself (autoescape) and returns plain str.
        return mark_safe(linebreaks(self.body_text, autoescape=True))  # noqa: S308


@dataclass
class PdfPack:
    committee: str
    starts_at: dt.datetime
    venue: str = ""
    items: list[PdfPackItem] = field(default_factory=list)
    published_on: dt.date | None = None
    webcast_url: str = ""
    time_known: bool = True

    @property
    def document_title(self) -> str:
        return f"Public Document Pack – {self.committee} – {self.starts_at:%-d %B %Y}"


@dataclass
class RenderedPack(RenderedPdf):
    # Agenda item number → (first page, last page) in the finished pack.
    item_pages: dict[str, tuple[int, int]] = field(default_factory=dict)


def render_pack(pack: PdfPack, *, draft: bool = False) -> RenderedPack:
    inserts = []
    for index, item in enumerate(pack.items, start=1):
        item.anchor = f"item-{index}"
        item.inserts = []
        for n, path in enumerate(item.pdf_paths, start=1):
            pages = readable_pdf_pages(str(path))
            if pages is None:
                _leave_out(item, Path(path))
                continue
            item.inserts.append(PdfInsert(f"{item.anchor}-pdf-{n}", Path(path), pages))
        inserts += item.inserts
    html = render_to_string(
        TEMPLATE, {"pack": pack, "draft": draft, "draft_mark": DRAFT_MARK, "opcc": site_identity()}
    )
    rendered = html_to_pdf(html, draft=draft, inserts=inserts)
    pages = {
        item.number: (
            rendered.anchor_pages[item.anchor],
            rendered.anchor_pages[f"{item.anchor}-end"],
        )
        for item in pack.items
        if item.has_paper
    }
    return RenderedPack(
        pdf=rendered.pdf,
        page_count=rendered.page_count,
        anchor_pages=rendered.anchor_pages,
        chart_count=html.count('class="chart-image"'),
        item_pages=pages,
    )


def _leave_out(item: PdfPackItem, path: Path) -> None:
    """A paper that cannot be read is left out with a line saying so, never the whole pack;
    the error log tells staff which file to upload again."""
    text = (
        f"A paper for this item ({path.name}) could not be included in this pack because the "
        "file could not be read. The Office of the Police and Crime Commissioner has been told."
    )
    if item.body_html:
        item.body_html += str(format_html('<p class="missing-paper">{}</p>', text))
    else:
        item.body_text = "\n\n".join(filter(None, [item.body_text, text]))
    audit_log("pack_paper_unreadable", item=item.number, file=path.name)
    logger.error("A paper of agenda item %s could not be read: %s", item.number, path.name)


class NoPack(Exception):
    """There is no meeting on that date, or its papers are not public yet."""


def render_meeting_pack(*, meeting_date: dt.date, user=None, preview: bool = False) -> RenderedPack:
    """The pack of the panel meeting on `meeting_date`, as `user` may see it.

    Everything comes from the panel app's `meeting_pack_contents` (and `meeting_record`),
    which apply the visibility rules: drafts, restricted decisions and withheld titles,
    embargoed papers. Nothing is filtered here.
    """
    from panel import selectors
    from panel.models import Body, Meeting

    meeting = Meeting.objects.filter(body=Body.PANEL, date=meeting_date).first()
    if meeting is None:
        raise NoPack(f"There is no Police and Crime Panel meeting on {meeting_date:%-d %B %Y}.")
    draft = preview and is_opcc_staff(user)
    contents = selectors.meeting_pack_contents(meeting=meeting, user=user, show_drafts=draft)
    if not contents.papers_visible:
        raise NoPack(_embargo_message(meeting))
    record = None
    if contents.previous_meeting is not None and contents.previous_minutes:
        record = selectors.meeting_record(meeting=contents.previous_meeting, user=user)
    questions = selectors.meeting_questions(meeting=meeting)
    return render_pack(
        pack_from_contents(contents, record, questions=questions, user=user, draft=draft),
        draft=draft,
    )


def _embargo_message(meeting) -> str:
    if meeting.agenda_published_on:
        return (
            f"The papers for the meeting on {meeting.date:%-d %B %Y} are published on "
            f"{meeting.agenda_published_on:%-d %B %Y}."
        )
    return f"The papers for the meeting on {meeting.date:%-d %B %Y} have not been published yet."


def pack_from_contents(
    contents, record=None, *, questions=(), user=None, draft: bool = False
) -> PdfPack:
    """The panel app's MeetingPack as the PDF's agenda items and papers (an item's composed
    paper, when it has one, is its pages, with its uploaded PDF after it), and the panel's
    published questions for the meeting with the Commissioner's answers as a last item."""
    from panel.papers.selectors import paper_body_html, paper_document

    meeting = contents.meeting
    items = []
    minutes_placed = False
    for entry in contents.items:
        item, report, paper = entry.item, entry.report, entry.paper
        pdfs = [Path(a.file.path) for a in entry.attachments if _is_pdf(a)]
        others = [a for a in entry.attachments if not _is_pdf(a)]
        parts = []
        if paper is not None:
            document = paper_document(paper=paper, user=user, show_drafts=draft)
            parts.append(paper_body_html(document))
            if paper.document and _is_pdf_file(paper.document):
                pdfs.insert(0, Path(paper.document.path))
        elif report is not None:
            parts.append(
                _render(
                    "reports/includes/pack_report.html",
                    meeting=meeting,
                    report=report,
                    other_files=others,
                )
            )
        title = item.title.lower()
        if not minutes_placed and title.startswith("minutes") and contents.previous_minutes:
            parts.insert(0, _minutes_html(contents, record))
            minutes_placed = True
        if "decision" in title and contents.decisions:
            parts.append(
                _render(
                    "reports/includes/pack_decisions.html",
                    decisions=contents.decisions,
                    meeting=meeting,
                    previous=contents.previous_meeting,
                )
            )
        items.append(
            PdfPackItem(
                number=item.label,
                title=item.title,
                paper_title=_paper_title(paper, report),
                note=_item_note(entry),
                body_html="".join(parts),
                pdf_paths=pdfs,
            )
        )
    if contents.previous_minutes and not minutes_placed:
        previous = contents.previous_meeting
        items.insert(
            0,
            PdfPackItem(
                number="",
                title=f"Minutes of the meeting held on {previous.date:%-d %B %Y}",
                body_html=_minutes_html(contents, record),
            ),
        )
    if questions:
        items.append(
            PdfPackItem(
                number="",
                title="Questions from panel members and the Commissioner's answers",
                body_html=_render("reports/includes/pack_questions.html", questions=questions),
            )
        )
    return PdfPack(
        committee=site_identity().panel_short,
        starts_at=dt.datetime.combine(meeting.date, meeting.time or dt.time(0, 0)),
        venue=meeting.venue,
        items=items,
        published_on=meeting.agenda_published_on,
        webcast_url=meeting.webcast_url,
        time_known=meeting.time is not None,
    )


# "(pages 3 - 7)" typed into an item's description: the pack prints the computed range.
TYPED_PAGES = re.compile(r"\s*\(pages? \d+\s*[-–]\s*\d+\)")


def _without_typed_pages(text: str) -> str:
    return TYPED_PAGES.sub("", text)


def _item_note(entry) -> str:
    """What the agenda says under an item with no paper: a withdrawn paper's when and why,
    or the item's own description."""
    if entry.paper is not None or entry.report is not None:
        return ""
    if entry.withdrawn_paper is not None:
        return f"{entry.withdrawn_paper.title}: {entry.withdrawn_paper.withdrawal_text}"
    return _without_typed_pages(entry.item.description)


def _paper_title(paper, report) -> str:
    if paper is not None:
        return paper.title
    return report.title if report is not None else ""


def _is_pdf(attachment) -> bool:
    return attachment.extension == "PDF" and _is_pdf_file(attachment.file)


def _is_pdf_file(file) -> bool:
    try:
        return file.name.lower().endswith(".pdf") and Path(file.path).is_file()
    except (ValueError, NotImplementedError):
        return False


def _minutes_html(contents, record) -> str:
    return _render(
        "reports/includes/pack_minutes.html",
        previous=contents.previous_meeting,
        entries=contents.previous_minutes,
        record=record,
    )


def _render(template: str, **context) -> str:
    return render_to_string(template, {**context, "opcc": site_identity()})
