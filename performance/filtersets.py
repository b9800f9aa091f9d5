"""Filters of the observations list: plan, priority, measure, area, period, unit, source, text."""

import django_filters

from pcc_portal.lists import PortalFilterSet

from .models import Area, Measure, Observation, Plan, Priority, Unit
from .selectors import parse_period, period_key, visible_periods


def plan_filter(field_name: str) -> django_filters.ModelChoiceFilter:
    """?plan=PCP-2021: the plan's code, through the priorities the measure serves."""
    return django_filters.ModelChoiceFilter(
        queryset=Plan.objects.all(),
        field_name=field_name,
        to_field_name="code",
        label="Plan",
        empty_label="Any plan",
        distinct=True,
    )


def unit_filter() -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(choices=Unit.choices, label="Unit", empty_label="Any unit")


class ObservationFilterSet(PortalFilterSet):
    search_fields = ("measure__name", "measure__code", "area__name", "note")

    plan = plan_filter("measure__priorities__plan")
    priority = django_filters.ModelChoiceFilter(
        queryset=Priority.objects.select_related("plan").order_by("-plan__start", "position"),
        field_name="measure__priorities",
        label="Priority",
        empty_label="Any priority",
        distinct=True,
    )
    measure = django_filters.ModelChoiceFilter(
        queryset=Measure.objects.order_by("name"),
        to_field_name="code",
        label="Measure",
        empty_label="Any measure",
    )
    area = django_filters.ModelChoiceFilter(
        queryset=Area.objects.all(), to_field_name="code", label="Area", empty_label="Any area"
    )
    period = django_filters.ChoiceFilter(
        method="filter_period", label="Period", choices=(), empty_label="Any period"
    )
    unit = unit_filter()
    source = django_filters.ChoiceFilter(
        field_name="measure__source", label="Source", choices=(), empty_label="Any source"
    )

    class Meta:
        model = Observation
        fields = ("q", "plan", "priority", "measure", "area", "period", "unit", "source")

    def __init__(self, *args, user=None, show_drafts=False, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.form.fields
        fields["priority"].label_from_instance = lambda p: p.title_with_plan
        # Only periods the user may see figures for, so a choice never reveals a draft.
        fields["period"].choices = [
            (period_key(p), p.label) for p in visible_periods(user=user, show_drafts=show_drafts)
        ]
        sources = (
            Measure.objects.exclude(source="").order_by("source").values_list("source", flat=True)
        )
        fields["source"].choices = [(s, s) for s in sources.distinct()]

    def filter_period(self, queryset, name, value):
        period = parse_period(value)
        if period is None:
            return queryset.none()
        return queryset.filter(period_start=period.start, period_end=period.end)


class MeasureFilterSet(PortalFilterSet):
    search_fields = ("name", "code", "source", "notes")

    plan = plan_filter("priorities__plan")
    unit = unit_filter()

    class Meta:
        model = Measure
        fields = ("q", "plan", "unit")
