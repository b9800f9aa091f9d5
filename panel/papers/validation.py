"""The admin's checks on a paper's sections: every figure reference and figures section must
name something that exists, with a message saying which and why (never a server error)."""

from . import figures, markup


def paper_context(paper, *, user=None, show_drafts: bool = True) -> figures.PaperContext:
    return figures.PaperContext(
        period=figures.period_of(paper.period_start, paper.period_end),
        meeting=paper.meeting if paper.item_id else None,
        user=user,
        show_drafts=show_drafts,
    )


def section_errors(section, context: figures.PaperContext | None = None) -> dict[str, list[str]]:
    """Field → messages for one section (empty when it can be drawn)."""
    from panel.models import SectionKind

    errors: dict[str, list[str]] = {}
    paper = section.paper if section.paper_id else None
    if context is None:
        context = (
            paper_context(paper)
            if paper is not None
            else figures.PaperContext(period=None, show_drafts=True)
        )
    if section.kind == SectionKind.NARRATIVE:
        if section.figure or section.subject:
            errors["figure"] = ["A narrative section has no figures: leave these empty."]
        found = markup.reference_errors(section.text, figures.resolver(context))
        if found:
            errors["text"] = found
        if not (section.heading or section.text.strip()):
            errors["text"] = ["Write the section’s text, or give it a heading."]
    else:
        message = figures.subject_error(context, section.figure, section.subject)
        if message:
            errors["figure" if section.figure not in figures.REGISTRY else "subject"] = [message]
        found = markup.reference_errors(section.text, figures.resolver(context))
        if found:
            errors["text"] = found
    return errors


def text_errors(text: str, context: figures.PaperContext) -> list[str]:
    return markup.reference_errors(text, figures.resolver(context))
