"""Officers cannot publish by the back door: every admin change form, posted by an officer with
every field that decides what the public sees set to a hostile value (and the inlines' too),
leaves those fields as they were. The walk covers every registered model; a model added later
with such a field and no sample here fails `test_every_model_with_a_publication_field_is_walked`.
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils import timezone

from panel.models import Paper
from performance.models import Commentary, Status
from tests.admin_forms import posted_back
from tests.factories import MeasureFactory, ObservationFactory, PriorityFactory, UserFactory
from tests.finance.factories import FinancialYearFactory
from tests.funds.factories import FundFactory, GrantFactory
from tests.panel.factories import (
    AgendaItemFactory,
    DecisionFactory,
    MeetingFactory,
    MinutesFactory,
    days_from_today,
)

pytestmark = pytest.mark.django_db

# Fields that decide what the public sees or how a published figure is judged.
PUBLICATION_FIELD = re.compile(
    r"^(status|is_published|restricted|withhold_title|agenda_published_on|approved_at"
    r"|published_at|verified_by|verified_at|direction_of_good|target_operator|target_value"
    r"|withdrawn_\w+|withdrawal_reason)$"
)
# Fields named like one of those whose values the public does not depend on.
NOT_PUBLICATION = {
    "panel.Meeting.status": "scheduled/held/cancelled, shown as such",
    "panel.TaskGroup.status": "forming/active/reported/closed",
    "funds.Grant.status": "approved/paid/closed: the award's progress",
}
# Signed off by performance/delivery/signoff.py, whose admin keeps every sign-off field
# read-only (tests/performance/test_delivery.py); not yet given a sample here. An official
# publication's edition (published_at) arrived with the open data work: NOT YET WALKED.
NOT_WALKED = {
    "performance.ProgressUpdate",
    "performance.MeasureAssessment",
    "performance.PublicationEdition",
}


def publication_fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if PUBLICATION_FIELD.match(field.name)
        and f"{model._meta.label}.{field.name}" not in NOT_PUBLICATION
    ]


def _portal_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in {"performance", "finance", "funds", "panel"}
    ]


def _world():
    """One record of every model the officer's forms could publish, in its hidden state."""
    author = UserFactory(username="someone-else")
    priority = PriorityFactory()
    measure = MeasureFactory(direction_of_good="neither")
    upcoming = MeetingFactory(
        date=days_from_today(30), agenda_published_on=None, status="scheduled"
    )
    item = AgendaItemFactory(meeting=upcoming)
    MinutesFactory(item=item, status="draft")
    minutes_item = AgendaItemFactory(meeting=MeetingFactory())
    fund = FundFactory()
    samples = {
        "performance.Measure": measure,
        "performance.Observation": ObservationFactory(
            measure=measure, status=Status.VERIFIED, entered_by=author
        ),
        "performance.Commentary": Commentary.objects.create(
            priority=priority,
            period_start=dt.date(2020, 4, 1),
            period_end=dt.date(2021, 3, 31),
            text="Draft narrative.",
            entered_by=author,
        ),
        "funds.Grant": GrantFactory(fund=fund, is_published=False),
        "funds.Fund": fund,
        "finance.FinancialYear": FinancialYearFactory(start_year=2022, is_published=False),
        "panel.Decision": DecisionFactory(restricted=True, withhold_title=True),
        "panel.Meeting": upcoming,
        "panel.AgendaItem": item,
        "panel.Minutes": MinutesFactory(item=minutes_item, status="draft"),
        "panel.Paper": Paper.objects.create(title="PCC Update Report", entered_by=author),
    }
    return samples


def _hostile(field: models.Field, current):
    """A value for `field` that would change what the public sees."""
    if isinstance(field, models.BooleanField):
        return "" if current else "on"
    if isinstance(field, models.DateTimeField):
        return timezone.now().strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(field, models.DateField):
        return timezone.localdate().isoformat()
    if isinstance(field, models.ForeignKey):
        return str(UserFactory(username=f"hostile-{field.name}").pk)
    if isinstance(field, models.DecimalField):
        return "1"
    if field.choices:
        return next(str(value) for value, _ in field.choices if value != current)
    return "hostile"


def _add_hostile_values(data: dict, response, model) -> None:
    for field in publication_fields(model):
        data[field.name] = _hostile(field, None)
    for inline in response.context["inline_admin_formsets"]:
        for form in inline.formset.forms:
            for field in publication_fields(inline.formset.model):
                current = getattr(form.instance, field.name, None) if form.instance.pk else None
                data[f"{form.prefix}-{field.name}"] = _hostile(field, current)


