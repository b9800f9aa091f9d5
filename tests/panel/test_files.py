"""Uploaded papers: only real PDF/DOCX/XLSX/CSV files, served only to those who may see them."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from panel.files import MAX_UPLOAD_BYTES, validate_paper_file
from panel.models import Attachment, DecisionDocument

from .factories import (
    AgendaItemFactory,
    DecisionFactory,
    MeetingFactory,
    ReportFactory,
    days_from_today,
)

pytestmark = pytest.mark.django_db


def one_page_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF = one_page_pdf()


def ooxml(main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name,content",
    [
        ("report.pdf", PDF),
        ("report.docx", ooxml("word/document.xml")),
        ("figures.xlsx", ooxml("xl/workbook.xml")),
        ("figures.csv", "Measure,Value\nAll crime,119515\nRéf,1\n".encode()),
    ],
)
def test_accepted_paper_types_pass(name, content):
    validate_paper_file(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("page.html", b"<html></html>", "is not a PDF, Word (.docx), Excel (.xlsx) or CSV file"),
        ("tool.exe", b"MZ\x90\x00", "is not a PDF"),
        ("fake.pdf", b"<script>alert(1)</script>", "does not contain what a .pdf file should"),
        (
            "html-inside.pdf",
            b"%PDF-1.7\n<html><body><script>alert(1)</script></body></html>",
            "does not contain what a .pdf file should",
        ),
        ("no-pages.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "should"),
        ("fake.docx", ooxml("xl/workbook.xml"), "does not contain what a .docx file should"),
        ("fake.xlsx", b"PK\x03\x04 not really a zip", "does not contain what a .xlsx file should"),
        ("fake.csv", b"<html><body>hi</body></html>", "does not contain what a .csv file should"),
        ("binary.csv", b"a,b\x00c", "does not contain what a .csv file should"),
        ("empty.pdf", b"", "is empty"),
    ],
)
def test_wrong_or_disguised_files_are_refused_with_a_clear_message(name, content, message):
    with pytest.raises(ValidationError) as error:
        validate_paper_file(SimpleUploadedFile(name, content))
    assert message in error.value.messages[0]
    assert name in error.value.messages[0]


def test_files_over_the_size_limit_are_refused():
    big = SimpleUploadedFile("big.pdf", PDF)
    big.size = MAX_UPLOAD_BYTES + 1
    with pytest.raises(ValidationError, match="a paper can be at most 20 MB"):
        validate_paper_file(big)


def attach(report, name="Appendix A.pdf", content=PDF) -> Attachment:
    attachment = Attachment(
        report=report, title="Appendix A", file=SimpleUploadedFile(name, content)
    )
    attachment.full_clean()
    attachment.save()
    return attachment


def test_upload_is_stored_under_a_random_name_and_keeps_the_original_name(media_root):
    attachment = attach(ReportFactory())
    assert attachment.original_name == "Appendix A.pdf"
    assert attachment.file.name.startswith("panel/papers/")
    assert "Appendix" not in attachment.file.name
    assert (media_root / attachment.file.name).exists()


def download(client, url):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response, body


def test_published_attachment_downloads_safely_for_everyone(anon_client, panel_client, media_root):
    attachment = attach(ReportFactory())
    for client in (anon_client, panel_client):
        response, body = download(client, attachment.get_absolute_url())
        assert response.status_code == 200
        assert body == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert 'filename="Appendix_A.pdf"' in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"


def test_embargoed_attachment_is_404_for_public_and_panel_but_served_to_officers(
    public_client, officer_client, media_root
):
    meeting = MeetingFactory(
        date=days_from_today(20), status="scheduled", agenda_published_on=days_from_today(5)
    )
    attachment = attach(ReportFactory(item=AgendaItemFactory(meeting=meeting)))
    response, body = download(public_client, attachment.get_absolute_url())
    assert response.status_code == 404
    assert body == b""
    response, body = download(officer_client, attachment.get_absolute_url())
    assert response.status_code == 200
    assert body == PDF


def test_csv_paper_is_served_as_csv_attachment(anon_client, media_root):
    attachment = attach(ReportFactory(), name="figures.csv", content=b"Measure,Value\n")
    response, body = download(anon_client, attachment.get_absolute_url())
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert body == b"Measure,Value\n"


def test_restricted_decision_documents_are_served_to_officers_only(
    public_client, officer_client, media_root
):
    restricted = DecisionFactory(reference="20/2021", restricted=True)
    document = DecisionDocument(
        decision=restricted, title="Decision notice", file=SimpleUploadedFile("notice.pdf", PDF)
    )
    document.full_clean()
    document.save()
    assert download(public_client, document.get_absolute_url())[0].status_code == 404
    html = public_client.get(restricted.get_absolute_url()).content.decode()
    assert document.get_absolute_url() not in html
    response, body = download(officer_client, document.get_absolute_url())
    assert response.status_code == 200 and body == PDF
    assert (
        document.get_absolute_url()
        in officer_client.get(restricted.get_absolute_url()).content.decode()
    )


def test_public_decision_document_is_listed_and_downloadable(anon_client, media_root):
    decision = DecisionFactory(reference="23/2021")
    document = DecisionDocument(
        decision=decision, title="Decision notice", file=SimpleUploadedFile("notice.pdf", PDF)
    )
    document.full_clean()
    document.save()
    html = anon_client.get(decision.get_absolute_url()).content.decode()
    assert "Decision notice" in html
    assert download(anon_client, document.get_absolute_url())[1] == PDF


def test_missing_file_is_404_not_500(anon_client, media_root):
    attachment = attach(ReportFactory())
    (media_root / attachment.file.name).unlink()
    assert anon_client.get(attachment.get_absolute_url()).status_code == 404
