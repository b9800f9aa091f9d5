"""Fixtures of the PDF tests: the demo data, a private cache folder, and text read back."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

DRAFT_MARK = "DRAFT — not for publication"


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


@pytest.fixture(autouse=True)
def report_settings(settings, tmp_path):
    """Each test its own cache folder; renders in the request unless a test asks otherwise."""
    settings.REPORT_CACHE_DIR = str(tmp_path / "pdf-cache")
    settings.REPORT_RENDER_IN_BACKGROUND = False
    return settings


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page, with runs of white space made single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def pdf_text(pdf: bytes) -> str:
    return "\n".join(pdf_pages(pdf))
