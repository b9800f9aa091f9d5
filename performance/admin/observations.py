"""The figures list: entry as drafts, verification and publication by the performance lead,
and the links to the import and revision screens."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse

from core.formatting import format_value
from core.periods import Period
from pcc_portal.admin_publication import SIGNOFF_FIELDS, SignOffAdminMixin

from .. import services
from ..models import Observation, Revision
from . import imports, revisions
from .common import ComparisonMixin, HistoryAdmin, ObservationForm, admin_page


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
        try:
            return queryset.filter(period_start=start, period_end=end)
        except ValidationError:
            return queryset.none()  # a hand-edited ?period= is not worth a 500


@admin.register(Observation)
class ObservationAdmin(ComparisonMixin, SignOffAdminMixin, HistoryAdmin):
    form = ObservationForm
    change_list_template = "admin/performance/observation/change_list.html"
    change_form_template = "admin/performance/observation/change_form.html"
    list_display = [
        "measure",
        "area",
        "period_label",
        "figure",
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
        "status",
        "comparison",
        "entered_by",
        "verified_by",
        "verified_at",
        "published_at",
        "quality_warnings",
        "quality_acknowledged_by",
        "quality_acknowledged_at",
        "created_at",
        "updated_at",
    ]
    ordering = ["measure__name", "area__position", "-period_end"]
    date_hierarchy = "period_end"
    actions = ["verify_selected", "publish_selected", "withdraw_selected"]
    signoff_services = {"withdraw": services.observation_withdraw}
    signoff_record = "observation"
    fieldsets = [
        (None, {"fields": ["measure", "area", ("period_start", "period_end"), "value", "note"]}),
        (
            "Sign-off",
            {"fields": list(SIGNOFF_FIELDS)},
        ),
        (
            "Data-quality warnings acknowledged at publication",
            {
                "fields": [
                    "quality_warnings",
                    "quality_acknowledged_by",
                    "quality_acknowledged_at",
                ]
            },
        ),
        ("Computed", {"fields": ["comparison", "created_at", "updated_at"]}),
    ]

    @admin.display(description="Period", ordering="period_end")
    def period_label(self, obs):
        return obs.period.label

    @admin.display(description="Value", ordering="value")
    def figure(self, obs):
        return format_value(obs.measure, obs.value)

    def save_model(self, request, obj, form, change):
        services.observation_submit(observation=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        services.observations_delete(observations=list(queryset), user=request.user)

    # Sign-off ----------------------------------------------------------------------------

    def has_verify_permission(self, request):
        return request.user.has_perm(services.VERIFY_PERMISSION)

    def has_publish_permission(self, request):
        return request.user.has_perm(services.PUBLISH_PERMISSION)

    @admin.action(description="Verify the selected figures", permissions=["verify"])
    def verify_selected(self, request, queryset):
        result = services.observations_verify(
            observations=queryset.select_related("measure", "area"), user=request.user
        )
        if result.done:
            messages.success(request, f"Verified {len(result.done)} figure(s).")
        _report_refusals(request, result, "verified")

    @admin.action(description="Publish the selected figures…", permissions=["publish"])
    def publish_selected(self, request, queryset):
        observations = list(queryset.select_related("measure", "area", "verified_by"))
        acknowledged = request.POST.get("acknowledge") == "yes"
        if request.POST.get("confirm") == "yes":
            try:
                result = services.observations_publish(
                    observations=observations,
                    user=request.user,
                    acknowledge_warnings=acknowledged,
                )
            except services.QualityNotAcknowledged:
                messages.error(request, "Tick the acknowledgement of the warnings to publish.")
            else:
                if result.done:
                    messages.success(request, f"Published {len(result.done)} figure(s).")
                _report_refusals(request, result, "published")
                return None
        publishable = [o for o in observations if not services.publish_refusal(o, request.user)]
        warnings = services.publication_warnings(observations=publishable)
        context = {
            **self.admin_site.each_context(request),
            "title": "Publish figures",
            "opts": self.model._meta,
            "rows": [(o, warnings.get(o.pk, [])) for o in publishable],
            "refused": [
                (o, services.publish_refusal(o, request.user))
                for o in observations
                if o not in publishable
            ],
            "warning_count": sum(len(found) for found in warnings.values()),
            "selected": [o.pk for o in observations],
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "admin/performance/observation/publish_confirmation.html", context
        )

    # Extra pages: import and revision ----------------------------------------------------

    def get_urls(self):
        extra = [
            admin_page(self, "import/", self.import_view, "import"),
            admin_page(self, "import/template/", self.template_view, "template"),
            admin_page(
                self, "import/check/<int:pending_id>/", self.import_check_view, "import_check"
            ),
            admin_page(self, "<int:object_id>/revise/", self.revise_view, "revise"),
        ]
        return extra + super().get_urls()

    def import_view(self, request):
        return imports.import_view(self, request)

    def import_check_view(self, request, pending_id):
        return imports.import_check_view(self, request, pending_id)

    def template_view(self, request):
        return imports.template_view(self, request)

    def revise_view(self, request, object_id):
        return revisions.revise_view(self, request, object_id)


def _report_refusals(request, result: services.BulkResult, done_word: str) -> None:
    if result.refused:
        reasons = " ".join(reason for _, reason in result.refused[:20])
        more = len(result.refused) - 20
        tail = f" And {more} more." if more > 0 else ""
        messages.warning(
            request, f"{len(result.refused)} figure(s) were not {done_word}: {reasons}{tail}"
        )


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    """Revisions are made from a published figure's page; here they are only read."""

    list_display = ["observation", "old_value", "new_value", "revised_by", "revised_at"]
    list_select_related = ["observation__measure", "observation__area", "revised_by"]
    search_fields = ["observation__measure__name", "reason"]
    readonly_fields = [
        "observation",
        "old_value",
        "new_value",
        "reason",
        "revised_by",
        "revised_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
