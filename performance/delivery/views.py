"""Public delivery pages: a plan's commitments with their latest status, and one commitment's
history of updates. Both show only published updates, except to OPCC staff asking for drafts."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from pcc_portal.access import wants_drafts
from pcc_portal.caching import shared_page
from pcc_portal.lists import PortalListView

from ..models import Plan
from ..selectors import current_plan
from .filtersets import AssessmentFilterSet, CommitmentFilterSet
from .models import Commitment, MeasureAssessment
from .selectors import (
    by_priority,
    commitment_history,
    commitments_with_progress,
    delivery_summary,
    measure_assessments,
)
from .tables import AssessmentTable, CommitmentTable


class DeliveryView(PortalListView):
    """A plan's commitments, priority by priority, with counts by status; the export holds the
    same rows (every commitment of the plan that the filters keep: a plan's list is short, so
    the page is not split)."""

    model = Commitment
    filterset_class = CommitmentFilterSet
    table_class = CommitmentTable
    table_pagination = False
    template_name = "performance/delivery.html"

    def dispatch(self, request, *args, **kwargs):
        code = kwargs.get("plan")
        self.plan = get_object_or_404(Plan, code=code) if code else current_plan()
        if self.plan is None:
            raise Http404("No Police and Crime Plan has been entered yet.")
        return super().dispatch(request, *args, **kwargs)

    @property
    def export_name(self):
        # Named for the plan as readers know it ("Police and Crime Plan 2021-2025"), not its code.
        return f"commitments-{slugify(self.plan.title)}"

    def get_queryset(self):
        return commitments_with_progress(
            plan=self.plan, user=self.request.user, show_drafts=wants_drafts(self.request)
        )

    def get_table_kwargs(self):
        # A plan whose commitments have no lead officer yet shows (and exports) no empty column.
        has_leads = self.plan.priorities.filter(commitments__lead_officer__isnull=False).exists()
        return {} if has_leads else {"exclude": ("lead_officer",)}

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "plan": self.plan}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(context["table"].rows)
        sections = by_priority(row.record for row in rows)
        bound = {id(row.record): row for row in rows}
        context.update(
            plan=self.plan,
            other_plans=Plan.objects.exclude(pk=self.plan.pk),
            title=f"Delivering the {self.plan.title}",
            summary=delivery_summary(row.record for row in rows),
            sections=[
                (section, [bound[id(c)] for c in section.commitments]) for section in sections
            ],
            columns=[c for c in context["table"].columns if c.name != "priority"],
        )
        return context


@require_GET
@shared_page
def commitment_detail(request, pk):
    commitment = get_object_or_404(
        Commitment.objects.select_related("priority__plan", "lead_officer"), pk=pk
    )
    show_drafts = wants_drafts(request)
    updates = list(
        commitment_history(commitment=commitment, user=request.user, show_drafts=show_drafts)
    )
    current = [update for update in updates if not update.is_withdrawn]
    return render(
        request,
        "performance/commitment_detail.html",
        {"commitment": commitment, "updates": updates, "latest": current[0] if current else None},
    )


class AssessmentListView(PortalListView):
    """Every published grade the OPCC has given a measure, with its reason."""

    model = MeasureAssessment
    filterset_class = AssessmentFilterSet
    table_class = AssessmentTable
    export_name = "opcc-assessments"
    title = "The OPCC's assessment of the measures"
    intro = (
        "Each quarter the Office of the Police and Crime Commissioner grades measures of the "
        "plan and says why. The grades are its judgement, shown beside the figures' computed "
        "change and control chart on each measure's page."
    )
    template_name = "performance/list_page.html"

    def get_queryset(self):
        return measure_assessments(user=self.request.user, show_drafts=wants_drafts(self.request))
