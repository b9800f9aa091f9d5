"""Pages for OPCC staff only: outstanding data and a measure's change history.

Anonymous visitors are sent to sign in; signed-in users who are not OPCC staff get 403,
since both pages show unpublished figures.
"""

import datetime as dt
import re
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.periods import Period
from pcc_portal.access import is_opcc_staff

from .models import Measure
from .staff_selectors import (
    latest_complete_quarter,
    measure_history,
    outstanding_data,
    recent_quarters,
)

HISTORY_PAGE_SIZE = 100


def staff_only(view):
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not is_opcc_staff(request.user):
            raise PermissionDenied("This page is for OPCC staff.")
        return view(request, *args, **kwargs)

    return wrapped


def _quarter_choice(text: str, today: dt.date) -> tuple[Period, str]:
    """The quarter asked for as ?quarter=2020-Q4 (financial year 2020/21), or the latest."""
    latest = latest_complete_quarter(today)
    if not text:
        return latest, ""
    match = re.fullmatch(r"(\d{4})-Q([1-4])", text.strip())
    if not match or not 1990 <= int(match[1]) <= today.year:
        return latest, f"“{text}” is not a quarter such as 2020-Q4; showing {latest.label}."
    return Period.quarter(int(match[1]), int(match[2])), ""


def quarter_code(period: Period) -> str:
    number = (period.start.month - 4) % 12 // 3 + 1
    start_year = period.start.year if period.start.month >= 4 else period.start.year - 1
    return f"{start_year}-Q{number}"


@require_GET
@staff_only
def outstanding(request):
    today = timezone.localdate()
    quarter, problem = _quarter_choice(request.GET.get("quarter", ""), today)
    choices = [(quarter_code(p), p.label) for p in recent_quarters(today)]
    return render(
        request,
        "performance/staff/outstanding.html",
        {
            "data": outstanding_data(quarter=quarter),
            "quarter_problem": problem,
            "quarter_choices": choices,
            "chosen_quarter": quarter_code(quarter),
        },
    )


@require_GET
@staff_only
def measure_history_page(request, measure):
    measure = get_object_or_404(Measure, code=measure)
    page = Paginator(measure_history(measure=measure), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "performance/staff/measure_history.html", {"measure": measure, "page": page}
    )
