"""Publishing is the lead's act: commentary signed off like figures, nobody publishes their own
entry, published figures withdrawn with a reason and never deleted, notes of published figures
editable without a 500."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from pcc_portal.publication import SignOffError
from performance import services
from performance.models import Commentary, Observation, Status
from tests.factories import MeasureFactory, ObservationFactory, PriorityFactory, UserFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:performance_observation_changelist")


@pytest.fixture
def colleague():
    return UserFactory(username="colleague")


def _commentary(author, priority=None):
    return Commentary.objects.create(
        priority=priority or PriorityFactory(),
        period_start=dt.date(2020, 4, 1),
        period_end=dt.date(2021, 3, 31),
        text="Burglary fell by a fifth.",
        entered_by=author,
    )


# Commentary sign-off ----------------------------------------------------------------------------


def test_commentary_goes_draft_verified_published_by_the_lead(officer, lead):
    note = _commentary(officer)
    assert not Commentary.objects.visible_to(None).exists()
    services.commentary_verify(commentary=note, user=lead)
    services.commentary_publish(commentary=note, user=lead)
    note.refresh_from_db()
    assert (note.status, note.verified_by) == (Status.PUBLISHED, lead)
    assert list(Commentary.objects.visible_to(None)) == [note]
    assert note.history.first().history_change_reason == "Published"


def test_officer_cannot_verify_or_publish_commentary(officer, colleague):
    note = _commentary(colleague)
    with pytest.raises(PermissionDenied):
        services.commentary_verify(commentary=note, user=officer)
    note.status = Status.VERIFIED
    with pytest.raises(PermissionDenied):
        services.commentary_publish(commentary=note, user=officer)


def test_lead_neither_verifies_nor_publishes_their_own_commentary(lead, colleague):
    note = _commentary(lead)
    with pytest.raises(SignOffError, match="someone else must verify"):
        services.commentary_verify(commentary=note, user=lead)
    note.status, note.verified_by = Status.VERIFIED, colleague
    note.save()
    with pytest.raises(SignOffError, match="someone else must publish"):
        services.commentary_publish(commentary=note, user=lead)


def test_changed_commentary_text_is_a_new_draft_by_its_writer(officer, lead, colleague):
    note = _commentary(colleague)
    services.commentary_verify(commentary=note, user=lead)
    note.text = "Burglary fell by a quarter."
    services.commentary_submit(commentary=note, user=officer)
    note.refresh_from_db()
    assert (note.status, note.entered_by, note.verified_by) == (Status.DRAFT, officer, None)


def test_officer_commentary_form_cannot_publish(officer_client, officer):
    priority = PriorityFactory()
    response = officer_client.post(
        reverse("admin:performance_commentary_add"),
        {
            "priority": priority.pk,
            "period_start": "2020-04-01",
            "period_end": "2021-03-31",
            "text": "Typed by an officer.",
            "status": "published",
            "verified_by": officer.pk,
        },
    )
    assert response.status_code == 302
    note = Commentary.objects.get()
    assert (note.status, note.entered_by, note.verified_by) == (Status.DRAFT, officer, None)


# Nobody publishes their own figure -------------------------------------------------------------


def test_lead_cannot_publish_a_figure_they_entered_once_someone_verified_it(lead, colleague):
    obs = ObservationFactory(status=Status.VERIFIED, entered_by=lead, verified_by=colleague)
    with pytest.raises(services.WorkflowError, match="someone else must publish"):
        services.observation_publish(observation=obs, user=lead)
    obs.refresh_from_db()
    assert obs.status == Status.VERIFIED


# Withdrawal, never deletion ---------------------------------------------------------------------


def test_published_figure_is_withdrawn_with_a_reason_shown_on_its_measure_page(lead, client):
    measure = MeasureFactory(code="burglary", name="Burglary")
    obs = ObservationFactory(measure=measure, value=Decimal("5123"))
    with pytest.raises(SignOffError, match="reason"):
        services.observation_withdraw(observation=obs, user=lead, reason="  ")
    services.observation_withdraw(
        observation=obs, user=lead, reason="Double-counted crimes in the source extract."
    )
    obs.refresh_from_db()
    assert obs.status == Status.WITHDRAWN
    assert not Observation.objects.visible_to(None).exists()
    page = client.get(reverse("performance:measure", kwargs={"measure": "burglary"}))
    text = page.content.decode()
    assert "5,123" not in text
    assert "Withdrawn on" in text and "Double-counted crimes in the source extract." in text


def test_officer_cannot_withdraw(officer):
    obs = ObservationFactory()
    with pytest.raises(PermissionDenied):
        services.observation_withdraw(observation=obs, user=officer, reason="Wrong")


def test_lead_withdraws_from_the_list_with_a_reason(lead_client):
    obs = ObservationFactory()
    data = {"action": "withdraw_selected", "_selected_action": [obs.pk]}
    page = lead_client.post(CHANGELIST, data)
    assert "Reason, shown to readers" in page.content.decode()
    lead_client.post(
        CHANGELIST, {**data, "confirm": "yes", "withdrawal_reason": "Source corrected."}
    )
    obs.refresh_from_db()
    assert (obs.status, obs.withdrawal_reason) == (Status.WITHDRAWN, "Source corrected.")


@pytest.mark.parametrize("client_name", ["officer_client", "lead_client"])
def test_deleting_a_published_figure_is_refused_singly(client_name, request):
    client = request.getfixturevalue(client_name)
    obs = ObservationFactory()
    url = reverse("admin:performance_observation_delete", args=[obs.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Observation.objects.filter(pk=obs.pk).exists()


@pytest.mark.parametrize("client_name", ["officer_client", "lead_client"])
def test_bulk_delete_selected_with_a_published_figure_is_refused(client_name, request):
    client = request.getfixturevalue(client_name)
    published = ObservationFactory()
    draft = ObservationFactory(status=Status.DRAFT, period_start=dt.date(2019, 4, 1))
    data = {"action": "delete_selected", "_selected_action": [published.pk, draft.pk]}
    response = client.post(CHANGELIST, {**data, "post": "yes"})
    assert response.status_code in (200, 403)
    assert Observation.objects.filter(pk__in=[published.pk, draft.pk]).count() == 2


def test_a_draft_figure_may_still_be_deleted(officer_client):
    draft = ObservationFactory(status=Status.DRAFT)
    url = reverse("admin:performance_observation_delete", args=[draft.pk])
    assert officer_client.post(url, {"post": "yes"}).status_code == 302
    assert not Observation.objects.filter(pk=draft.pk).exists()


# A published figure's note --------------------------------------------------------------------


@pytest.mark.parametrize("client_name", ["officer_client", "lead_client"])
def test_editing_only_the_note_of_a_published_figure_works(client_name, request):
    client = request.getfixturevalue(client_name)
    obs = ObservationFactory(note="Old note", value=Decimal("100"))
    url = reverse("admin:performance_observation_change", args=[obs.pk])
    data = {
        "measure": obs.measure_id,
        "area": obs.area_id,
        "period_start": "2020-04-01",
        "period_end": "2021-03-31",
        "value": "100",
        "note": "Source: recorded crime dashboard, 14 April 2021.",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    obs.refresh_from_db()
    assert (obs.note, obs.status, obs.value) == (
        "Source: recorded crime dashboard, 14 April 2021.",
        Status.PUBLISHED,
        Decimal("100"),
    )
    assert obs.history.first().history_change_reason == "Note changed"


def test_crafted_admin_post_with_a_bad_measure_is_a_form_error(officer_client):
    obs = ObservationFactory(status=Status.DRAFT)
    url = reverse("admin:performance_observation_change", args=[obs.pk])
    response = officer_client.post(url, {"measure": "x", "area": "x", "value": "1"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
