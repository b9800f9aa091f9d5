"""A published grant or year's finance tables is withdrawn by the lead with a reason, and
readers see when and why where it used to be; it is never deleted."""

import pytest
from django.urls import reverse
from django.utils import timezone

from funds.models import Grant
from tests.admin_forms import posted_back
from tests.finance.factories import FinancialYearFactory
from tests.funds.factories import FundFactory, GrantFactory, OrganisationFactory

REASON = "Awarded in error: the project did not go ahead."


def _withdraw_in_admin(client, url_name, record):
    url = reverse(url_name, args=[record.pk])
    data = posted_back(client.get(url))
    data.pop("is_published")
    data["publication_reason"] = REASON
    return client.post(url, data)


@pytest.fixture
def grant(db):
    fund = FundFactory(start_year=2020, name="Community Action Fund")
    organisation = OrganisationFactory(name="Safer Streets Trust")
    return GrantFactory(
        fund=fund, organisation=organisation, title="Night Safe Haven", amount_awarded=4321
    )


def test_lead_withdraws_a_grant_and_the_list_says_when_and_why(lead_client, grant, client):
    assert _withdraw_in_admin(lead_client, "admin:funds_grant_change", grant).status_code == 302

    grant.refresh_from_db()
    assert (grant.is_published, grant.withdrawal_reason) == (False, REASON)
    assert grant.withdrawn_by.username == "test-lead"
    page = client.get(reverse("funds:grants")).content.decode()
    today = timezone.localdate()
    assert (
        f"Night Safe Haven (Safer Streets Trust), Community Action Fund 2020/21: "
        f"Withdrawn on {today:%-d %B %Y}: {REASON}"
    ) in page
    assert "4,321" not in page
    assert "Night Safe Haven" not in client.get(reverse("funds:360giving-csv")).content.decode()


def test_a_withdrawn_grant_is_never_deleted(lead_client, officer_client, grant):
    _withdraw_in_admin(lead_client, "admin:funds_grant_change", grant)

    for client in (lead_client, officer_client):
        response = client.post(
            reverse("admin:funds_grant_delete", args=[grant.pk]), {"post": "yes"}
        )
        assert response.status_code == 403
    assert Grant.objects.filter(pk=grant.pk).exists()


def test_publishing_again_clears_the_withdrawal(lead_client, grant, client):
    _withdraw_in_admin(lead_client, "admin:funds_grant_change", grant)
    url = reverse("admin:funds_grant_change", args=[grant.pk])
    data = posted_back(lead_client.get(url))
    data |= {"is_published": "on", "publication_reason": "The project went ahead after all."}
    assert lead_client.post(url, data).status_code == 302

    grant.refresh_from_db()
    assert grant.is_published and not grant.is_withdrawn and grant.withdrawal_reason == ""
    assert "Withdrawn grants" not in client.get(reverse("funds:grants")).content.decode()


def test_a_withdrawn_years_address_says_when_and_why_and_shows_no_figures(lead_client, client):
    FinancialYearFactory(start_year=2021)
    withdrawn = FinancialYearFactory(start_year=2020, brought_forward_requirement=987.654)
    response = _withdraw_in_admin(lead_client, "admin:finance_financialyear_change", withdrawn)
    assert response.status_code == 302

    page = client.get(reverse("finance:index"), {"year": 2020})
    text = page.content.decode()
    assert page.status_code == 200
    today = timezone.localdate()
    assert (
        f"The finance tables for 2020/21 were withdrawn. Withdrawn on {today:%-d %B %Y}: {REASON}"
        in text
    )
    assert "987" not in text
    latest = client.get(reverse("finance:index")).content.decode()
    assert "Budget and funding 2021/22" in latest
    assert "The finance tables for 2020/21 were withdrawn." in latest
    assert client.get(reverse("finance:index"), {"year": 2019}).status_code == 404
