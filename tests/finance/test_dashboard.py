"""The finance dashboard: what each audience sees, its exports and its query count."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.finance.factories import (
    BudgetLineFactory,
    FinancialYearFactory,
    MonitoringLineFactory,
    SpecificGrantFactory,
)


def test_dashboard_prints_the_computed_requirement_and_shares(anon_client, finance_demo):
    response = anon_client.get("/finance/?year=2020")

    html = response.content.decode()
    assert "Budget and funding 2020/21" in html
    assert "£312.930m" in html
    assert "66.2%" in html and "30.3%" in html
    # The printed specific-grant totals that do not add up are a footnote, citing the paper,
    # not a checklist of the portal's own arithmetic.
    assert "Annual Report 2020/21, Specific grant funding 2020/21 prints a total of" in html
    assert "£10,728,023" in html and "£9,006,023" in html
    assert "Adds up" not in html and "do not add up; the public see" not in html


def test_staff_are_told_in_one_sentence_what_does_not_add_up(officer_client, finance_demo):
    html = officer_client.get("/finance/?year=2020").content.decode()
    assert "2 of the published figures for 2020/21 do not add up" in html
    assert "Adds up" not in html


def test_dashboard_defaults_to_the_latest_year_with_a_budget_build(anon_client, finance_demo):
    response = anon_client.get("/finance/")

    assert response.context["dashboard"].year.start_year == 2020


def _figure(html: str, element_id: str) -> dict:
    start = html.index(f'<script id="{element_id}" type="application/json">')
    body = html[html.index(">", start) + 1 : html.index("</script>", start)]
    return json.loads(body)


def test_dashboard_carries_its_charts_as_json_figures_not_inline_script(anon_client, finance_demo):
    html = anon_client.get("/finance/?year=2020").content.decode()

    funding = _figure(html, "funding-figure")
    assert funding["data"][0]["type"] == "pie"
    shares = dict(zip(funding["data"][0]["labels"], funding["data"][0]["values"], strict=True))
    assert shares["Council tax"] == pytest.approx(94.906)
    assert sum(shares.values()) == pytest.approx(312.930, abs=0.002)  # the papers round each line
    waterfall = _figure(html, "waterfall-figure")
    assert [trace["name"] for trace in waterfall["data"]] == [
        "",
        "Total",
        "Cost pressure",
        "Saving",
    ]
    assert "£312.930m" in waterfall["data"][1]["text"]
    assert 'data-chart="frontline-figure"' in html
    assert "js/charts.js" in html
    assert "Plotly.newPlot" not in html


def test_unpublished_year_is_hidden_from_the_public(public_client, db):
    FinancialYearFactory(start_year=2022, is_published=False)

    assert public_client.get("/finance/?year=2022").status_code == 404
    assert "2022/23" not in public_client.get("/finance/").content.decode()


def test_officer_sees_an_unpublished_year_only_when_asking_for_drafts(officer_client, db):
    FinancialYearFactory(start_year=2022, is_published=False)

    assert officer_client.get("/finance/?year=2022").status_code == 404
    response = officer_client.get("/finance/?year=2022&drafts=1")
    assert "Not published" in response.content.decode()


@pytest.mark.parametrize(
    "query", ["year=abc", "year=1999", "year=2020&_export=pdf", "year=2020&_export=csv&table=nope"]
)
def test_bad_query_parameters_give_404_not_500(anon_client, finance_demo, query):
    assert anon_client.get(f"/finance/?{query}").status_code == 404


def test_funding_export_has_the_rows_and_shares(anon_client, finance_demo):
    response = anon_client.get("/finance/?year=2020&_export=csv&table=funding")

    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[0] == ["Funded by", "£m", "Share"]
    assert ["Council tax", "94.906", "30.3"] in rows
    assert len(rows) == 4


def test_budget_build_xlsx_export_is_a_spreadsheet(anon_client, finance_demo):
    response = anon_client.get("/finance/?year=2020&_export=xlsx&table=budget_build")

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


def test_monitoring_variance_is_computed_and_totalled(anon_client, db):
    year = FinancialYearFactory()
    for heading, budget, forecast in (
        ("Constabulary", "300.000", "298.500"),
        ("OPCC", "5.000", "5.250"),
    ):
        MonitoringLineFactory(
            year=year,
            quarter=2,
            heading=heading,
            budget=Decimal(budget),
            forecast_outturn=Decimal(forecast),
        )

    response = anon_client.get("/finance/?year=2020&_export=csv&table=monitoring")

    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert ["Q2", "Constabulary", "300.000", "298.500", "-1.500"] in rows
    assert ["Q2", "Total Q2", "305.000", "303.750", "-1.250"] in rows


def _grow(year, size):
    for n in range(size):
        BudgetLineFactory(year=year, label=f"Pressure {size}-{n}")
        SpecificGrantFactory(year=year, name=f"Grant {size}-{n}")
        MonitoringLineFactory(year=year, quarter=n % 4 + 1, heading=f"Heading {size}-{n}")


def test_dashboard_query_count_does_not_grow_with_the_data(
    anon_client, finance_demo, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as small:
        anon_client.get("/finance/?year=2020")
    _grow(finance_demo, 60)

    with django_assert_max_num_queries(len(small)):
        response = anon_client.get("/finance/?year=2020")
    assert "Heading 60-59" in response.content.decode()
