"""HTML → PDF with WeasyPrint: one print stylesheet, running headers, "Page X of Y", the DRAFT
mark on staff previews, tagged output and uploaded PDFs merged in at their place.
"""

import io
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pydyf
from django.conf import settings
from django.template.loader import render_to_string
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from pcc_portal.identity import site_identity

logger = logging.getLogger(__name__)
# WeasyPrint logs every layout step at INFO; only its warnings and errors belong in our logs.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

PRINT_CSS = Path(settings.BASE_DIR) / "static" / "css" / "print.css"
DRAFT_MARK = "DRAFT — not for publication"
# PDF/UA-1 is WeasyPrint's tagged variant; pdf_tags must be passed too, because WeasyPrint
# only fills in the variant's defaults for options left as None and pdf_tags defaults to False.
TAGGED_OPTIONS = ({"pdf_variant": "pdf/ua-1", "pdf_tags": True}, {"pdf_tags": True})

_WATERMARK_SVG = (
    "<svg xmlns='http://www.w3.org/2000/svg' width='600' height='850' viewBox='0 0 600 850'>"
    "<text x='300' y='425' text-anchor='middle' font-family='Liberation Sans, sans-serif' "
    "font-size='44' font-weight='bold' fill='%23b10e1e' fill-opacity='0.13' "
    "transform='rotate(-50 300 425)'>DRAFT — not for publication</text></svg>"
)
# Added only to staff previews: the words in the page header (readable, and found by text
# extraction) and a faint diagonal watermark behind every page.
DRAFT_CSS = f"""
@page {{
  background: url("data:image/svg+xml;utf8,{_WATERMARK_SVG}") center / 100% no-repeat;
  @top-left {{ content: "{DRAFT_MARK}"; color: #b10e1e; font: bold 10pt "Liberation Sans"; }}
}}
"""


@dataclass
class PdfInsert:
    """An uploaded PDF, laid onto the placeholder pages the template reserved for it."""

    anchor: str
    path: Path
    page_count: int

    @property
    def placeholder_pages(self) -> range:
        return range(self.page_count)


@dataclass
class RenderedPdf:
    pdf: bytes
    page_count: int
    # The page (1-based) on which each anchor (element id) first appears in the layout.
    anchor_pages: dict[str, int] = field(default_factory=dict)
    chart_count: int = 0


@lru_cache(maxsize=4)
def _stylesheet(path: Path, mtime: float, draft: bool) -> tuple[CSS, ...]:
    # Parsed once per process and stylesheet version: parsing costs a noticeable part of a
    # small render.
    sheets = [CSS(filename=str(path), font_config=_font_config())]
    if draft:
        sheets.append(CSS(string=DRAFT_CSS, font_config=_font_config()))
    return tuple(sheets)


@lru_cache(maxsize=1)
def _font_config() -> FontConfiguration:
    return FontConfiguration()


def stylesheets(*, draft: bool) -> tuple[CSS, ...]:
    return _stylesheet(PRINT_CSS, PRINT_CSS.stat().st_mtime, draft)


def pdf_page_count(path: Path) -> int:
    return len(PdfReader(str(path)).pages)


def html_to_pdf(html: str, *, draft: bool, inserts: list[PdfInsert] = ()) -> RenderedPdf:
    """Lay out `html` once and write a tagged PDF, with any uploaded PDFs merged in."""
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(
        stylesheets=list(stylesheets(draft=draft)), font_config=_font_config(), pdf_tags=True
    )
    anchor_pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            anchor_pages.setdefault(anchor, number)
    finisher = InsertPages(inserts, anchor_pages) if inserts else None
    pdf = _write_tagged(document, finisher)
    return RenderedPdf(pdf=pdf, page_count=len(document.pages), anchor_pages=anchor_pages)


def _write_tagged(document, finisher) -> bytes:
    for options in TAGGED_OPTIONS:
        try:
            return document.write_pdf(finisher=finisher, **options)
        except Exception:  # noqa: BLE001 - fall back to the nearest tagged variant
            logger.exception("PDF variant %s failed; trying the next", options)
    return document.write_pdf(finisher=finisher)


def render_template_pdf(
    template: str, context: dict, *, draft: bool, inserts: list[PdfInsert] = ()
) -> RenderedPdf:
    html = render_to_string(
        template,
        {**context, "draft": draft, "draft_mark": DRAFT_MARK, "opcc": site_identity()},
    )
    rendered = html_to_pdf(html, draft=draft, inserts=inserts)
    rendered.chart_count = html.count('class="chart-image"')
    return rendered


# Margins of the content area on an A4 page, in points: keep in step with print.css @page.
CONTENT_MARGINS = {"top": 62, "bottom": 62, "left": 51, "right": 51}


