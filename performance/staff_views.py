"""Pages for OPCC staff only: outstanding data and a measure's change history.

Anonymous visitors are sent to sign in; signed-in users who are not OPCC staff get 403,
since both pages show unpublished figures.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from pcc_portal.access import is_opcc_staff

from .forms import QuarterPickerForm
from .models import Measure
from .staff_selectors import measure_history, outstanding_data

HISTORY_PAGE_SIZE = 100


def staff_only(view):
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not is_opcc_staff(request.user):
            raise PermissionDenied("This page is for OPCC staff.")
        return view(request, *args, **kwargs)

    return wrapped


@require_GET
@staff_only
def outstanding(request):
    picker = QuarterPickerForm(request.GET, today=timezone.localdate())
    quarter = picker.chosen_quarter
    return render(
        request,
        "performance/staff/outstanding.html",
        {
            "data": outstanding_data(quarter=quarter),
            "quarter_problem": picker.problem,
            "quarter_choices": picker.choices,
            "chosen_quarter": quarter.quarter_code,
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
