"""Measure definitions, with their figures inline (saved as drafts by whoever typed them)."""

from django.contrib import admin
from django.db.models import Case, IntegerField, When

from .. import services
from ..models import Measure, Observation, PriorityMeasure
from .common import ComparisonMixin, HistoryAdmin, ObservationForm


class MeasurePriorityInline(admin.TabularInline):
    model = PriorityMeasure
    extra = 0
    fields = ["priority", "position"]
    autocomplete_fields = ["priority"]
    verbose_name = "priority"
    verbose_name_plural = "Priorities this measure reports on, with its place in each"


class ObservationInline(ComparisonMixin, admin.TabularInline):
    model = Observation
    form = ObservationForm
    extra = 1
    fields = ["area", "period_start", "period_end", "value", "status", "note", "comparison"]
    readonly_fields = ["comparison", "status"]
    ordering = ["area__position", "-period_end"]
    autocomplete_fields = ["area"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("measure", "area")


@admin.register(Measure)
class MeasureAdmin(HistoryAdmin):
    list_display = ["name", "code", "unit", "direction_of_good", "frequency", "source"]
    list_filter = [
        "priorities__plan",
        "priorities",
        "unit",
        "direction_of_good",
        "frequency",
        "source",
    ]
    search_fields = ["name", "code", "source", "notes"]
    prepopulated_fields = {"code": ["name"]}
    filter_horizontal = ["parts"]
    inlines = [MeasurePriorityInline, ObservationInline]
    fieldsets = [
        (None, {"fields": ["name", "code"]}),
        (
            "Definition",
            {
                "fields": [
                    "unit",
                    "decimal_places",
                    "direction_of_good",
                    "frequency",
                    "source",
                    "notes",
                    "parts",
                ]
            },
        ),
        ("Target and tolerance", {"fields": ["target_operator", "target_value", "tolerance"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        # Every word of "Front-line policing spend: visible" is also in "…: non-visible":
        # the autocomplete offers the measure named exactly as typed first, then by prefix.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        typed = " ".join(search_term.split())
        if typed:
            queryset = queryset.annotate(
                closeness=Case(
                    When(name__iexact=typed, then=0),
                    When(code__iexact=typed, then=0),
                    When(name__istartswith=typed, then=1),
                    default=2,
                    output_field=IntegerField(),
                )
            ).order_by("closeness", "name")
        return queryset, may_have_duplicates

    def save_formset(self, request, form, formset, change):
        # Figures added or changed through the inline are drafts by whoever typed them.
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for instance in instances:
            if isinstance(instance, Observation):
                services.observation_submit(observation=instance, user=request.user)
            else:
                instance.save()
        formset.save_m2m()
