"""{% document_jobs kind key as jobs %}: for OPCC staff, the background jobs of a document's
current version (public file and staff preview), shown beside its download button."""

from django import template

from pcc_portal.access import is_opcc_staff

from ..reports.documents import BadDocumentKey, DocumentRequest, job_for

register = template.Library()


@register.simple_tag(takes_context=True)
def document_jobs(context, kind: str, key: str) -> list:
    request = context.get("request")
    if request is None or not is_opcc_staff(request.user):
        return []
    jobs = []
    for preview in (False, True):
        try:
            job = job_for(DocumentRequest.make(kind, key, preview=preview))
        except BadDocumentKey:
            return []
        if job is not None:
            jobs.append(job)
    return jobs
