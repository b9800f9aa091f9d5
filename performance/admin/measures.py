"""Measure definitions, linking to their figures' own filtered list (a measure may have
thousands); how its figures are judged (direction of good, target) is the lead's act."""

from django.contrib import admin
from django.db.models import Case, IntegerField, When
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.html import format_html

from pcc_portal.admin_publication import LeadFieldsAdminMixin

from .. import services
from ..models import Measure, PriorityMeasure
from .common import HistoryAdmin


class MeasurePriorityInline(admin.TabularInline):
    model = PriorityMeasure
    extra = 0
    fields = ["priority", "position"]
    autocomplete_fields = ["priority"]
    verbose_name = "priority"
    verbose_name_plural = "Priorities this measure reports on, with its place in each"


@admin.register(Measure)
class MeasureAdmin(LeadFieldsAdminMixin, HistoryAdmin):
    lead_fields = services.JUDGEMENT_FIELDS
    lead_service = staticmethod(services.measure_set_judgement)
    lead_record = "measure"
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
    inlines = [MeasurePriorityInline]
    readonly_fields = ["figures"]
    fieldsets = [
        (None, {"fields": ["name", "code", "figures"]}),
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

    @admin.display(description="Figures")
    def figures(self, measure):
        if measure is None or measure.pk is None:
            return "–"
        url = reverse("admin:performance_observation_changelist")
        count = measure.observations.count()
        return format_html(
            '<a href="{}?measure__id__exact={}">{} figure{} of this measure</a>',
            url,
            measure.pk,
            count,
            pluralize(count),
        )
