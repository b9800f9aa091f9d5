"""Protections every request passes through, whatever page it asks for.

- `RejectNulBytesMiddleware`: a NUL byte has no place in an address or a form, and PostgreSQL
  refuses it in any query; such a request is a 400, never a 500.
- `StaffNoStoreMiddleware`: what OPCC staff get (drafts, staff pages, draft exports, the
  admin) is never kept by a browser or proxy cache: `Cache-Control: private, no-store`.
- `StatementTimeoutMiddleware` with `limit_statements_of_web_requests`: in the web process
  (pcc_portal.wsgi) each PostgreSQL statement stops after WEB_STATEMENT_TIMEOUT_SECONDS, and
  a request that hits the limit gets a 503 page saying so. Management commands and workers
  do not import pcc_portal.wsgi, so long imports and renders are not cut short.
"""

import logging

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import OperationalError
from django.db.backends.signals import connection_created
from django.shortcuts import render

from .access import is_opcc_staff

logger = logging.getLogger(__name__)

NO_STORE = "private, no-store"


class NulByteInRequest(SuspiciousOperation):
    """Answered with the site's 400 page."""


def _has_nul(text: str) -> bool:
    return "\x00" in text


class RejectNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.path) or _has_nul(request.META.get("QUERY_STRING", "")):
            raise NulByteInRequest("A NUL byte in the address.")
        for key, values in request.GET.lists():
            if _has_nul(key) or any(_has_nul(value) for value in values):
                raise NulByteInRequest("A NUL byte in the address.")
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            for key, values in request.POST.lists():
                if _has_nul(key) or any(_has_nul(value) for value in values):
                    raise NulByteInRequest("A NUL byte in a form field.")
        return self.get_response(request)


class StaffNoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path.startswith("/admin/") or is_opcc_staff(user):
            response["Cache-Control"] = NO_STORE
        return response


def _timed_out(error: Exception) -> bool:
    return isinstance(error, OperationalError) and "statement timeout" in str(error)


class StatementTimeoutMiddleware:
    """A request whose query ran past the statement timeout gets a 503 page, not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not _timed_out(exception):
            return None
        logger.warning("statement timeout", extra={"path": request.path})
        response = render(request, "too_slow.html", status=503)
        response["Retry-After"] = "30"
        return response


def _set_statement_timeout(sender, connection, **kwargs) -> None:
    seconds = getattr(settings, "WEB_STATEMENT_TIMEOUT_SECONDS", 0)
    if connection.vendor == "postgresql" and seconds:
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = %s", [int(seconds * 1000)])


def limit_statements_of_web_requests() -> None:
    """Called by the web process only (pcc_portal.wsgi)."""
    connection_created.connect(_set_statement_timeout, dispatch_uid="pcc-web-statement-timeout")
