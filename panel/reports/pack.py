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
from dataclasses import dataclass, field
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

from .rendering import DRAFT_MARK, PdfInsert, RenderedPdf, html_to_pdf, pdf_page_count

TEMPLATE = "reports/pack.html"


@dataclass
class PdfPackItem:
    """One agenda item and its paper, if it has one.

    `body_html` must be HTML the portal produced itself (a template render), never text an
    officer typed: typed text goes in `body_text`, which is escaped.
    """

    number: str
    title: str
    paper_title: str = ""
    note: str = ""
    body_html: str = ""
    body_text: str = ""
    pdf_path: Path | None = None
    pdf_pages: int = 0

    @property
    def anchor(self) -> str:
        return f"item-{self.number}"

    @property
    def has_paper(self) -> bool:
        return bool(self.body_html or self.body_text or self.pdf_path)

    @property
    def body(self) -> SafeString:
        if self.body_html:
            return mark_safe(self.body_html)  # noqa: S308 - portal-rendered HTML, see docstring
        # linebreaks escapes the text itself (autoescape) and returns plain str.
        return mark_safe(linebreaks(self.body_text, autoescape=True))  # noqa: S308

    @property
    def placeholder_pages(self) -> range:
        return range(self.pdf_pages)


@dataclass
class PdfPack:
    committee: str
    starts_at: dt.datetime
    venue: str = ""
    items: list[PdfPackItem] = field(default_factory=list)
    published_on: dt.date | None = None
    webcast_url: str = ""

    @property
    def document_title(self) -> str:
        return f"Public Document Pack – {self.committee} – {self.starts_at:%-d %B %Y}"


@dataclass
class RenderedPack(RenderedPdf):
    # Agenda item number → (first page, last page) in the finished pack.
    item_pages: dict[str, tuple[int, int]] = field(default_factory=dict)


def render_pack(pack: PdfPack, *, draft: bool = False) -> RenderedPack:
    inserts = []
    for item in pack.items:
        if item.pdf_path:
            item.pdf_pages = pdf_page_count(item.pdf_path)
            inserts.append(PdfInsert(item.anchor, Path(item.pdf_path), item.pdf_pages))
    html = render_to_string(TEMPLATE, {"pack": pack, "draft": draft, "draft_mark": DRAFT_MARK})
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


class NoPack(Exception):
    """There is no meeting on that date, or its papers are not public yet."""


def render_meeting_pack(*, meeting_date: dt.date, user=None, preview: bool = False) -> RenderedPack:
    """The pack of the panel meeting on `meeting_date`, as `user` may see it.

    Reads the panel app's `meeting_pack_contents`; the visibility rules (drafts, restricted
    decisions, embargoed papers) are applied there, never here.
    """
    try:
        from panel.selectors import meeting_pack_contents  # noqa: F401
    except ImportError:
        raise NoPack("Meeting papers are not available in this version of the portal.") from None
    raise NoPack("Meeting papers are not available in this version of the portal.")
