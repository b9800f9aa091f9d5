from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from performance.models import Direction, Unit
from performance.selectors import OPEN_DATA_FIELDS, data_sources, plans_with_priorities


@require_GET
def home(request):
    return render(request, "home.html", {"plans": plans_with_priorities()})


@require_GET
def accessibility_statement(request):
    """The statement the Public Sector Bodies Accessibility Regulations 2018 require."""
    return render(
        request,
        "about/accessibility.html",
        {"contact_email": getattr(settings, "ACCESSIBILITY_CONTACT_EMAIL", "")},
    )


@never_cache
@require_GET
def healthz(request):
    """200 while the database answers, 503 when it does not (for the load balancer)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def about_data(request):
    """Where the performance figures come from, what they mean, how changes are computed, and
    the open data files."""
    return render(
        request,
        "about/data.html",
        {
            "sources": data_sources(),
            "units": Unit.choices,
            "directions": Direction.choices,
            "open_data_fields": OPEN_DATA_FIELDS,
        },
    )
