"""The figures table and the measures table: filters, sorting, CSV and XLSX exports."""

import csv
import io
import re
from decimal import Decimal

import openpyxl
import pytest

from core.comparisons import compare_measure
from core.periods import Period
from performance.selectors import period_key
from tests.factories import MeasureFactory, PlanFactory, PriorityFactory
from tests.performance.factories import england_and_wales, force, grow_measures, observation
from tests.performance.periods import Q4_2020, YEAR_2019, YEAR_2020

pytestmark = pytest.mark.django_db
URL = "/performance/observations/"
PUBLIC_COLUMNS = [
    "Measure",
    "Area",
    "Period",
    "Value",
    "Unit",
    "Compared with a year earlier",
    "Source",
]


@pytest.fixture
def data():
    plan = PlanFactory(code="pcp-2021")
    other = PlanFactory(code="pcp-2016")
    priority = PriorityFactory(plan=plan, code="crime", title="Tackling crime")
    rape = MeasureFactory(code="rape", name="Rape", source="Recorded crime dashboard")
    rape.priorities.add(priority)
    calls = MeasureFactory(
        code="calls",
        name="999 calls answered",
        percentage=True,
        direction_of_good="up",
        source="Force Control Room",
    )
    calls.priorities.add(PriorityFactory(plan=other, code="local", title="Local policing"))
    observation(rape, force(), YEAR_2019, 1358)
    observation(rape, force(), YEAR_2020, 1190)
    observation(rape, england_and_wales(), YEAR_2020, 55000)
    observation(rape, force(), Period.financial_year(2021), 1300, status="draft")
    observation(calls, force(), YEAR_2019, "77.3")
    observation(calls, force(), YEAR_2020, "83.8")
    observation(calls, force(), Q4_2020, "90.5")
    return rape, calls


def export(client, query):
    return client.get(f"{URL}?{query}")


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def xlsx_rows(response):
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [[cell for cell in row] for row in book.active.iter_rows(values_only=True)]


def test_csv_has_exactly_the_columns_and_rows_shown(public_client, data):
    rape, _ = data
    rows = csv_rows(export(public_client, "measure=rape&_export=csv"))
    assert rows[0] == PUBLIC_COLUMNS
    expected = compare_measure(rape, Decimal("1190"), Decimal("1358")).text
    assert rows[1:] == [
        [
            "Rape",
            "Lancashire",
            "12 months to March 2021",
            "1190",
            "Count",
            expected,
            "Recorded crime dashboard",
        ],
        [
            "Rape",
            "England and Wales",
            "12 months to March 2021",
            "55000",
            "Count",
            "No previous figure",
            "Recorded crime dashboard",
        ],
        [
            "Rape",
            "Lancashire",
            "12 months to March 2020",
            "1358",
            "Count",
            "No previous figure",
            "Recorded crime dashboard",
        ],
    ]
    page = re.sub(r"\s+", " ", public_client.get(f"{URL}?measure=rape").content.decode())
    for column in PUBLIC_COLUMNS:
        assert column in page
    assert "Status" not in page
    assert "Verified by" not in page


def test_xlsx_rows_match_the_filtered_table(public_client, data):
    rows = xlsx_rows(export(public_client, "unit=percentage&_export=xlsx"))
    assert list(rows[0]) == PUBLIC_COLUMNS
    body = [list(row) for row in rows[1:]]
    # Newest first; of two periods ending together, the 12 months before the quarter.
    assert [row[2] for row in body] == [
        "12 months to March 2021",
        "Q4 2020/21",
        "12 months to March 2020",
    ]
    assert [Decimal(str(row[3])) for row in body] == [
        Decimal("83.8"),
        Decimal("90.5"),
        Decimal("77.3"),
    ]
    # Text starting with "+" is written with an apostrophe so no spreadsheet runs it.
    assert body[0][5] == "'+6.5 pp"


def test_filters_by_plan_priority_area_period_source_and_text(anon_client, data):
    def measures(query):
        return {row[0] for row in csv_rows(export(anon_client, query + "&_export=csv"))[1:]}

    assert measures("plan=pcp-2016") == {"999 calls answered"}
    assert measures("source=Recorded+crime+dashboard") == {"Rape"}
    assert measures("q=999") == {"999 calls answered"}
    assert measures(f"period={period_key(Q4_2020)}") == {"999 calls answered"}
    areas = {row[1] for row in csv_rows(export(anon_client, "area=EW&_export=csv"))[1:]}
    assert areas == {"England and Wales"}


def test_bad_filter_values_get_a_message_not_an_error(anon_client, data):
    response = anon_client.get(f"{URL}?period=nonsense&area=NOWHERE&sort=nonsense")
    page = re.sub(r"\s+", " ", response.content.decode())
    assert response.status_code == 200
    assert "Select a valid choice" in page


def test_drafts_never_in_the_public_export_but_marked_for_staff(
    public_client, officer_client, data
):
    public = csv_rows(export(public_client, "drafts=1&_export=csv"))
    assert "1300" not in {row[3] for row in public}
    staff = csv_rows(export(officer_client, "drafts=1&measure=rape&_export=csv"))
    assert staff[0] == PUBLIC_COLUMNS[:6] + ["Status"] + PUBLIC_COLUMNS[6:] + ["Verified by"]
    assert [staff[1][3], staff[1][6]] == ["1300", "Draft"]
    page = officer_client.get(f"{URL}?drafts=1&measure=rape").content.decode()
    assert "govuk-tag--yellow'>Draft</strong>" in page


def test_measures_table_links_every_measure(anon_client, data):
    page = anon_client.get("/performance/measures/").content.decode()
    assert 'href="/performance/measures/rape/"' in page
    assert 'href="/performance/measures/calls/"' in page
    rows = csv_rows(anon_client.get("/performance/measures/?_export=csv"))
    assert rows[0][0] == "Measure" and {r[0] for r in rows[1:]} == {"Rape", "999 calls answered"}


@pytest.mark.parametrize("count", [10, 200])
def test_filtered_table_query_count_does_not_grow(
    count, anon_client, django_assert_max_num_queries
):
    priority = PriorityFactory(plan=PlanFactory(code="pcp-2021"))
    grow_measures(priority, count)
    with django_assert_max_num_queries(13):
        response = anon_client.get(f"{URL}?plan=pcp-2021&area=LANC&sort=-value")
    assert response.content.decode().count("Bulk measure") >= 25
