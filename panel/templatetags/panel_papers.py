"""{{ report.body|paper_text:2 }}: a typed report's text (body, executive summary,
recommendation) as the paper prints it. Officers type it in the Markdown composed papers use,
so "15. The plan…" is paragraph 15 of a numbered list and "### Legal" a heading; it goes
through the same renderer (raw HTML off, sanitised), so the meeting page and the Public
Document Pack print it alike."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from ..papers import markup

register = template.Library()


@register.filter
def paper_text(text: str, heading_level: int = 2) -> SafeString:
    """`heading_level` is the level of the heading the text sits under: its own headings print
    one level below it (h3 under the pack's h2 boxes, h4 under the meeting page's h3)."""
    html = markup.render(text or "", heading_level=int(heading_level))
    # A wide table scrolls in its own region on a phone instead of widening the page; the
    # wrapper and class are added after sanitising, so typed text cannot add them elsewhere.
    html = html.replace("<table>", '<div class="opcc-table-wrap"><table class="govuk-table">')
    html = html.replace("</table>", "</table></div>")
    return mark_safe(html)  # noqa: S308 - sanitised by markup.render (nh3)
