"""Sign-off: draft → verified → published, by the right people, and revisions with a reason."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.urls import reverse

from performance import services
from performance.models import Observation, Revision, Status
from performance.revisions import published_revisions, revisions_by_observation
from tests.factories import AreaFactory, MeasureFactory, ObservationFactory, UserFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:performance_observation_changelist")
Q1 = {"period_start": dt.date(2021, 4, 1), "period_end": dt.date(2021, 6, 30)}
Q2 = {"period_start": dt.date(2021, 7, 1), "period_end": dt.date(2021, 9, 30)}


@pytest.fixture
def quarterly():
    return MeasureFactory(code="lvs-referrals", name="LVS referrals", frequency="quarter")


def _draft(measure, author, **kwargs):
    fields = {"value": Decimal("100"), **Q1, **kwargs}
    return ObservationFactory(measure=measure, status=Status.DRAFT, entered_by=author, **fields)


def _action(client, action, observations, query="", **extra):
    data = {"action": action, "_selected_action": [o.pk for o in observations], **extra}
    return client.post(CHANGELIST + query, data, follow=True)


# Services --------------------------------------------------------------------------------


def test_lead_verifies_and_publishes_an_officers_draft(quarterly, officer, lead):
    obs = _draft(quarterly, officer)
    services.observation_verify(observation=obs, user=lead)
    obs.refresh_from_db()
    assert (obs.status, obs.verified_by) == (Status.VERIFIED, lead)
    services.observation_publish(observation=obs, user=lead)
    obs.refresh_from_db()
    assert obs.status == Status.PUBLISHED
    assert obs.published_at is not None


def test_officer_can_neither_verify_nor_publish(quarterly, officer):
    obs = _draft(quarterly, UserFactory(username="colleague"))
    with pytest.raises(PermissionDenied, match="Only the performance lead can verify"):
        services.observation_verify(observation=obs, user=officer)
    obs.status = Status.VERIFIED
    with pytest.raises(PermissionDenied, match="Only the performance lead can publish"):
        services.observation_publish(observation=obs, user=officer)
    obs.refresh_from_db()
    assert obs.status == Status.DRAFT


def test_nobody_verifies_their_own_entry(quarterly, lead):
    obs = _draft(quarterly, lead)
    with pytest.raises(services.WorkflowError) as error:
        services.observation_verify(observation=obs, user=lead)
    assert "You entered" in error.value.messages[0]
    assert "so someone else must verify it" in error.value.messages[0]
    obs.refresh_from_db()
    assert obs.status == Status.DRAFT


def test_only_verified_figures_are_published(quarterly, officer, lead):
    obs = _draft(quarterly, officer)
    with pytest.raises(services.WorkflowError, match="only verified records can be published"):
        services.observation_publish(observation=obs, user=lead)


def test_changing_a_verified_figure_makes_it_a_draft_of_the_editor(quarterly, officer, lead):
    obs = _draft(quarterly, UserFactory(username="colleague"))
    services.observation_verify(observation=obs, user=lead)
    obs.value = Decimal("101")
    services.observation_submit(observation=obs, user=officer)
    obs.refresh_from_db()
    assert (obs.status, obs.entered_by, obs.verified_by) == (Status.DRAFT, officer, None)


def test_a_published_figure_is_not_changed_by_submitting(quarterly, officer):
    obs = ObservationFactory(measure=quarterly, **Q1, value=Decimal("5"))
    obs.value = Decimal("6")
    with pytest.raises(services.WorkflowError, match="Revise published value"):
        services.observation_submit(observation=obs, user=officer)


def test_revision_needs_the_lead_and_a_reason_and_is_kept(quarterly, officer, lead):
    obs = ObservationFactory(measure=quarterly, **Q1, value=Decimal("5"))
    with pytest.raises(PermissionDenied):
        services.observation_revise(observation=obs, user=officer, value=Decimal("6"), reason="x")
    with pytest.raises(services.WorkflowError, match="Give the reason"):
        services.observation_revise(observation=obs, user=lead, value=Decimal("6"), reason="  ")
    with pytest.raises(services.WorkflowError, match="A count cannot be negative"):
        services.observation_revise(observation=obs, user=lead, value=Decimal("-6"), reason="x")

    revision = services.observation_revise(
        observation=obs, user=lead, value=Decimal("6"), reason="Late recorded crimes"
    )

    obs.refresh_from_db()
    assert (obs.value, obs.status) == (Decimal("6"), Status.PUBLISHED)
    assert (revision.old_value, revision.new_value, revision.revised_by) == (
        Decimal("5"),
        Decimal("6"),
        lead,
    )
    assert obs.history.latest().history_change_reason == "Revised: Late recorded crimes"


def test_measure_page_include_says_revised_on_and_was(quarterly, lead, panel_member):
    obs = ObservationFactory(measure=quarterly, **Q1, value=Decimal("1234"))
    services.observation_revise(
        observation=obs, user=lead, value=Decimal("1300"), reason="Resubmitted"
    )
    Revision.objects.update(revised_at=dt.datetime(2021, 8, 3, 10, tzinfo=dt.UTC))

    revisions = published_revisions(measure=quarterly, user=panel_member)
    html = render_to_string("performance/includes/revisions.html", {"revisions": revisions})

    assert "Lancashire, Q1 2021/22: revised on 3 August 2021: was 1,234 (now 1,300)." in " ".join(
        html.split()
    )
    assert "Resubmitted" in html
    assert list(revisions_by_observation(revisions)) == [obs.pk]


def test_revisions_of_other_measures_are_not_listed(quarterly, lead):
    other = ObservationFactory(measure=MeasureFactory(), value=Decimal("1"))
    services.observation_revise(observation=other, user=lead, value=Decimal("2"), reason="x")
    assert published_revisions(measure=quarterly, user=None) == []
    assert render_to_string("performance/includes/revisions.html", {"revisions": []}).strip() == ""


# The admin -------------------------------------------------------------------------------


def test_officer_entry_in_the_admin_is_a_draft_by_them(quarterly, officer_client, officer):
    area = AreaFactory()
    response = officer_client.post(
        reverse("admin:performance_observation_add"),
        {
            "measure": quarterly.pk,
            "area": area.pk,
            "period_start": "2021-04-01",
            "period_end": "2021-06-30",
            "value": "42",
            "note": "",
            "status": "published",  # not a field of the form: ignored
        },
    )
    assert response.status_code == 302
    obs = Observation.objects.get()
    assert (obs.status, obs.entered_by, obs.value) == (Status.DRAFT, officer, Decimal("42"))
    assert obs.history.get().history_user == officer


def test_a_published_figure_cannot_be_edited_in_the_admin_form(quarterly, lead_client):
    obs = ObservationFactory(measure=quarterly, **Q1, value=Decimal("5"))
    response = lead_client.post(
        reverse("admin:performance_observation_change", args=[obs.pk]),
        {
            "measure": quarterly.pk,
            "area": obs.area.pk,
            "period_start": "2021-04-01",
            "period_end": "2021-06-30",
            "value": "6",
            "note": "",
        },
    )
    assert "This figure is published, so it cannot be edited here" in response.content.decode()
    obs.refresh_from_db()
    assert obs.value == Decimal("5")


def test_verify_action_is_not_offered_to_officers(quarterly, officer_client, officer):
    obs = _draft(quarterly, UserFactory(username="colleague"))
    page = officer_client.get(CHANGELIST).content.decode()
    assert "verify_selected" not in page and "publish_selected" not in page
    _action(officer_client, "verify_selected", [obs])
    obs.refresh_from_db()
    assert obs.status == Status.DRAFT


def test_lead_verifies_a_whole_quarter_at_once_and_skips_own_entries(
    quarterly, lead_client, lead, officer
):
    areas = [AreaFactory(code=f"A{n}", name=f"Area {n}", position=n) for n in range(5)]
    quarter = [_draft(quarterly, officer, area=area) for area in areas]
    own = _draft(quarterly, lead, area=AreaFactory(code="OWN", name="Own", position=9))
    later = _draft(quarterly, officer, area=areas[0], **Q2)

    response = _action(
        lead_client,
        "verify_selected",
        [quarter[0]],
        query="?period=2021-04-01_2021-06-30",
        select_across="1",
        index="0",
    )

    page = response.content.decode()
    assert "Verified 5 figure(s)." in page
    assert (
        "1 figure(s) were not verified: You entered LVS referrals – Own – Q1 2021/22, so "
        "someone else must verify it." in page
    )
    assert set(Observation.objects.filter(status=Status.VERIFIED).values_list("pk", flat=True)) == {
        o.pk for o in quarter
    }
    own.refresh_from_db()
    later.refresh_from_db()
    assert own.status == later.status == Status.DRAFT


def test_publish_action_shows_warnings_and_needs_acknowledgement(
    quarterly, lead_client, lead, officer
):
    area = AreaFactory()
    for start, end, value in [
        ((2020, 4, 1), (2020, 6, 30), "100"),
        ((2020, 7, 1), (2020, 9, 30), "104"),
        ((2020, 10, 1), (2020, 12, 31), "98"),
        ((2021, 1, 1), (2021, 3, 31), "100"),
    ]:
        ObservationFactory(
            measure=quarterly,
            area=area,
            period_start=dt.date(*start),
            period_end=dt.date(*end),
            value=Decimal(value),
        )
    odd = _draft(quarterly, officer, area=area, value=Decimal("5000"))
    services.observation_verify(observation=odd, user=lead)

    page = _action(lead_client, "publish_selected", [odd]).content.decode()
    assert "1 data-quality warning" in page
    # Fifty times the period before: the scale check says so more precisely than the outlier's.
    assert "5,000 is about 50 times larger than 100 (Q4 2020/21, the period before)" in page

    page = _action(lead_client, "publish_selected", [odd], confirm="yes").content.decode()
    assert "Tick the acknowledgement of the warnings to publish." in page
    odd.refresh_from_db()
    assert odd.status == Status.VERIFIED

    page = _action(
        lead_client, "publish_selected", [odd], confirm="yes", acknowledge="yes"
    ).content.decode()
    assert "Published 1 figure(s)." in page
    odd.refresh_from_db()
    assert odd.status == Status.PUBLISHED
    assert odd.quality_acknowledged_by == lead
    assert "5,000 is about 50 times larger than 100" in odd.quality_warnings


def test_publishing_without_warnings_needs_no_acknowledgement(
    quarterly, lead_client, lead, officer
):
    obs = _draft(quarterly, officer)
    services.observation_verify(observation=obs, user=lead)
    page = _action(lead_client, "publish_selected", [obs], confirm="yes").content.decode()
    assert "Published 1 figure(s)." in page
    obs.refresh_from_db()
    assert (obs.status, obs.quality_acknowledged_by) == (Status.PUBLISHED, None)


def test_revise_page_is_for_the_lead_and_records_the_reason(
    quarterly, lead_client, officer_client, lead
):
    obs = ObservationFactory(measure=quarterly, **Q1, value=Decimal("5"))
    url = reverse("admin:performance_observation_revise", args=[obs.pk])
    assert officer_client.get(url).status_code == 403

    page = lead_client.post(url, {"value": "6", "reason": ""}).content.decode()
    assert "This field is required." in page
    response = lead_client.post(url, {"value": "6", "reason": "Force resubmitted the quarter"})
    assert response.status_code == 302
    revision = Revision.objects.get()
    assert (revision.observation, revision.reason, revision.revised_by) == (
        obs,
        "Force resubmitted the quarter",
        lead,
    )
    change_page = lead_client.get(
        reverse("admin:performance_observation_change", args=[obs.pk])
    ).content.decode()
    assert "Force resubmitted the quarter" in change_page
    assert "Revise published value" in change_page


def test_revising_a_draft_is_refused_on_the_page(quarterly, lead_client, officer):
    obs = _draft(quarterly, officer)
    page = lead_client.post(
        reverse("admin:performance_observation_revise", args=[obs.pk]),
        {"value": "6", "reason": "x"},
    ).content.decode()
    assert "Only a published figure is revised" in page
