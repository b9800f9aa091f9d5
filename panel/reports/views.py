"""Download views of the PDF documents. A request never renders: it gets the stored file, or
the job that a worker process is rendering it in (queued once, however many ask), shown on a
progress page that refreshes itself (a meta refresh: no script) until the file is ready."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pcc_portal.access import is_opcc_staff, wants_drafts

from .documents import BadDocumentKey, DocumentNotFound, DocumentRequest, request_pdf


@require_GET
def document_pdf(request, kind: str, key: str):
    """The PDF of a document; OPCC staff adding ?drafts=1 get the DRAFT preview."""
    try:
        document = DocumentRequest.make(kind, key, preview=wants_drafts(request))
        outcome = request_pdf(document, request.user, retry=request.GET.get("retry") == "1")
    except (BadDocumentKey, DocumentNotFound) as error:
        return render(request, "reports/problem.html", {"message": str(error)}, status=404)
    if outcome.status == "ready":
        return _pdf_response(outcome.pdf, document)
    context = {
        "document": document,
        "job": outcome.job,
        "show_error": is_opcc_staff(request.user),
    }
    if outcome.status == "failed":
        context.update(message=outcome.job.message, can_retry=is_opcc_staff(request.user))
        return render(request, "reports/problem.html", context, status=503)
    return render(request, "reports/progress.html", context, status=202)


def _pdf_response(pdf: bytes, document: DocumentRequest):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    # A preview holds unpublished material: never kept by a browser or proxy cache.
    response["Cache-Control"] = "private, no-store" if document.preview else "public, max-age=0"
    return response