def _snapshot(samples) -> dict:
    state = {}
    for model in {type(obj) for obj in samples.values()} | {
        model for model, _ in _portal_admins() if publication_fields(model)
    }:
        names = [f.attname for f in publication_fields(model)]
        if names:
            for row in model._default_manager.values("pk", *names):
                state[(model._meta.label, row.pop("pk"))] = row
    return state


def test_every_model_with_a_publication_field_is_walked():
    samples = _world()
    missing = [
        model._meta.label
        for model, _ in _portal_admins()
        if publication_fields(model)
        and model._meta.label not in samples
        and model._meta.label not in NOT_WALKED
    ]
    assert not missing, f"Add a sample of {missing} to _world() so the walk covers it."


def test_officer_posts_cannot_change_any_publication_field(officer_client):
    samples = _world()
    before = _snapshot(samples)
    walked = []
    for model, _ in _portal_admins():
        obj = samples.get(model._meta.label)
        if obj is None:
            continue
        url = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk]
        )
        page = officer_client.get(url)
        assert page.status_code == 200, (url, page.status_code)
        for field in publication_fields(model):
            assert field.name not in page.context["adminform"].form.fields, (
                f"{model._meta.label}.{field.name} is editable by an officer"
            )
        data = posted_back(page)
        _add_hostile_values(data, page, model)
        response = officer_client.post(url, data)
        assert response.status_code in (200, 302), (url, response.status_code)
        walked.append(model._meta.label)
        assert _snapshot(samples) == before, f"an officer's post to {url} changed publication"
    assert {"funds.Grant", "panel.Decision", "performance.Commentary"} <= set(walked)


def test_officer_post_still_saves_the_rest_of_the_form(officer_client):
    """The walk above would pass if every post were refused; a decision's summary does save."""
    decision = DecisionFactory(restricted=True, withhold_title=True, summary="Old")
    url = reverse("admin:panel_decision_change", args=[decision.pk])
    data = posted_back(officer_client.get(url))
    data.update(summary="New summary", restricted="", withhold_title="")
    response = officer_client.post(url, data)
    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.summary, decision.restricted, decision.withhold_title) == (
        "New summary",
        True,
        True,
    )


def test_lead_lifts_a_restriction_with_a_reason_and_it_is_audited(lead_client, caplog):
    decision = DecisionFactory(restricted=True, withhold_title=True)
    url = reverse("admin:panel_decision_change", args=[decision.pk])
    data = posted_back(lead_client.get(url))
    data.pop("restricted", None)
    data.pop("withhold_title", None)
    refused = lead_client.post(url, data)
    assert refused.status_code == 200
    assert "Give the reason for changing what the public sees." in refused.content.decode()
    decision.refresh_from_db()
    assert decision.restricted
    data["publication_reason"] = "Contract signed; nothing left commercially sensitive."
    with caplog.at_level("INFO", logger="pcc_portal.audit"):
        assert lead_client.post(url, data).status_code == 302
    decision.refresh_from_db()
    assert (decision.restricted, decision.withhold_title) == (False, False)
    latest = decision.history.first()
    assert latest.history_change_reason.startswith("Contract signed")
    assert latest.history_user.username == "test-lead"
    events = [r for r in caplog.records if r.getMessage() == "decision_restriction_changed"]
    assert events and events[0].audit["restricted"] is False


def test_lead_changes_a_measures_target_only_with_a_reason(lead_client):
    measure = MeasureFactory(direction_of_good="down")
    url = reverse("admin:performance_measure_change", args=[measure.pk])
    data = posted_back(lead_client.get(url))
    data.update(target_operator="<", target_value="15", direction_of_good="up")
    data["publication_reason"] = "Target agreed at Strategic Scrutiny, 3 March 2022."
    assert lead_client.post(url, data).status_code == 302
    measure.refresh_from_db()
    assert (measure.direction_of_good, measure.target_operator, measure.target_value) == (
        "up",
        "<",
        Decimal("15"),
    )
    assert measure.history.first().history_change_reason.startswith("Target agreed")


def test_a_decision_an_officer_enters_is_restricted_until_the_lead_lifts_it(officer_client):
    response = officer_client.post(
        reverse("admin:panel_decision_add"),
        {
            "reference": "40/2021",
            "title": "Sensitive contract",
            "scope": "governance",
            "decided_on": "2021-11-03",
            "decision_maker": "pcc",
            "summary": "Not yet for the public.",
            "documents-TOTAL_FORMS": "0",
            "documents-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    from panel.models import Decision

    decision = Decision.objects.get(reference="40/2021")
    assert decision.restricted and decision.withhold_title
