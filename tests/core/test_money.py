"""One rule for money: pence are shown exactly when an amount has pence, on every page,
export and PDF that prints pounds."""

from decimal import Decimal

import pytest

from core.formatting import millions, money_text, pounds
from panel.reports.annual import render_annual_tables
from tests.finance.factories import FinancialYearFactory, SpecificGrantFactory
from tests.funds.factories import GrantFactory
from tests.reports.conftest import pdf_text

WITH_PENCE = Decimal("33939.53")


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("25000"), "£25,000"),
        (Decimal("25000.00"), "£25,000"),
        (WITH_PENCE, "£33,939.53"),
        (Decimal("0.50"), "£0.50"),
        (Decimal("-1200.5"), "-£1,200.50"),
        (None, "–"),
    ],
)
def test_pounds_show_pence_only_when_the_amount_has_pence(amount, text):
    assert pounds(amount) == text


def test_pounds_under_a_pound_heading_and_signed_changes():
    assert pounds(WITH_PENCE, symbol=False) == "33,939.53"
    assert pounds(Decimal("5"), sign=True) == "+£5"
    assert pounds(Decimal("0"), sign=True) == "£0"


def test_millions_are_written_to_the_thousand_or_as_few_places_as_asked():
    assert millions(Decimal("312.93")) == "312.930"
    assert millions(Decimal("6.200"), least=1) == "6.2"
    assert millions(Decimal("-2.008")) == "-2.008"
    assert millions(Decimal("1.5"), sign=True) == "+1.500"
    assert money_text(Decimal("312.93"), "m") == "£312.930m"
    assert money_text(WITH_PENCE, "£") == "£33,939.53"


@pytest.mark.django_db
def test_a_grant_with_pence_reads_the_same_on_the_finance_page_and_in_the_annual_pdf(
    anon_client,
):
    year = FinancialYearFactory(start_year=2020)
    SpecificGrantFactory(year=year, name="Violence reduction unit", amount=WITH_PENCE)

    html = anon_client.get("/finance/?year=2020").content.decode()
    assert html.count("£33,939.53") >= 2  # the row and the group's total
    assert "£33,940" not in html
    csv_rows = anon_client.get("/finance/?year=2020&table=specific_grants&_export=csv")
    assert "33939.53" in csv_rows.getvalue().decode()

    text = pdf_text(render_annual_tables(start_year=2020).pdf)
    assert "Violence reduction unit 33,939.53" in text


@pytest.mark.django_db
def test_a_grant_with_pence_reads_the_same_in_the_grant_list_and_its_total(anon_client):
    GrantFactory(title="Safer streets", amount_awarded=WITH_PENCE)

    html = anon_client.get("/funds/grants/").content.decode()
    assert "£33,939.53" in html
    assert "Total £33,939.53" in html
    assert "£33,940" not in html
