"""Revising a published figure: a new value and a reason, published beside the figure."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from .. import services
from ..models import Observation


class ReviseForm(forms.Form):
    value = forms.DecimalField(max_digits=16, decimal_places=4, label="New value")
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Published beside the figure: “revised on … : was …”.",
    )


def revise_view(model_admin, request, object_id):
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
        **model_admin.admin_site.each_context(request),
        "title": f"Revise published value: {observation}",
        "opts": model_admin.model._meta,
        "original": observation,
        "form": form,
        "revisions": observation.revisions.select_related("revised_by"),
    }
    return TemplateResponse(request, "admin/performance/observation/revise.html", context)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
