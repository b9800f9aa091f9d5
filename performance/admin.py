"""The admin is where officers work: figures are entered and checked here."""

from django.contrib import admin

from .models import Area, Commentary, Measure, Observation, Plan, Priority
from .periods import Period
from .selectors import observation_comparison


class PriorityInline(admin.StackedInline):
    model = Priority
    extra = 0
    fields = ["position", "code", "title", "summary", "commitments", "accountability"]
    prepopulated_fields = {"code": ["title"]}


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "start", "end"]
    search_fields = ["title", "code"]
    inlines = [PriorityInline]


@admin.register(Priority)
class PriorityAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "position"]
    list_filter = ["plan"]
    search_fields = ["title", "summary", "commitments"]
    list_select_related = ["plan"]
    prepopulated_fields = {"code": ["title"]}


class ComparisonMixin:
    """Shows the computed year-on-year comparison beside an observation, read-only."""

    @admin.display(description="Compared with a year earlier")
    def comparison(self, obs):
        if obs is None or obs.pk is None:
            return "–"
        result = observation_comparison(observation=obs, show_drafts=True)
        if not result.has_previous:
            return "No figure for the year before"
        return f"{result.text} ({result.assessment_label.lower()})"


class ObservationInline(ComparisonMixin, admin.TabularInline):
    model = Observation
    extra = 1
    fields = ["area", "period_start", "period_end", "value", "status", "note", "comparison"]
    readonly_fields = ["comparison"]
    ordering = ["area__position", "-period_end"]
    autocomplete_fields = ["area"]
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("performance.publish_observation"):
            fields.append("status")
        return fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("measure", "area")


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
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
    filter_horizontal = ["priorities"]
    inlines = [ObservationInline]
    fieldsets = [
        (None, {"fields": ["name", "code", "priorities"]}),
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
                ]
            },
        ),
        ("Target", {"fields": ["target_operator", "target_value"]}),
    ]

    def save_formset(self, request, form, formset, change):
        # Whoever adds a figure through the inline is recorded as its author.
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for instance in instances:
            if isinstance(instance, Observation) and instance.entered_by_id is None:
                instance.entered_by = request.user
            instance.save()
        formset.save_m2m()


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "position"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


class PeriodFilter(admin.SimpleListFilter):
    title = "period"
    parameter_name = "period"

    def lookups(self, request, model_admin):
        pairs = (
            Observation.objects.order_by("-period_end", "period_start")
            .values_list("period_start", "period_end")
            .distinct()
        )
        return [(f"{start}_{end}", Period(start, end).label) for start, end in pairs]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        start, _, end = self.value().partition("_")
        return queryset.filter(period_start=start, period_end=end)


@admin.register(Observation)
class ObservationAdmin(ComparisonMixin, admin.ModelAdmin):
    list_display = [
        "measure",
        "area",
        "period_label",
        "value",
        "status",
        "comparison",
        "entered_by",
        "verified_by",
    ]
    list_filter = [
        "status",
        "measure__priorities__plan",
        "measure__priorities",
        "area",
        PeriodFilter,
        "measure__unit",
    ]
    search_fields = ["measure__name", "measure__code", "area__name", "note"]
    list_select_related = ["measure", "area", "entered_by", "verified_by"]
    autocomplete_fields = ["measure", "area"]
    readonly_fields = [
        "comparison",
        "entered_by",
        "verified_by",
        "verified_at",
        "published_at",
        "created_at",
        "updated_at",
    ]
    ordering = ["measure__name", "area__position", "-period_end"]
    date_hierarchy = "period_end"
    fieldsets = [
        (None, {"fields": ["measure", "area", ("period_start", "period_end"), "value", "note"]}),
        (
            "Sign-off",
            {"fields": ["status", "entered_by", "verified_by", "verified_at", "published_at"]},
        ),
        ("Computed", {"fields": ["comparison", "created_at", "updated_at"]}),
    ]

    @admin.display(description="Period", ordering="period_end")
    def period_label(self, obs):
        return obs.period.label

    def get_readonly_fields(self, request, obj=None):
        # Only the performance lead moves a figure towards publication.
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("performance.publish_observation"):
            fields.append("status")
        return fields

    def save_model(self, request, obj, form, change):
        if obj.entered_by_id is None:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Commentary)
class CommentaryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "period_end", "is_published"]
    list_filter = ["is_published", "priority__plan", "priority"]
    search_fields = ["text"]
    autocomplete_fields = ["priority", "measure"]
    list_select_related = ["priority", "measure"]


# Control-chart baselines (issue 10); imported here so this block merges as a pure append.
from .models import SpcBaseline  # noqa: E402


@admin.register(SpcBaseline)
class SpcBaselineAdmin(admin.ModelAdmin):
    """Where control-chart limits restart after a known change, e.g. the start of the pandemic."""

    list_display = ["measure", "area", "start", "label", "created_by"]
    list_filter = ["area", "measure__priorities__plan"]
    search_fields = ["measure__name", "label"]
    autocomplete_fields = ["measure", "area"]
    list_select_related = ["measure", "area", "created_by"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
