"""Filters of the delivery page (priority, latest status, type of commitment, text) and of the
assessments list (plan, grade, quarter, text)."""

import datetime as dt

import django_filters

from core.periods import Period
from pcc_portal.lists import PortalFilterSet
from performance.models import Plan

from .models import STATUS_CHOICES, AssessmentGrade, Commitment, CommitmentKind, MeasureAssessment


class CommitmentFilterSet(PortalFilterSet):
    search_fields = ("text", "priority__title")

    priority = django_filters.ModelChoiceFilter(
        queryset=None,
        field_name="priority",
        to_field_name="code",
        label="Priority",
        empty_label="Any priority",
    )
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES, label="Latest status", empty_label="Any status"
    )
    kind = django_filters.ChoiceFilter(
        choices=CommitmentKind.choices, label="Type", empty_label="Either type"
    )

    class Meta:
        model = Commitment
        fields = ("q", "priority", "status", "kind")

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        priorities = plan.priorities.order_by("position") if plan is not None else None
        self.filters["priority"].queryset = priorities
        self.form.fields["priority"].queryset = priorities


class AssessmentFilterSet(PortalFilterSet):
    search_fields = ("measure__name", "reason")

    plan = django_filters.ModelChoiceFilter(
        queryset=Plan.objects.all(),
        field_name="measure__priorities__plan",
        to_field_name="code",
        label="Plan",
        empty_label="Any plan",
        distinct=True,
    )
    grade = django_filters.ModelChoiceFilter(
        queryset=AssessmentGrade.objects.all(),
        to_field_name="code",
        label="Grade",
        empty_label="Any grade",
    )
    quarter = django_filters.ChoiceFilter(
        method="filter_quarter", label="Quarter", choices=(), empty_label="Any quarter"
    )

    class Meta:
        model = MeasureAssessment
        fields = ("q", "plan", "grade", "quarter")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only quarters with a published assessment, so a choice never reveals a draft.
        quarters = self.queryset.order_by("-period_end").values_list("period_start", "period_end")
        self.form.fields["quarter"].choices = [
            (end.isoformat(), Period(start, end).label) for start, end in dict.fromkeys(quarters)
        ]

    def filter_quarter(self, queryset, name, value):
        try:
            return queryset.filter(period_end=dt.date.fromisoformat(value))
        except ValueError:
            return queryset.none()