class InsertPages:
    """WeasyPrint finisher: draws each uploaded PDF's pages beneath the placeholder pages the
    template reserved for them.

    Each uploaded page becomes a form XObject (its content stream copied as it is, never
    parsed) scaled into the area inside the page margins; the placeholder page keeps its
    running header, page number and any DRAFT mark on top. Working on WeasyPrint's own PDF
    objects before they are written avoids reading the finished document back in, which cost
    seconds with pypdf. Only the uploaded pages are untagged content.
    """

    def __init__(self, inserts: list[PdfInsert], anchor_pages: dict[str, int]):
        self.inserts = inserts
        self.anchor_pages = anchor_pages

    def __call__(self, document, pdf) -> None:
        kids = pdf.pages["Kids"][::3]
        pages = [pdf.objects[number] for number in kids]
        resources = pdf.objects[int(pages[0]["Resources"].split()[0])]
        for index, insert in enumerate(self.inserts):
            first = self.anchor_pages[insert.anchor] - 1
            reader = PdfReader(str(insert.path))
            copier = _Copier(pdf)
            for offset, source in enumerate(reader.pages[: insert.page_count]):
                name = f"PackInsert{index}p{offset}"
                resources["XObject"][name] = copier.form(source).reference
                page = pages[first + offset]
                placement = pydyf.Stream([b"q", _fit(source, page), f"/{name} Do".encode(), b"Q"])
                pdf.add_object(placement)
                page["Contents"] = pydyf.Array([placement.reference, page["Contents"]])


class _Copier:
    """Copies pypdf objects into a pydyf PDF, each indirect object once."""

    def __init__(self, pdf: pydyf.PDF):
        self.pdf = pdf
        self.done: dict[int, bytes] = {}

    def form(self, page) -> pydyf.Stream:
        contents = page.get_contents()
        box = page.mediabox
        form = pydyf.Stream(
            [contents.get_data() if contents is not None else b""],
            pydyf.Dictionary(
                {
                    "Type": "/XObject",
                    "Subtype": "/Form",
                    "BBox": pydyf.Array([float(v) for v in box]),
                    "Resources": self.copy(page.get("/Resources", DictionaryObject())),
                }
            ),
            compress=True,
        )
        self.pdf.add_object(form)
        return form

    def copy(self, obj):
        if isinstance(obj, IndirectObject):
            key = obj.idnum
            if key not in self.done:
                target = obj.get_object()
                # Reserve the number first: objects may refer to each other in a cycle.
                placeholder = pydyf.Dictionary()
                self.pdf.add_object(placeholder)
                self.done[key] = placeholder.reference
                self.pdf.objects[placeholder.number] = self._direct(target, placeholder.number)
            return self.done[key]
        return self._direct(obj, None)

    def _direct(self, obj, number):
        if isinstance(obj, StreamObject):
            extra = {k[1:]: self.copy(v) for k, v in obj.items() if k != "/Length"}
            result = pydyf.Stream([obj._data], pydyf.Dictionary(extra), compress=False)
        elif isinstance(obj, DictionaryObject):
            result = pydyf.Dictionary({k[1:]: self.copy(v) for k, v in obj.items()})
        elif isinstance(obj, ArrayObject):
            result = pydyf.Array([self.copy(v) for v in obj])
        else:
            # Names, numbers, strings, booleans, null: written exactly as pypdf writes them.
            out = io.BytesIO()
            obj.write_to_stream(out)
            value = out.getvalue()
            if number is None:
                return value
            result = _Raw(value)  # a bare value that was an indirect object
        if number is not None:
            result.number = number
        return result


class _Raw(pydyf.Object):
    def __init__(self, value: bytes):
        super().__init__()
        self.value = value

    @property
    def data(self) -> bytes:
        return self.value


def _fit(source, page) -> bytes:
    """The matrix that scales `source` into the content area of `page`, centred."""
    box = source.mediabox
    left, bottom, right, top = (float(v) for v in page["MediaBox"])
    width = right - left - CONTENT_MARGINS["left"] - CONTENT_MARGINS["right"]
    height = top - bottom - CONTENT_MARGINS["top"] - CONTENT_MARGINS["bottom"]
    scale = min(width / float(box.width), height / float(box.height), 1.0)
    x = left + CONTENT_MARGINS["left"] + (width - float(box.width) * scale) / 2
    y = bottom + CONTENT_MARGINS["bottom"] + (height - float(box.height) * scale) / 2
    x -= float(box.left) * scale
    y -= float(box.bottom) * scale
    return f"{scale:.5f} 0 0 {scale:.5f} {x:.3f} {y:.3f} cm".encode()
