"""Narrative text of composed papers: Markdown with raw HTML off, sanitised, figure references
filled in, and numbered paragraphs that continue across the whole paper.

Officers write "1." before every numbered paragraph; the paper numbers them in order (as the
published papers run 1 … 44 across their headings), so moving a paragraph never leaves a gap. A
paragraph's number is the `start` of its list, which WeasyPrint and browsers both print, so
the web page and the PDF number alike.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape

import nh3
from markdown_it import MarkdownIt

# `{{ all-crime.change }}` or `{{ lvs-referrals@quarter.value }}`.
REFERENCE_RE = re.compile(
    r"\{\{\s*(?P<code>[a-z0-9][a-z0-9-]*)(?:@(?P<basis>[a-z]+))?\.(?P<attribute>[a-z_]+)\s*\}\}"
)
# Anything that looks like a reference but is not one: reported rather than printed as is.
LOOSE_REFERENCE_RE = re.compile(r"\{\{.*?\}\}", re.DOTALL)

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "sup",
    "sub",
    "a",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "h5",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "blockquote",
    "code",
}
ALLOWED_ATTRIBUTES = {"ol": {"start"}, "a": {"href"}, "th": {"style"}, "td": {"style"}}

_markdown = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")


class ReferenceError(ValueError):  # noqa: A001 - the paper's own kind of error
    """A figure reference that cannot be read or names nothing known."""


# (code, basis, attribute) -> the figure's wording; raises ReferenceError when unknown.
Resolver = Callable[[str, str, str], str]


@dataclass
class Numbering:
    """The paragraph counter shared by every narrative block of one paper."""

    last: int = 0
    # Each numbered paragraph's number and its first words, for "paragraph 18" citations.
    paragraphs: list[tuple[int, str]] = field(default_factory=list)


def references_in(text: str) -> list[tuple[str, str, str]]:
    return [
        (m["code"], m["basis"] or "", m["attribute"]) for m in REFERENCE_RE.finditer(text or "")
    ]


def reference_errors(text: str, resolve: Resolver) -> list[str]:
    """Every reference in `text` that cannot be filled in, each named with its reason."""
    errors = []
    text = text or ""
    for loose in LOOSE_REFERENCE_RE.finditer(text):
        if not REFERENCE_RE.fullmatch(loose.group(0)):
            errors.append(
                f"“{loose.group(0)}” is not a figure reference: write it as "
                "{{ measure-code.change }}."
            )
    for code, basis, attribute in references_in(text):
        try:
            resolve(code, basis, attribute)
        except ReferenceError as error:
            errors.append(str(error))
    return errors


def fill_references(text: str, resolve: Resolver) -> str:
    """The text with each reference replaced by its wording. A reference that cannot be filled
    (validation stops those being saved) prints as a visible gap rather than a wrong figure."""

    def replace(match: re.Match) -> str:
        try:
            return resolve(match["code"], match["basis"] or "", match["attribute"])
        except ReferenceError:
            return "[figure not available]"

    return REFERENCE_RE.sub(replace, text or "")


def render(
    text: str,
    *,
    resolve: Resolver | None = None,
    numbering: Numbering | None = None,
    heading_level: int = 2,
) -> str:
    """Sanitised HTML of one block of narrative. Headings inside the text sit below the
    section's own heading (`heading_level`); top-level numbered lists continue `numbering`."""
    if resolve is not None:
        text = fill_references(text, resolve)
    tokens = _markdown.parse(text or "")
    # The text's biggest heading sits one level below the section's own heading; a smaller
    # one ("Financial" under "Implications") stays one level below that.
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    top = min(levels, default=1)
    depth = 0  # nesting of ordered lists
    for index, token in enumerate(tokens):
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(heading_level + 1 + int(token.tag[1]) - top, 5)}"
        elif token.type == "ordered_list_open":
            depth += 1
            if depth == 1 and numbering is not None:
                token.attrSet("start", str(numbering.last + 1))
                numbering.last += _count_items(tokens, index, numbering)
        elif token.type == "ordered_list_close":
            depth -= 1
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        filter_style_properties={"text-align"},
    )
    # The print layout numbers a list from its counter, not from `start`: the list carries
    # both (added after sanitising, from a number the portal computed).
    return START_RE.sub(_with_counter, html)


START_RE = re.compile(r'<ol start="(\d+)">')


def _with_counter(match: re.Match) -> str:
    start = int(match.group(1))
    return f'<ol start="{start}" style="counter-reset: list-item {start - 1}">'


def _count_items(tokens, open_index: int, numbering: Numbering) -> int:
    """The items of the list opened at `open_index`, recording each one's opening words."""
    level = tokens[open_index].level
    count = 0
    for index in range(open_index + 1, len(tokens)):
        token = tokens[index]
        if token.type == "ordered_list_close" and token.level == level:
            break
        if token.type == "list_item_open" and token.level == level + 1:
            count += 1
            words = next(
                (t.content for t in tokens[index + 1 : index + 4] if t.type == "inline"), ""
            )
            numbering.paragraphs.append((numbering.last + count, words[:80]))
    return count


def plain(text: str) -> str:
    """Markdown text as one plain line (for excerpts and search); figures left out."""
    html = render(REFERENCE_RE.sub("…", text or ""))
    # Text, not HTML: the page escapes it once ("Police & Crime", never "Police &amp; Crime").
    return re.sub(r"\s+", " ", unescape(nh3.clean(html, tags=set()))).strip()
