"""Plans and their priorities, areas, commentary and control-chart baselines."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pcc_portal.admin_publication import SignOffAdminMixin

from .. import services
from ..models import Area, Commentary, Plan, Priority, PriorityMeasure, SpcBaseline


class PriorityInline(admin.StackedInline):
    model = Priority
    extra = 0
    fields = ["position", "code", "title", "summary"]
    prepopulated_fields = {"code": ["title"]}


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "start", "end"]
    search_fields = ["title", "code"]
    inlines = [PriorityInline]


class PriorityMeasureInline(admin.TabularInline):
    """The priority's measures in the plan's order: change the numbers to reorder them."""

    model = PriorityMeasure
    extra = 0
    fields = ["position", "measure"]
    autocomplete_fields = ["measure"]
    ordering = ["position", "measure__name"]
    verbose_name = "measure"
    verbose_name_plural = "Measures, in the order the plan lists them (lowest number first)"


@admin.register(Priority)
class PriorityAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "position"]
    list_filter = ["plan"]
    search_fields = ["title", "summary", "commitments__text"]
    list_select_related = ["plan"]
    prepopulated_fields = {"code": ["title"]}
    inlines = [PriorityMeasureInline]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "ons_code", "kind", "parent", "position"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "ons_code"]
    autocomplete_fields = ["parent"]


@admin.register(Commentary)
class CommentaryAdmin(SignOffAdminMixin, SimpleHistoryAdmin):
    """Commentary is signed off like the figures: an officer's draft, verified and published
    by the lead (never by whoever wrote it), withdrawn with a reason, never deleted."""

    list_display = ["__str__", "period_end", "status", "entered_by", "verified_by"]
    list_filter = ["status", "priority__plan", "priority"]
    search_fields = ["text"]
    autocomplete_fields = ["priority", "measure"]
    list_select_related = ["priority", "measure", "entered_by", "verified_by"]
    actions = ["verify_selected", "publish_selected", "withdraw_selected"]
    signoff_services = {
        "verify": services.commentary_verify,
        "publish": services.commentary_publish,
        "withdraw": services.commentary_withdraw,
    }
    signoff_record = "commentary"

    def save_model(self, request, obj, form, change):
        services.commentary_submit(commentary=obj, user=request.user)


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
