"""The admin is where officers work: figures are entered, imported and signed off here.

Status never changes through a form field: officers' saves are drafts (services.observation_submit),
the performance lead verifies and publishes with the list's actions, and a published figure
changes only through "Revise published value" with a reason. Every change is in the history.
"""

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from core.formatting import format_value
from core.periods import Period
from pcc_portal.admin_publication import (
    SIGNOFF_FIELDS,
    LeadFieldsAdminMixin,
    SignOffAdminMixin,
)
from performance.imports.spreadsheet import (
    MAX_BYTES,
    ImportConflict,
    Problem,
    apply_import,
    plan_import,
)
from performance.imports.template import (
    CONTENT_TYPES,
    CSV,
    XLSX,
    template_file,
    template_filename,
)

from . import services
from .models import (
    Area,
    Commentary,
    Measure,
    Observation,
    PendingImport,
    Plan,
    Priority,
    PriorityMeasure,
    Revision,
    Status,
)
from .selectors import observation_comparison
from .staff_selectors import plan_quarters, quarter_code

PENDING_IMPORT_LIFETIME = dt.timedelta(days=1)
PUBLISHED_KEY_FIELDS = ("measure", "area", "period_start", "period_end", "value")


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
    search_fields = ["title", "summary", "commitments"]
    list_select_related = ["plan"]
    prepopulated_fields = {"code": ["title"]}
    inlines = [PriorityMeasureInline]


class MeasurePriorityInline(admin.TabularInline):
    model = PriorityMeasure
    extra = 0
    fields = ["priority", "position"]
    autocomplete_fields = ["priority"]
    verbose_name = "priority"
    verbose_name_plural = "Priorities this measure reports on, with its place in each"


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


class ObservationForm(forms.ModelForm):
    """Refuses edits to a published figure: those are revisions, made with a reason."""

    class Meta:
        model = Observation
        fields = ["measure", "area", "period_start", "period_end", "value", "note"]

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if instance.pk and instance.status == Status.PUBLISHED:
            changed = [name for name in PUBLISHED_KEY_FIELDS if name in self.changed_data]
            if changed:
                raise ValidationError(
                    "This figure is published, so it cannot be edited here: use “Revise "
                    "published value” on the figure's page and give a reason."
                )
        return cleaned


class HistoryAdmin(SimpleHistoryAdmin):
    """History for reading: reverting would bypass sign-off and revisions, so it is off."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Measure)
class MeasureAdmin(LeadFieldsAdminMixin, HistoryAdmin):
    """A measure's figures are listed on their own filtered page (a measure may have
    thousands); how its figures are judged (direction of good, target) is the lead's act."""

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
        ("Target", {"fields": ["target_operator", "target_value"]}),
    ]

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
        try:
            return queryset.filter(period_start=start, period_end=end)
        except ValidationError:
            return queryset.none()  # a hand-edited ?period= is not worth a 500


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet (CSV or XLSX)",
        help_text=(
            "Columns: measure and area (each by name or code; area blank for the force), "
            "unit (optional), period_start, period_end, value, note. "
            f"At most {MAX_BYTES // 1024 // 1024} MB."
        ),
    )
    revise_reason = forms.CharField(
        label="Revise published values, with this reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=(
            "Performance lead only. Leave blank and any row that changes a published figure "
            "is refused. The reason is published beside each revised figure."
        ),
    )


class TemplateForm(forms.Form):
    """Which plan and quarter a spreadsheet template is for."""

    plan = forms.ModelChoiceField(
        queryset=Plan.objects.all(), to_field_name="code", empty_label=None
    )
    quarter = forms.ChoiceField(label="Quarter")
    format = forms.ChoiceField(choices=[(XLSX, "Excel (.xlsx)"), (CSV, "CSV")], initial=XLSX)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        quarters = {q for plan in Plan.objects.all() for q in plan_quarters(plan, today)}
        self.quarters = {quarter_code(q): q for q in sorted(quarters, reverse=True)}
        self.fields["quarter"].choices = [(code, q.label) for code, q in self.quarters.items()]

    def clean_quarter(self):
        return self.quarters[self.cleaned_data["quarter"]]


