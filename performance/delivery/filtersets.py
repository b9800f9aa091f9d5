"""Filters of the delivery page: priority, latest status, type of commitment and text."""

import django_filters

from pcc_portal.lists import PortalFilterSet

from .models import STATUS_CHOICES, Commitment, CommitmentKind


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
