import pytest

from tests.factories import MeasureFactory, ObservationFactory

pytestmark = pytest.mark.django_db


def test_officer_can_enter_figures_in_the_admin(officer_client):
    response = officer_client.get("/admin/performance/observation/add/")
    assert response.status_code == 200
    assert b"Value" in response.content


def test_officer_cannot_set_the_status_of_a_figure(officer_client):
    obs = ObservationFactory(status="draft")
    response = officer_client.get(f"/admin/performance/observation/{obs.pk}/change/")
    assert response.status_code == 200
    assert b'name="status"' not in response.content


def test_performance_lead_moves_the_status_only_with_the_sign_off_actions(lead_client):
    # A status field would let the lead skip verification or verify their own entry.
    obs = ObservationFactory(status="draft")
    response = lead_client.get(f"/admin/performance/observation/{obs.pk}/change/")
    assert b'name="status"' not in response.content
    changelist = lead_client.get("/admin/performance/observation/")
    assert b'value="verify_selected"' in changelist.content
    assert b'value="publish_selected"' in changelist.content


def test_panel_member_cannot_open_the_admin(panel_client):
    response = panel_client.get("/admin/performance/observation/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_public_cannot_open_the_admin(anon_client):
    response = anon_client.get("/admin/")
    assert response.status_code == 302


def test_lead_has_publish_permission_and_officer_does_not(officer, lead, panel_member):
    assert lead.has_perm("performance.publish_observation")
    assert lead.has_perm("performance.verify_observation")
    assert not officer.has_perm("performance.publish_observation")
    assert officer.has_perm("performance.add_observation")
    assert not panel_member.has_perm("performance.change_observation")


def test_admin_shows_the_computed_comparison(officer_client):
    measure = MeasureFactory(name="All crime", unit="count", direction_of_good="down")
    ObservationFactory(
        measure=measure, period_start="2019-04-01", period_end="2020-03-31", value=142374
    )
    current = ObservationFactory(measure=measure, value=119515)
    response = officer_client.get(f"/admin/performance/observation/{current.pk}/change/")
    assert "Decrease (16%, -22,859) (better)" in response.content.decode()
    listing = officer_client.get("/admin/performance/observation/")
    assert "Decrease (16%, -22,859)" in listing.content.decode()


def test_measure_page_hides_drafts_from_the_public(public_client):
    measure = MeasureFactory(name="Rape")
    ObservationFactory(measure=measure, value=1190)
    ObservationFactory(
        measure=measure,
        period_start="2021-04-01",
        period_end="2022-03-31",
        value=987654,
        status="draft",
    )
    page = public_client.get(measure.get_absolute_url()).content.decode()
    assert "1,190" in page
    assert "987,654" not in page


def test_staff_can_switch_on_drafts(officer_client):
    measure = MeasureFactory(name="Rape")
    ObservationFactory(measure=measure, value=987654, status="draft")
    assert "987,654" not in officer_client.get(measure.get_absolute_url()).content.decode()
    page = officer_client.get(measure.get_absolute_url() + "?drafts=1").content.decode()
    assert "987,654" in page
    assert "Draft" in page