class ReviseForm(forms.Form):
    value = forms.DecimalField(max_digits=16, decimal_places=4, label="New value")
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Published beside the figure: “revised on … : was …”.",
    )


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
        ("Sign-off", {"fields": list(SIGNOFF_FIELDS)}),
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
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="performance_observation_import",
            ),
            path(
                "import/template/",
                self.admin_site.admin_view(self.template_view),
                name="performance_observation_template",
            ),
            path(
                "<int:object_id>/revise/",
                self.admin_site.admin_view(self.revise_view),
                name="performance_observation_revise",
            ),
        ]
        return extra + super().get_urls()

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Import figures from a spreadsheet",
            "opts": self.model._meta,
            "can_revise": request.user.has_perm(services.PUBLISH_PERMISSION),
            "template_form": TemplateForm(),
        }
        if request.method == "POST" and "pending" in request.POST:
            return self._confirm_import(request, context)
        posted = request.method == "POST"
        form = ImportForm(request.POST, request.FILES) if posted else ImportForm()
        if posted and form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_BYTES:
                form.add_error(
                    "file",
                    f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is "
                    f"{MAX_BYTES // 1024 // 1024} MB. Split it into smaller files.",
                )
            else:
                return self._preview_import(request, context, form, upload)
        context["form"] = form
        return TemplateResponse(request, "admin/performance/observation/import.html", context)

    def template_view(self, request):
        """The quarter's template for a plan, pre-filled: ?plan=CODE&quarter=2020-Q4&format=."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = TemplateForm(request.GET or None)
        if not form.is_valid():
            return HttpResponseRedirect(reverse("admin:performance_observation_import"))
        plan, quarter, fmt = (form.cleaned_data[k] for k in ("plan", "quarter", "format"))
        response = HttpResponse(
            template_file(plan=plan, quarter=quarter, fmt=fmt),
            content_type=CONTENT_TYPES[fmt],
        )
        filename = template_filename(plan, quarter, fmt)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def _preview_import(self, request, context, form, upload):
        content = upload.read()
        reason = form.cleaned_data["revise_reason"]
        plan = plan_import(content, upload.name, user=request.user, revise_reason=reason)
        PendingImport.objects.filter(
            created_at__lt=timezone.now() - PENDING_IMPORT_LIFETIME
        ).delete()
        if plan.ok and plan.changes:
            context["pending"] = PendingImport.objects.create(
                uploaded_by=request.user,
                filename=upload.name[:255],
                content=content,
                revise_reason=plan.revise_reason,
            )
        context.update(plan=plan, form=ImportForm())
        return TemplateResponse(request, "admin/performance/observation/import.html", context)

    def _confirm_import(self, request, context):
        pending = get_object_or_404(
            PendingImport, uploaded_by=request.user, pk=_int_or_none(request.POST.get("pending"))
        )
        plan = plan_import(
            bytes(pending.content),
            pending.filename,
            user=request.user,
            revise_reason=pending.revise_reason,
            with_quality=False,
        )
        if plan.ok:
            try:
                apply_import(plan, user=request.user)
            except ImportConflict as error:
                plan.problems.append(Problem(None, "", str(error)))
            else:
                pending.delete()
                summary = ", ".join(f"{label.lower()}: {n}" for label, n in plan.counts.items())
                messages.success(request, f"Imported {pending.filename}. {summary}.")
                return HttpResponseRedirect(reverse("admin:performance_observation_changelist"))
        context.update(plan=plan, form=ImportForm(), changed_since_preview=True)
        return TemplateResponse(request, "admin/performance/observation/import.html", context)

    def revise_view(self, request, object_id):
        observation = get_object_or_404(
            Observation.objects.select_related("measure", "area"), pk=object_id
        )
        if not request.user.has_perm(services.PUBLISH_PERMISSION):
            raise PermissionDenied
        form = ReviseForm(request.POST or None, initial={"value": observation.value})
        if request.method == "POST" and form.is_valid():
            try:
                services.observation_revise(
                    observation=observation,
                    user=request.user,
                    value=form.cleaned_data["value"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, f"Revised {observation}.")
                return HttpResponseRedirect(
                    reverse("admin:performance_observation_change", args=[observation.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": f"Revise published value: {observation}",
            "opts": self.model._meta,
            "original": observation,
            "form": form,
            "revisions": observation.revisions.select_related("revised_by"),
        }
        return TemplateResponse(request, "admin/performance/observation/revise.html", context)


def _report_refusals(request, result: services.BulkResult, done_word: str) -> None:
    if result.refused:
        reasons = " ".join(reason for _, reason in result.refused[:20])
        more = len(result.refused) - 20
        tail = f" And {more} more." if more > 0 else ""
        messages.warning(
            request, f"{len(result.refused)} figure(s) were not {done_word}: {reasons}{tail}"
        )


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _int_or_none(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


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
