"""Filters of the meetings list and the decisions log."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from pcc_portal.lists import PortalFilterSet
from performance.models import Priority

from .models import Body, Decision, DecisionMaker, DecisionScope, Meeting, MeetingStatus
from .selectors import decision_years, meeting_years

WHEN_CHOICES = [("upcoming", "Upcoming"), ("past", "Past")]


class MeetingFilterSet(PortalFilterSet):
    search_fields = ("venue", "note", "items__title")

    body = django_filters.ChoiceFilter(choices=Body.choices, label="Meeting", empty_label="All")
    year = django_filters.ChoiceFilter(
        field_name="date__year",
        choices=lambda: [(y, str(y)) for y in meeting_years()],
        label="Year",
        empty_label="All years",
    )
    when = django_filters.ChoiceFilter(
        choices=WHEN_CHOICES, method="filter_when", label="Upcoming or past", empty_label="All"
    )
    status = django_filters.ChoiceFilter(choices=MeetingStatus.choices, empty_label="Any")

    class Meta:
        model = Meeting
        fields = ["q", "body", "year", "when", "status"]

    def search(self, queryset, name, value):
        # Item titles are papers: only meetings whose agenda the reader may see match on them.
        value = value.strip()
        if not value:
            return queryset
        visible_items = Q(items__title__icontains=value) & Q(
            pk__in=Meeting.objects.with_papers_visible_to(
                self.request.user if self.request else None
            )
        )
        return queryset.filter(
            Q(venue__icontains=value) | Q(note__icontains=value) | visible_items
        ).distinct()

    def filter_when(self, queryset, name, value):
        today = timezone.localdate()
        if value == "upcoming":
            return queryset.filter(date__gte=today).order_by("date")
        if value == "past":
            return queryset.filter(date__lt=today)
        return queryset


def priority_choices():
    """“All priorities”, “Governance” and each plan priority that has a decision."""
    priorities = Priority.objects.filter(decisions__isnull=False).distinct().order_by("title")
    return [
        (DecisionScope.ALL.value, DecisionScope.ALL.label),
        (DecisionScope.GOVERNANCE.value, DecisionScope.GOVERNANCE.label),
        *[(str(p.pk), p.title) for p in priorities],
    ]


class DecisionFilterSet(PortalFilterSet):
    year = django_filters.ChoiceFilter(
        choices=lambda: [(y, str(y)) for y in decision_years()],
        label="Year",
        empty_label="All years",
    )
    priority = django_filters.ChoiceFilter(
        choices=priority_choices, method="filter_priority", label="PCC priority", empty_label="All"
    )
    decision_maker = django_filters.ChoiceFilter(
        choices=DecisionMaker.choices, label="Decision maker", empty_label="Either"
    )
    restricted = django_filters.BooleanFilter(
        label="Restricted",
        widget=django_filters.widgets.BooleanWidget(),
    )

    class Meta:
        model = Decision
        fields = ["q", "year", "priority", "decision_maker", "restricted"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["restricted"].widget.choices = [
            ("", "Either"),
            ("true", "Restricted only"),
            ("false", "Public only"),
        ]

    def filter_priority(self, queryset, name, value):
        if value in (DecisionScope.ALL, DecisionScope.GOVERNANCE):
            return queryset.filter(scope=value)
        if value.isdigit():
            return queryset.filter(priority_id=int(value))
        return queryset

    def search(self, queryset, name, value):
        """Matches only the text the reader may see (never a restricted summary)."""
        value = value.strip()
        if not value:
            return queryset
        user = self.request.user if self.request else None
        return queryset.searchable_by(user).filter(
            Q(reference__icontains=value)
            | Q(search_title__icontains=value)
            | Q(search_summary__icontains=value)
            | Q(search_reasons__icontains=value)
            | Q(search_notes__icontains=value)
        )
