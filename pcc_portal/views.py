from django.conf import settings
from django.contrib.auth.views import LogoutView
from django.db import DatabaseError, connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

from .caching import shared_page
from .identity import site_identity


@require_GET
@shared_page
def accessibility_statement(request):
    """The statement the Public Sector Bodies Accessibility Regulations 2018 require."""
    return render(
        request,
        "about/accessibility.html",
        {"contact_email": getattr(settings, "ACCESSIBILITY_CONTACT_EMAIL", "")},
    )


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


@never_cache
@require_GET
def healthz(request):
    """200 while the database answers, 503 when it does not (for the load balancer)."""
    if not _database_answers():
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@never_cache
@require_GET
def service_status(request):
    """The same check as /healthz/, in words, for a person who follows the footer link."""
    healthy = _database_answers()
    return render(
        request,
        "about/status.html",
        {"healthy": healthy, "checked_at": timezone.localtime()},
        status=200 if healthy else 503,
    )


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them the portal's icon."""
    return redirect(static("favicon.svg"), permanent=True)


def sign_in_rules() -> dict[str, int]:
    """The lockout and session rules in force, for the sign-in and lockout pages."""
    return {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "idle_minutes": settings.SESSION_COOKIE_AGE // 60,
    }


def locked_out(request, original_response=None, credentials=None):
    """The page django-axes shows (AXES_LOCKOUT_CALLABLE) after too many failed sign-ins."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    context = {**sign_in_rules(), "username": username}
    return render(request, "registration/locked_out.html", context, status=429)


class SignOutView(LogoutView):
    """Sign out on POST (the button in the header); a GET shows a page with that button
    instead of Django's bare 405, e.g. for someone who typed /accounts/logout/."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return render(request, "registration/sign_out.html")


@requires_csrf_token
def server_error(request):
    """Django's own 500 page, rendered as it does without a request context (a broken database
    must not break the error page), plus the office's names that every page prints."""
    html = loader.get_template("500.html").render({"opcc": site_identity()})
    return HttpResponseServerError(html)
