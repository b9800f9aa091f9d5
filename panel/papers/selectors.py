"""Reads of composed papers: which papers a reader may see, and one paper laid out as its
cover, sections and signature for the web page, the PDF and the Public Document Pack alike
(the three print the same HTML, so the same words and figures)."""

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from core.periods import Period
from panel.models import Paper, SectionKind
from performance import selectors as performance_selectors

from . import figures, markup
from .validation import paper_context


@dataclass
class SectionView:
    heading: str
    heading_level: int
    html: SafeString
    kind: str


@dataclass
class PaperDocument:
    paper: Paper
    period: Period | None
    plan: object | None
    executive_summary: SafeString
    recommendation: SafeString
    sections: list[SectionView] = field(default_factory=list)
    # Each numbered paragraph's number and opening words: "paragraph 18" in a citation.
    paragraphs: list[tuple[int, str]] = field(default_factory=list)
    is_draft: bool = False

    @property
    def meeting(self):
        return self.paper.meeting

    @property
    def meeting_line(self) -> str:
        """“Meeting to be held on 7 December 2020”, as the cover prints it."""
        meeting = self.meeting
        return f"Meeting to be held on {meeting.date:%-d %B %Y}" if meeting else ""

    @property
    def period_line(self) -> str:
        """“1 July – 30 September 2020”: the period covered, as the published papers write it."""
        if self.period is None:
            return ""
        start, end = self.period.start, self.period.end
        if start.year == end.year:
            return f"{start:%-d %B} – {end:%-d %B %Y}"
        return f"{start:%-d %B %Y} – {end:%-d %B %Y}"

    @property
    def contact_line(self) -> str:
        paper = self.paper
        parts = [paper.contact_name, paper.contact_phone, paper.contact_organisation]
        return ", ".join(part for part in parts if part)

    @property
    def document_title(self) -> str:
        meeting = self.meeting
        when = f" – {meeting.date:%-d %B %Y}" if meeting else ""
        return f"{self.paper.title}{when}"


def visible_papers(*, user, show_drafts: bool = False):
    return Paper.objects.visible_to(user, show_drafts=show_drafts).select_related("item__meeting")


def paper_for(*, pk: int, user, show_drafts: bool = False) -> Paper | None:
    return visible_papers(user=user, show_drafts=show_drafts).filter(pk=pk).first()


def withdrawn_paper_for(*, pk: int, user) -> Paper | None:
    """A paper readers saw and the lead withdrew: its address says when and why."""
    return (
        Paper.objects.withdrawn_visible_to(user)
        .select_related("item__meeting")
        .filter(pk=pk)
        .first()
    )


def reports_figures(paper: Paper) -> bool:
    """Whether the paper prints figures: a figures section or a figure reference."""
    sections = list(paper.sections.all())
    texts = [paper.executive_summary, paper.recommendation, *(s.text for s in sections)]
    return any(
        s.kind == SectionKind.FIGURES
        and getattr(figures.REGISTRY.get(s.figure), "draws_figures", True)
        for s in sections
    ) or any(markup.references_in(text) for text in texts)


def has_nothing_to_report(paper: Paper) -> bool:
    """A paper that prints figures for a period with none published at all: it would be an
    official-looking empty report, so it is not served."""
    period = figures.period_of(paper.period_start, paper.period_end)
    if period is None or not reports_figures(paper):
        return False
    return not performance_selectors.has_published_figures(period=period)


def paper_document(*, paper: Paper, user=None, show_drafts: bool = False) -> PaperDocument:
    """The paper laid out: narrative rendered with its figure references filled in and its
    paragraphs numbered across the whole paper, figures drawn for the paper's period."""
    context = paper_context(paper, user=user, show_drafts=show_drafts)
    resolve = figures.resolver(context)
    numbering = markup.Numbering()
    sections = []
    for section in paper.sections.order_by("position", "pk"):
        level = section.heading_level
        parts = []
        if section.text.strip():
            parts.append(
                markup.render(
                    section.text, resolve=resolve, numbering=numbering, heading_level=level
                )
            )
        if section.kind == SectionKind.FIGURES and section.figure in figures.REGISTRY:
            parts.append(_figure_html(context, section))
        sections.append(
            SectionView(
                heading=section.heading,
                heading_level=level,
                html=mark_safe("".join(parts)),  # noqa: S308 - sanitised Markdown, templates
                kind=section.kind,
            )
        )
    return PaperDocument(
        paper=paper,
        period=context.period,
        plan=context.plan,
        executive_summary=_safe(markup.render(paper.executive_summary, resolve=resolve)),
        recommendation=_safe(markup.render(paper.recommendation, resolve=resolve)),
        sections=sections,
        paragraphs=numbering.paragraphs,
        is_draft=not paper.is_published,
    )


def _figure_html(context: figures.PaperContext, section) -> str:
    block = figures.build(context, section.figure, section.subject)
    return render_to_string(block.template, {"block": block, "empty": block.empty, **block.context})


def _safe(html: str) -> SafeString:
    return mark_safe(html)  # noqa: S308 - markup.render sanitises its output


def paper_body_html(document: PaperDocument) -> str:
    """The paper as HTML for the PDF and the pack: the same fragment the web page shows."""
    return render_to_string("papers/includes/paper_body.html", {"document": document})
