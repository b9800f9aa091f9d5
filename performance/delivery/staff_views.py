"""The lead's review of a quarter's progress updates and measure assessments: verify what
someone else wrote, then publish what is verified. Beside the review of the quarter's figures,
with the same picker of plan, priority and quarter."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render

from pcc_portal.access import is_performance_lead

from ..staff_views import _picker, staff_only
from . import signoff
from .selectors import quarter_review

STEPS = {
    "verify-updates": ("updates_awaiting", signoff.verify, "verified", "progress update"),
    "publish-updates": ("updates_verified", signoff.publish, "published", "progress update"),
    "verify-assessments": ("assessments_awaiting", signoff.verify, "verified", "assessment"),
    "publish-assessments": ("assessments_verified", signoff.publish, "published", "assessment"),
}


@staff_only
def delivery_review_page(request):
    plan, priorities, quarter, picker = _picker(request)
    review = quarter_review(priorities=priorities, quarter=quarter) if quarter else None
    if request.method == "POST" and review is not None:
        if not is_performance_lead(request.user):
            raise PermissionDenied("Only the performance lead signs off progress and assessments.")
        _sign_off(request, review)
        return HttpResponseRedirect(request.get_full_path())
    return render(request, "performance/staff/delivery_review.html", {**picker, "review": review})


def _sign_off(request, review) -> None:
    action = request.POST.get("action", "")
    if action not in STEPS:
        messages.error(request, "Choose what to verify or publish.")
        return
    listed, step, done_word, noun = STEPS[action]
    # Only what the page showed can be signed off from it, and only what was ticked.
    ticked = set(request.POST.getlist("record"))
    chosen = [r for r in getattr(review, listed) if str(r.pk) in ticked]
    if not chosen:
        messages.error(request, f"Tick the {noun}s first.")
        return
    done, refused = signoff.bulk(step, records=chosen, user=request.user)
    if done:
        messages.success(request, f"{done_word.capitalize()} {len(done)} {noun}(s).")
    for _, reason in refused[:20]:
        messages.warning(request, reason)
