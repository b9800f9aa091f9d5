"""Spend over £500: the workbooks import as published, month totals to the penny, the public
page lists, totals, filters, searches and exports them."""

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from finance.models import SpendPayment
from pcc_portal.open_data import import_paths
from tests.publications import editions

pytestmark = pytest.mark.django_db


@pytest.fixture
def spend(officer):
    run = import_paths([editions.SPEND_2020, editions.SPEND_2023], user=officer)
    assert run.ok, run.problems
    return run


def _sheet_total(path, sheet) -> Decimal:
    rows = openpyxl.load_workbook(path, read_only=True, data_only=True)[sheet]
    amounts = [r[2] for r in rows.iter_rows(min_row=2, values_only=True) if r[2] is not None]
    return sum(Decimal(str(a)).quantize(Decimal("0.01")) for a in amounts)


def test_months_import_with_their_totals_to_the_penny(spend):
    assert SpendPayment.objects.dates("month", "month").count() == 24
    april_2020 = SpendPayment.objects.filter(month=dt.date(2020, 4, 1))
    assert sum(p.amount for p in april_2020) == _sheet_total(editions.SPEND_2020, "Apr 20")
    january = SpendPayment.objects.filter(month=dt.date(2024, 1, 1)).first()
    assert january.sheet == "Jan '24" and january.paid_on.month == 1
    assert all(p.imported_by is not None for p in april_2020)


def test_importing_the_workbook_again_changes_nothing(spend, officer):
    before = list(SpendPayment.objects.order_by("pk").values_list("pk", "amount"))
    again = import_paths([editions.SPEND_2023], user=officer)
    assert again.reports[0].counts["unchanged"] == 9289
    assert list(SpendPayment.objects.order_by("pk").values_list("pk", "amount")) == before


def test_public_page_lists_payments_and_month_totals(spend, anon_client):
    page = anon_client.get("/finance/spend/?month=2020-04-01").content.decode()
    total = _sheet_total(editions.SPEND_2020, "Apr 20")
    assert f"£{total:,.2f}" in page
    assert "Largest totals by supplier" in page and "April 2020" in page
    one = anon_client.get("/finance/spend/?month=2020-04-01&supplier=whitegate").content.decode()
    assert "WHITEGATE VEHICLE SOLUTIONS LTD" in one and "£598.30" in one
    assert "sheet “Apr 20”, cell C2" in one


def test_search_by_supplier_and_csv_export(spend, anon_client):
    response = anon_client.get("/finance/spend/?q=bidfood&year=2023&_export=csv")
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert rows and all(r["Supplier"] == "BIDFOOD" for r in rows)
    assert {r["Date"][:4] for r in rows} <= {"2023", "2024"}
    expected = SpendPayment.objects.filter(supplier="BIDFOOD", month__gte=dt.date(2023, 4, 1))
    assert len(rows) == expected.count()
    assert sum(Decimal(r["Amount"]) for r in rows) == sum(p.amount for p in expected)
