"""What the figure screens share: read-only history, the computed comparison, and the form
that refuses to edit a published figure."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.urls import path
from simple_history.admin import SimpleHistoryAdmin

from ..models import Observation, Status
from ..selectors import observation_comparison

PUBLISHED_KEY_FIELDS = ("measure", "area", "period_start", "period_end", "value")


def admin_page(model_admin, route: str, view, suffix: str):
    """A page of a model's admin beside Django's own, named as Django names them:
    `<app>_<model>_<suffix>`, e.g. `performance_observation_import`."""
    opts = model_admin.model._meta
    return path(
        route,
        model_admin.admin_site.admin_view(view),
        name=f"{opts.app_label}_{opts.model_name}_{suffix}",
    )


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
