"""Importing a quarter's figures from a spreadsheet: upload, preview every row and problem,
then confirm. The file waits as a PendingImport between preview and confirmation, and is
checked again on confirmation in case the figures changed meanwhile."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from pcc_portal.models import BackgroundJob, JobStatus

from .. import services
from ..imports import background
from ..imports.spreadsheet import MAX_BYTES, ImportConflict, Problem, apply_import, plan_import
from ..imports.template import CONTENT_TYPES, CSV, XLSX, template_file, template_filename
from ..models import PendingImport, Plan
from ..staff_selectors import plan_quarters

PENDING_IMPORT_LIFETIME = dt.timedelta(days=1)
TEMPLATE = "admin/performance/observation/import.html"


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
        self.quarters = {q.quarter_code: q for q in sorted(quarters, reverse=True)}
        self.fields["quarter"].choices = [(code, q.label) for code, q in self.quarters.items()]

    def clean_quarter(self):
        return self.quarters[self.cleaned_data["quarter"]]


class ConfirmImportForm(forms.Form):
    """The preview's "Import these figures" button: which waiting upload to apply."""

    pending = forms.IntegerField()


def _page_context(model_admin, request) -> dict:
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    return {
        **model_admin.admin_site.each_context(request),
        "title": "Import figures from a spreadsheet",
        "opts": model_admin.model._meta,
        "can_revise": request.user.has_perm(services.PUBLISH_PERMISSION),
        "template_form": TemplateForm(),
    }


def import_view(model_admin, request):
    context = _page_context(model_admin, request)
    if request.method == "POST" and "pending" in request.POST:
        return _confirm_import(request, context)
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
            return _preview_import(request, context, form, upload)
    context["form"] = form
    return TemplateResponse(request, TEMPLATE, context)


def import_check_view(model_admin, request, pending_id: int):
    """A large upload's check: waiting, failed with its message, or the preview with the
    button that imports it."""
    context = _page_context(model_admin, request)
    pending = get_object_or_404(PendingImport, pk=pending_id, uploaded_by=request.user)
    check = get_object_or_404(BackgroundJob, key=background.check_key(pending))
    context.update(check=check, form=ImportForm())
    if check.status == JobStatus.DONE:
        # Rendered by our own template (import_preview.html) in the check's job.
        context["preview_html"] = mark_safe(check.result.get("preview", ""))  # noqa: S308
        if check.result.get("ready"):
            context["pending"] = pending
    return TemplateResponse(request, TEMPLATE, context)


def template_view(model_admin, request):
    """The quarter's template for a plan, pre-filled: ?plan=CODE&quarter=2020-Q4&format=."""
    if not model_admin.has_add_permission(request):
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


def _preview_import(request, context, form, upload):
    content = upload.read()
    reason = form.cleaned_data["revise_reason"]
    PendingImport.objects.filter(created_at__lt=timezone.now() - PENDING_IMPORT_LIFETIME).delete()
    rows = background.table_rows(content, upload.name)
    if background.is_large(rows):
        # Checking many rows takes seconds: a job does it, and its page shows the preview.
        pending = PendingImport.objects.create(
            uploaded_by=request.user,
            filename=upload.name[:255],
            content=content,
            revise_reason=reason,
        )
        background.check_in_background(pending, request.user, rows)
        return HttpResponseRedirect(
            reverse("admin:performance_observation_import_check", args=[pending.pk])
        )
    plan = plan_import(content, upload.name, user=request.user, revise_reason=reason)
    if plan.ok and plan.changes:
        context["pending"] = PendingImport.objects.create(
            uploaded_by=request.user,
            filename=upload.name[:255],
            content=content,
            revise_reason=plan.revise_reason,
        )
    context.update(plan=plan, form=ImportForm())
    return TemplateResponse(request, TEMPLATE, context)


def _confirm_import(request, context):
    confirmation = ConfirmImportForm(request.POST)
    pending = get_object_or_404(
        PendingImport,
        uploaded_by=request.user,
        pk=confirmation.cleaned_data["pending"] if confirmation.is_valid() else None,
    )
    if background.was_checked_in_background(pending):
        job = background.import_in_background(pending, request.user)
        messages.info(
            request,
            f"{pending.filename} is being imported in the background; this page shows how it "
            "goes (refresh it).",
        )
        return HttpResponseRedirect(reverse("admin:pcc_portal_backgroundjob_change", args=[job.pk]))
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
    return TemplateResponse(request, TEMPLATE, context)
