"""Fixtures of the PDF tests: the demo data and text read back (the private cache folder is
set for every test in tests/conftest.py)."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

DRAFT_MARK = "DRAFT — not for publication"


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page, with runs of white space made single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def pdf_text(pdf: bytes) -> str:
    return "\n".join(pdf_pages(pdf))
