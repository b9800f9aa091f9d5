"""python manage.py render_pdf: the same documents from the command line."""

import pytest
from django.core.management import CommandError, call_command

from tests.reports.conftest import DRAFT_MARK, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


def written_text(tmp_path, *arguments) -> str:
    """The text of the PDF that render_pdf writes for `arguments`."""
    out = tmp_path / "written.pdf"
    call_command("render_pdf", *arguments, "--out", str(out))
    return pdf_text(out.read_bytes())


def test_render_pdf_performance_writes_the_public_report(demo, tmp_path):
    text = written_text(tmp_path, "performance", "--period-end", "2021-03-31")
    assert "119,515" in text
    assert "Decrease (16%, -22,859)" in text
    assert DRAFT_MARK not in text


def test_render_pdf_preview_as_staff_marks_every_page(demo, tmp_path, officer):
    out = tmp_path / "preview.pdf"
    call_command(
        "render_pdf",
        "performance",
        "--period-end=2021-03-31",
        f"--out={out}",
        f"--preview-as-staff={officer.username}",
    )
    assert all(DRAFT_MARK in page for page in pdf_pages(out.read_bytes()))


def test_render_pdf_refuses_a_preview_for_a_panel_member(demo, tmp_path, panel_member):
    with pytest.raises(CommandError, match="is not an OPCC staff user"):
        call_command(
            "render_pdf",
            "performance",
            "--period-end=2021-03-31",
            f"--out={tmp_path / 'x.pdf'}",
            f"--preview-as-staff={panel_member.username}",
        )


def test_render_pdf_annual_writes_appendix_b(demo, tmp_path):
    text = written_text(tmp_path, "annual", "--year", "2020/21")
    assert "Appendix B" in text
    assert "TACKLING CRIME & RE-OFFENDING" in text
    assert "Increase (11%, +2,149)" in text


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["performance"], "render_pdf performance needs --period-end."),
        (["performance", "--period-end=31/03/2021"], "is not a date; write it as YYYY-MM-DD"),
        (["annual", "--year=2020"], "is not a financial year; write it as 2020/21"),
        (["pack"], "render_pdf pack needs --meeting."),
    ],
)
def test_render_pdf_names_what_is_wrong_with_its_arguments(db, tmp_path, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("render_pdf", *arguments, f"--out={tmp_path / 'x.pdf'}")
