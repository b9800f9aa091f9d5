"""Grant admin forms: each bad input gets a message on its field and nothing is saved."""

import pytest

from funds.models import Grant
from tests.funds.factories import FundFactory, GrantFactory, OrganisationFactory


@pytest.fixture
def form_data(db):
    fund = FundFactory(start_year=2020)
    organisation = OrganisationFactory()
    return {
        "fund": fund.pk,
        "organisation": organisation.pk,
        "title": "The Recourse Project",
        "purpose": "Diverting women from the criminal justice system.",
        "amount_awarded": "25000",
        "amount_requested": "",
        "award_date": "2020-08-31",
        "award_date_precision": "month",
        "status": "approved",
        "decision_reference": "",
        "priority": "",
        "people_reached": "",
        "is_published": "on",
        "note": "",
    }


def _errors(response):
    return response.context["adminform"].form.errors


def test_officer_adds_a_grant_and_its_history_records_who(officer_client, officer, form_data):
    response = officer_client.post("/admin/funds/grant/add/", form_data)

    assert response.status_code == 302
    grant = Grant.objects.get()
    assert grant.history.get().history_user == officer


def test_award_date_outside_the_funds_year_is_refused_with_the_reason(officer_client, form_data):
    response = officer_client.post(
        "/admin/funds/grant/add/",
        {**form_data, "award_date": "2021-04-30", "award_date_precision": "day"},
    )

    assert _errors(response)["award_date"] == [
        "The award date 30 April 2021 is outside the fund's financial year 2020/21 "
        "(1 April 2020 to 31 March 2021). Change the date or choose the fund of that year."
    ]
    assert not Grant.objects.exists()


@pytest.mark.parametrize("amount", ["-25000", "0"])
def test_amount_awarded_must_be_positive(officer_client, form_data, amount):
    response = officer_client.post(
        "/admin/funds/grant/add/", {**form_data, "amount_awarded": amount}
    )

    assert _errors(response)["amount_awarded"] == ["Enter an amount greater than zero."]
    assert not Grant.objects.exists()


def test_amount_with_a_typo_is_refused(officer_client, form_data):
    response = officer_client.post(
        "/admin/funds/grant/add/", {**form_data, "amount_awarded": "25,OOO"}
    )

    assert "Enter a number." in _errors(response)["amount_awarded"]


@pytest.mark.parametrize("reference", ["17-2021", "2021/17", "17/21", "0/2021"])
def test_decision_reference_must_be_number_slash_year(officer_client, form_data, reference):
    response = officer_client.post(
        "/admin/funds/grant/add/", {**form_data, "decision_reference": reference}
    )

    assert (
        "write the number, a slash and the four-digit year, e.g. 17/2021"
        in _errors(response)["decision_reference"][0]
    )


def test_a_good_decision_reference_is_kept(officer_client, form_data):
    officer_client.post("/admin/funds/grant/add/", {**form_data, "decision_reference": "17/2021"})

    assert Grant.objects.get().decision_reference == "17/2021"


def test_month_only_date_must_be_the_months_last_day(officer_client, form_data):
    response = officer_client.post(
        "/admin/funds/grant/add/", {**form_data, "award_date": "2020-08-15"}
    )

    assert "enter the month's last day" in _errors(response)["award_date_precision"][0]


def test_a_paid_grant_needs_its_amount(officer_client, form_data):
    response = officer_client.post(
        "/admin/funds/grant/add/", {**form_data, "status": "paid", "amount_awarded": ""}
    )

    assert _errors(response)["amount_awarded"] == [
        "A paid or closed grant needs the amount awarded."
    ]


def test_panel_member_cannot_open_the_grant_admin(panel_client, db):
    grant = GrantFactory()

    response = panel_client.get(f"/admin/funds/grant/{grant.pk}/change/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_roles_permissions_officers_edit_panel_views(officer, lead, panel_member):
    assert officer.has_perm("funds.change_grant") and officer.has_perm("funds.add_grant")
    assert lead.has_perm("funds.delete_grant")
    assert panel_member.has_perm("funds.view_grant")
    assert not panel_member.has_perm("funds.change_grant")
