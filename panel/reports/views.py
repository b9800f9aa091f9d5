"""Download views of the PDF documents. A request never waits on a long render: it gets the
cached file, or a short wait and then a progress page that refreshes itself (a meta refresh:
no script) until the background render has finished."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pcc_portal.access import wants_drafts

from .documents import BadDocumentKey, DocumentRequest, request_pdf, retry


@require_GET
def document_pdf(request, kind: str, key: str):
    """The PDF of a document; OPCC staff adding ?drafts=1 get the DRAFT preview."""
    try:
        document = DocumentRequest.make(kind, key, preview=wants_drafts(request))
    except BadDocumentKey as error:
        return render(request, "reports/problem.html", {"message": str(error)}, status=404)
    if request.GET.get("retry") == "1":
        retry(document)
    outcome = request_pdf(document, request.user)
    if outcome.status == "ready":
        return _pdf_response(outcome.pdf, document)
    if outcome.status == "pending":
        return render(request, "reports/progress.html", {"document": document}, status=202)
    status = 404 if outcome.status == "not_found" else 503
    context = {"message": outcome.message, "document": document, "can_retry": status == 503}
    return render(request, "reports/problem.html", context, status=status)


def _pdf_response(pdf: bytes, document: DocumentRequest):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    # A preview holds unpublished material: never kept by a browser or proxy cache.
    response["Cache-Control"] = "private, no-store" if document.preview else "public, max-age=0"
    return response
