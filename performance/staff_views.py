"""Pages for OPCC staff only: the quarter's progress (outstanding data), the quarter's entry
grid and its live check, the lead's review, and a measure's change history.

Anonymous visitors are sent to sign in; signed-in users who are not OPCC staff get 403,
since both pages show unpublished figures.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.periods import Period, recent_quarters
from pcc_portal.access import is_opcc_staff, is_performance_lead

from .delivery.forms import ProgressEntryForm, quarter_commitments
from .forms import EntryCheckForm, QuarterEntryForm, QuarterPickerForm, StaffPickerForm
from .models import Measure, Plan, Priority
from .selectors import plans_with_priorities
from .services import (
    QualityNotAcknowledged,
    observation_return,
    observations_verify,
    quarter_entry_save,
    quarter_publish,
)
from .staff_selectors import (
    entry_check,
    force_area,
    measure_history,
    outstanding_data,
    plan_quarters,
    quarter_commentary_drafts,
    quarter_entry,
    quarter_progress,
    review_queue,
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


@require_GET
@staff_only
def outstanding(request):
    """The start of the quarter: what is due, entered, awaiting review and published, priority
    by priority, then the measures still without a value and the figures awaiting sign-off."""
    today = timezone.localdate()
    picker = QuarterPickerForm(request.GET, today=today)
    quarter = picker.chosen_quarter
    scope_form = _picker_form(request, whole_plan=True)
    plan, priorities = scope_form.plan_and_priorities
    quarters = plan_quarters(plan, today) if plan else recent_quarters(today)
    if quarter not in quarters:
        quarters = sorted([*quarters, quarter], reverse=True)
    area = force_area()
    progress = []
    if area is not None:
        progress = quarter_progress(priorities=priorities, quarter=quarter, area=area)
    return render(
        request,
        "performance/staff/outstanding.html",
        {
            "data": outstanding_data(quarter=quarter),
            "progress": progress,
            "plan": plan,
            "scope": scope_form.chosen_scope,
            "scope_choices": scope_form.fields["scope"].choices,
            "quarter_problem": picker.problem,
            "quarter_choices": [(p.quarter_code, p.label) for p in quarters],
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


# The quarter's grid, its live check, and the lead's review ---------------------------------


def _picker(request, *, whole_plan=False) -> tuple[Plan | None, list[Priority], Period, dict]:
    """The plan, priorities and quarter asked for, and the picker's part of the context."""
    form = _picker_form(request, whole_plan=whole_plan)
    plan, priorities = form.plan_and_priorities
    quarter = form.chosen_quarter
    context = {
        "plan": plan,
        "scope": form.chosen_scope,
        "scope_choices": form.fields["scope"].choices,
        "quarter": quarter,
        "quarter_code": quarter.quarter_code if quarter else "",
        "quarter_choices": form.fields["quarter"].choices,
        "quarter_problem": form.quarter_problem,
    }
    return plan, priorities, quarter, context


def _picker_form(request, *, whole_plan=False) -> StaffPickerForm:
    return StaffPickerForm(
        request.GET,
        plans=list(plans_with_priorities()),
        today=timezone.localdate(),
        whole_plan=whole_plan,
    )


@staff_only
def quarter_entry_page(request):
    """One priority's (or a plan's) figures for a quarter in one grid, with commentary."""
    plan, priorities, quarter, picker = _picker(request)
    area = force_area()
    sections = []
    if quarter and area:
        sections = quarter_entry(priorities=priorities, quarter=quarter, area=area)
    check_url = reverse("performance:staff_entry_check")
    posted = request.method == "POST"
    form = QuarterEntryForm(
        request.POST if posted else None, sections=sections, check_url=check_url
    )
    progress_form = None
    if quarter:
        entries = quarter_commitments(priorities=priorities, quarter=quarter, user=request.user)
        progress_form = ProgressEntryForm(
            request.POST if posted else None, entries=entries, quarter=quarter
        )
    # Both parts are checked before anything is saved, so nothing is half-saved.
    if posted and form.is_valid() and (progress_form is None or progress_form.is_valid()):
        figures, texts = form.changes(area=area)
        updates = progress_form.changes() if progress_form else []
        try:
            saved = quarter_entry_save(
                user=request.user, figures=figures, commentary=texts, progress=updates
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                f"Saved {len(figures)} figure{pluralize(len(figures))}, "
                f"{len(texts)} commentar{pluralize(len(texts), 'y,ies')} and "
                f"{len(updates)} progress update{pluralize(len(updates))} as drafts for "
                f"{quarter.label}: the performance lead will review them."
                if saved
                else "Nothing had changed, so nothing was saved.",
            )
            return HttpResponseRedirect(request.get_full_path())
    return render(
        request,
        "performance/staff/quarter_entry.html",
        {
            **picker,
            "form": form,
            "progress_form": progress_form,
            "area": area,
            "row_count": sum(len(s.rows) for s in sections),
        },
        status=400 if posted else 200,
    )


