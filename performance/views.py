from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from pcc_portal.access import wants_drafts

from .models import Measure, Observation, Plan, Priority
from .selectors import comparisons_for, measures_for_priority


@require_GET
def plan_detail(request, plan):
    plan = get_object_or_404(Plan.objects.prefetch_related("priorities"), code=plan)
    return render(request, "performance/plan_detail.html", {"plan": plan})


@require_GET
def priority_detail(request, plan, priority):
    priority = get_object_or_404(
        Priority.objects.select_related("plan"), plan__code=plan, code=priority
    )
    return render(
        request,
        "performance/priority_detail.html",
        {"priority": priority, "measures": measures_for_priority(priority=priority)},
    )


@require_GET
def measure_detail(request, measure):
    measure = get_object_or_404(Measure, code=measure)
    show_drafts = wants_drafts(request)
    observations = list(
        Observation.objects.visible_to(request.user, show_drafts=show_drafts)
        .filter(measure=measure)
        .select_related("measure", "area")
        .order_by("area__position", "-period_end")
    )
    comparisons = comparisons_for(
        observations=observations, user=request.user, show_drafts=show_drafts
    )
    rows = [(obs, comparisons[obs.pk]) for obs in observations]
    return render(request, "performance/measure_detail.html", {"measure": measure, "rows": rows})
