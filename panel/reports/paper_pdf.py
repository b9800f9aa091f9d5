"""A composed panel paper as a PDF: the fragment the web page shows, in the print layout."""

from pcc_portal.access import is_opcc_staff

from .rendering import RenderedPdf, render_template_pdf


class NoPaper(LookupError):
    """No such paper, not published, or nothing published for its period."""


def render_paper(*, pk: int, user=None, preview: bool = False) -> RenderedPdf:
    from panel.papers import selectors as papers

    draft = preview and is_opcc_staff(user)
    paper = papers.paper_for(pk=pk, user=user, show_drafts=draft)
    if paper is None or papers.has_nothing_to_report(paper):
        raise NoPaper("There is no such paper, or it has not been published.")
    document = papers.paper_document(paper=paper, user=user, show_drafts=draft)
    body = papers.paper_body_html(document)
    return render_template_pdf(
        "papers/paper_print.html", {"document": document, "body": body}, draft=draft
    )
