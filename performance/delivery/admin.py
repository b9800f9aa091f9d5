"""Admin for the plan's delivery: commitments, their quarterly progress and the OPCC's graded
assessment of measures.

As with figures, status never changes through a form: an officer's save is a draft by them
(signoff.submit), the performance lead verifies and publishes with the list actions, and a
published update or assessment is read-only.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from pcc_portal.admin_publication import SIGNOFF_FIELDS, SignOffActionsMixin
from performance.models import Status

from . import signoff
from .models import AssessmentGrade, Commitment, Evidence, MeasureAssessment, ProgressUpdate

# The shared sign-off and withdrawal fields, and when the record was written.
SIGN_OFF_FIELDS = [*SIGNOFF_FIELDS, "created_at", "updated_at"]


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["text", "priority", "kind", "position", "lead_officer"]
    list_filter = ["priority__plan", "priority", "kind", "lead_officer"]
    list_select_related = ["priority__plan", "lead_officer"]
    search_fields = ["text", "priority__title"]
    autocomplete_fields = ["priority"]
    ordering = ["-priority__plan__start", "priority__position", "kind", "position"]


class SignOffAdmin(SignOffActionsMixin, admin.ModelAdmin):
    """Drafts are saved through signoff.submit; the lead verifies, publishes and withdraws (with
    a reason) from the list; a published or withdrawn row is never changed or deleted."""

    actions = ["verify_selected", "publish_selected", "withdraw_selected"]
    readonly_fields = SIGN_OFF_FIELDS
    signoff_services = {"withdraw": signoff.withdraw}

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status in (Status.PUBLISHED, Status.WITHDRAWN):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status in (Status.PUBLISHED, Status.WITHDRAWN):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        try:
            signoff.submit(record=obj, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))

    def has_verify_permission(self, request):
        return request.user.has_perm(signoff.permission(self.model, "verify"))

    def has_publish_permission(self, request):
        return request.user.has_perm(signoff.permission(self.model, "publish"))

    def _step(self, request, queryset, step, done_word):
        done, refused = signoff.bulk(step, records=queryset, user=request.user)
        if done:
            messages.success(request, f"{done_word.capitalize()} {len(done)}.")
        if refused:
            reasons = " ".join(reason for _, reason in refused[:20])
            messages.warning(request, f"{len(refused)} not {done_word}: {reasons}")

    @admin.action(description="Verify the selected", permissions=["verify"])
    def verify_selected(self, request, queryset):
        self._step(request, queryset, signoff.verify, "verified")

    @admin.action(description="Publish the selected", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._step(request, queryset, signoff.publish, "published")

    @admin.display(description="Quarter", ordering="period_end")
    def quarter(self, obj):
        return obj.period.label


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 1
    fields = ["position", "decision", "grant", "paper", "measure", "detail"]
    autocomplete_fields = ["decision", "grant", "measure"]
    raw_id_fields = ["paper"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SignOffAdmin):
    list_display = ["commitment", "quarter", "progress_tag", "status", "entered_by", "verified_by"]
    list_filter = [
        "status",
        "progress",
        "commitment__priority__plan",
        "commitment__priority",
        "period_end",
    ]
    list_select_related = ["commitment__priority", "entered_by", "verified_by"]
    search_fields = ["commitment__text", "narrative"]
    autocomplete_fields = ["commitment"]
    inlines = [EvidenceInline]
    fieldsets = [
        (None, {"fields": ["commitment", ("period_start", "period_end"), "progress", "narrative"]}),
        ("Sign-off", {"fields": SIGN_OFF_FIELDS}),
    ]

    @admin.display(description="Progress", ordering="progress")
    def progress_tag(self, obj):
        return format_html("<strong>{}</strong>", obj.get_progress_display())

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Changed evidence is a changed update: its sign-off starts again.
        if change and any(formset.has_changed() for formset in formsets):
            signoff.submit(record=form.instance, user=request.user, related_changed=True)


@admin.register(AssessmentGrade)
class AssessmentGradeAdmin(admin.ModelAdmin):
    """The grades the OPCC gives measures, in its own words; set by the performance lead."""

    list_display = ["label", "tone", "position", "description"]
    list_editable = ["position"]
    prepopulated_fields = {"code": ["label"]}


@admin.register(MeasureAssessment)
class MeasureAssessmentAdmin(SignOffAdmin):
    list_display = ["measure", "quarter", "grade", "status", "entered_by", "verified_by"]
    list_filter = ["status", "grade", "measure__priorities__plan", "period_end"]
    list_select_related = ["measure", "grade", "entered_by", "verified_by"]
    search_fields = ["measure__name", "reason"]
    autocomplete_fields = ["measure"]
    fieldsets = [
        (None, {"fields": ["measure", ("period_start", "period_end"), "grade", "reason"]}),
        ("Sign-off", {"fields": SIGN_OFF_FIELDS}),
    ]