@require_GET
@staff_only
def entry_check_json(request):
    """The grid's live check of one typed value: comparison, target and warnings as JSON."""
    check = EntryCheckForm(request.GET)
    area = force_area()
    if not check.is_valid() or area is None:
        return JsonResponse({"error": "Unknown measure or period."}, status=400)
    measure, text = check.cleaned_data["measure"], check.cleaned_data["value"]
    result = entry_check(measure=measure, area=area, period=check.period, text=text)
    return JsonResponse(result.as_dict())


@staff_only
def review_page(request):
    """The lead's review of a quarter: verify, send back with a reason, publish."""
    plan, priorities, quarter, picker = _picker(request)
    sections = review_queue(priorities=priorities, quarter=quarter) if quarter else []
    if request.method == "POST" and quarter:
        if not is_performance_lead(request.user):
            raise PermissionDenied("Only the performance lead reviews figures.")
        _review_action(request, sections, priorities, quarter)
        return HttpResponseRedirect(request.get_full_path())
    verified = [row for section in sections for row in section.verified]
    texts = quarter_commentary_drafts(priorities=priorities, quarter=quarter) if quarter else []
    return render(
        request,
        "performance/staff/review.html",
        {
            **picker,
            "sections": sections,
            "awaiting_count": sum(len(s.awaiting) for s in sections),
            "verified_count": len(verified),
            "verified_warning_count": sum(len(row.warnings) for row in verified),
            "commentary_drafts": texts,
        },
    )


def _review_action(request, sections, priorities, quarter) -> None:
    awaiting = {row.observation.pk: row.observation for s in sections for row in s.awaiting}
    action = request.POST.get("action", "")
    try:
        if action in ("verify", "verify_all"):
            # Only figures shown on the page can be verified from it: the ticked ones, or
            # every one listed (each with its value, change and warnings in view).
            chosen = {_int_or_none(pk) for pk in request.POST.getlist("verify")}
            picked = [obs for pk, obs in awaiting.items() if action == "verify_all" or pk in chosen]
            picked = [obs for obs in picked if obs.entered_by_id != request.user.pk]
            if not picked:
                messages.error(request, "Tick the figures to verify first.")
                return
            result = observations_verify(observations=picked, user=request.user)
            _report(request, result, "verified")
        elif action.startswith("return-"):
            observation = awaiting.get(_int_or_none(action.removeprefix("return-")))
            if observation is None:
                messages.error(request, "That figure is no longer awaiting verification.")
                return
            reason = request.POST.get(f"reason-{observation.pk}", "")
            observation_return(observation=observation, user=request.user, reason=reason)
            messages.success(request, f"Sent back {observation} to its author.")
        elif action == "publish":
            verified = [row.observation for s in sections for row in s.verified]
            texts = quarter_commentary_drafts(priorities=priorities, quarter=quarter)
            result = quarter_publish(
                observations=verified,
                commentary=texts,
                user=request.user,
                acknowledge_warnings=request.POST.get("acknowledge") == "yes",
            )
            _report(request, result, "published")
            if texts:
                messages.success(request, f"Published the commentary on {len(texts)} priorities.")
    except QualityNotAcknowledged:
        messages.error(request, "Read the warnings and tick the acknowledgement to publish.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))


def _report(request, result, word: str) -> None:
    if result.done:
        messages.success(request, f"{word.capitalize()} {len(result.done)} figure(s).")
    for _, reason in result.refused[:20]:
        messages.warning(request, reason)


def _int_or_none(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None
