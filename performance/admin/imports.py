"""Importing a quarter's figures from a spreadsheet: upload, preview every row and problem,
then confirm. The file waits as a PendingImport between preview and confirmation, and is
checked again on confirmation in case the figures changed meanwhile."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from .. import services
from ..imports.spreadsheet import MAX_BYTES, ImportConflict, Problem, apply_import, plan_import
from ..models import PendingImport

PENDING_IMPORT_LIFETIME = dt.timedelta(days=1)
TEMPLATE = "admin/performance/observation/import.html"


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet (CSV or XLSX)",
        help_text=(
            "Columns: measure, area (blank for the force), period_start, period_end, value, "
            f"note. At most {MAX_BYTES // 1024 // 1024} MB."
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


class ConfirmImportForm(forms.Form):
    """The preview's "Import these figures" button: which waiting upload to apply."""

    pending = forms.IntegerField()


def import_view(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Import figures from a spreadsheet",
        "opts": model_admin.model._meta,
        "can_revise": request.user.has_perm(services.PUBLISH_PERMISSION),
    }
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


def _preview_import(request, context, form, upload):
    content = upload.read()
    reason = form.cleaned_data["revise_reason"]
    plan = plan_import(content, upload.name, user=request.user, revise_reason=reason)
    PendingImport.objects.filter(created_at__lt=timezone.now() - PENDING_IMPORT_LIFETIME).delete()
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
