"""Fixtures of the PDF tests: the demo data, text read back and charts drawn (the private cache
folder is set for every test in tests/conftest.py)."""

import io

import pytest
from django.core.management import call_command
from matplotlib.backends.backend_agg import FigureCanvasAgg
from pypdf import PdfReader

from panel.reports import documents

DRAFT_MARK = "DRAFT — not for publication"


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


@pytest.fixture
def renders(monkeypatch):
    """The performance report's real renders, as (date, preview), made instant: for the tests
    of when a PDF is rendered, where what it says does not matter."""
    calls = []

    class Rendered:
        pdf = b"%PDF-1.7 fake"

    def fake_render(key, user, preview):
        calls.append((str(key), preview))
        return Rendered()

    kind = documents.KINDS["performance"]
    monkeypatch.setitem(
        documents.KINDS,
        "performance",
        documents.DocumentKind(**{**kind.__dict__, "render": fake_render}),
    )
    return calls


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page, with runs of white space made single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def pdf_text(pdf: bytes) -> str:
    return "\n".join(pdf_pages(pdf))


def drawn_chart(fig):
    """A PDF chart's figure drawn as the PDF draws it, so that what sits where can be measured:
    its renderer (for the boxes of lines and labels, in the figure's pixels) and its one axes."""
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    (ax,) = fig.axes
    return renderer, ax


def assert_in_order(text: str, parts: list[str]) -> None:
    """Each part is printed in the text, after the one before it."""
    positions = [text.index(part) for part in parts]
    assert positions == sorted(positions), parts


def paper_pages(pages: list[str], numbers) -> dict[str, tuple[int, int]]:
    """Each agenda item's pages in a pack, read from the print: "Agenda Item N" heads the
    first page of its paper (and no other page); the paper runs to the page before the next
    one's."""
    starts = {}
    for number in numbers:
        found = [n for n, page in enumerate(pages, 1) if f"Agenda Item {number}" in page]
        assert len(found) == 1, f"Agenda Item {number} is printed on pages {found}"
        starts[number] = found[0]
    ordered = sorted(starts.items(), key=lambda pair: pair[1])
    ends = [start - 1 for _, start in ordered[1:]] + [len(pages)]
    return {number: (start, end) for (number, start), end in zip(ordered, ends, strict=True)}
