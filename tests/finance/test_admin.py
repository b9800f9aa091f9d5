"""Admin forms: bad input is refused with a message on the field, and nothing is saved."""

import pytest

from finance.models import BudgetLine, FinancialYear, FundingLine
from tests.finance.factories import FinancialYearFactory, FundingLineFactory


def test_negative_budget_line_is_refused_with_a_message(officer_client, db):
    year = FinancialYearFactory()

    response = officer_client.post(
        "/admin/finance/budgetline/add/",
        {"year": year.pk, "kind": "saving", "label": "Savings", "amount": "-2.008", "position": 1},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["amount"] == [
        "Enter an amount greater than zero."
    ]
    assert not BudgetLine.objects.exists()


def test_an_amount_that_is_not_a_number_is_refused(officer_client, db):
    year = FinancialYearFactory()

    response = officer_client.post(
        "/admin/finance/fundingline/add/",
        {"year": year.pk, "source": "council_tax", "amount": "94,9O6", "position": 1},
    )

    assert "Enter a number." in response.context["adminform"].form.errors["amount"]
    assert not FundingLine.objects.exists()


def test_a_second_amount_for_the_same_source_and_year_is_refused(officer_client, db):
    line = FundingLineFactory(source="council_tax")

    response = officer_client.post(
        "/admin/finance/fundingline/add/",
        {"year": line.year.pk, "source": "council_tax", "amount": "1.000", "position": 1},
    )

    assert "This source already has an amount for this year." in response.content.decode()
    assert FundingLine.objects.count() == 1


def test_officer_adds_a_funding_line_and_the_change_is_audited(officer_client, officer, db):
    year = FinancialYearFactory()

    officer_client.post(
        "/admin/finance/fundingline/add/",
        {"year": year.pk, "source": "council_tax", "amount": "94.906", "position": 1},
    )

    line = FundingLine.objects.get()
    assert line.history.get().history_user == officer


def test_year_page_shows_the_computed_requirement(officer_client, finance_demo):
    response = officer_client.get(f"/admin/finance/financialyear/{finance_demo.pk}/change/")

    assert "312.930" in response.content.decode()


@pytest.mark.parametrize("url", ["/admin/finance/financialyear/", "/admin/finance/budgetline/add/"])
def test_panel_member_cannot_use_the_finance_admin(panel_client, url):
    response = panel_client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_panel_member_has_only_view_permissions(panel_member):
    assert panel_member.has_perm("finance.view_budgetline")
    assert not panel_member.has_perm("finance.change_budgetline")
    assert not FinancialYear.objects.exists()
