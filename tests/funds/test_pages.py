"""The funds pages: who sees which grants, the exports and the query counts."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.funds.factories import FundFactory, GrantFactory, OrganisationFactory


@pytest.fixture
def grants(db):
    fund = FundFactory(name="Reducing Reoffending Fund", slug="reducing-reoffending-fund")
    published = GrantFactory(
        fund=fund, title="The Recourse Project", amount_awarded=Decimal("25000")
    )
    draft = GrantFactory(
        fund=fund, title="Secret draft project", amount_awarded=Decimal("999"), is_published=False
    )
    return fund, published, draft


PAGES = ["/funds/", "/funds/grants/", "/funds/2020/reducing-reoffending-fund/"]


@pytest.mark.parametrize("url", PAGES)
def test_public_sees_published_grants_but_never_drafts(public_client, grants, url):
    html = public_client.get(url).content.decode()

    assert "Secret draft project" not in html
    assert "£999" not in html and "26,000" not in html
    assert ("The Recourse Project" in html) or ("£25,000" in html)


def test_officer_sees_drafts_when_asking_for_them(officer_client, grants):
    assert "Secret draft project" not in officer_client.get("/funds/grants/").content.decode()

    html = officer_client.get("/funds/grants/?drafts=1").content.decode()
    assert "Secret draft project" in html
    assert "Approved (draft)" in html


def test_export_contains_published_rows_only(public_client, grants):
    response = public_client.get("/funds/grants/?_export=csv")

    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[0][:5] == ["Project", "Awarded", "Organisation", "Fund", "Date"]
    assert [r[0] for r in rows[1:]] == ["The Recourse Project"]
    assert rows[1][1] == "25000.00"


def test_fund_table_total_is_the_sum_of_its_filtered_rows(anon_client, grants):
    fund, published, _ = grants
    GrantFactory(
        fund=fund,
        title="Another",
        amount_awarded=Decimal("64350"),
        organisation=OrganisationFactory(district="burnley"),
    )

    assert "Total £89,350" in anon_client.get(fund.get_absolute_url()).content.decode()
    filtered = anon_client.get(fund.get_absolute_url() + "?district=burnley").content.decode()
    assert "Total £64,350" in filtered
    assert "The Recourse Project" not in filtered


def test_dashboard_totals_by_fund_and_district(anon_client, grants):
    response = anon_client.get("/funds/")

    by_fund = response.context["dashboard"].by_fund
    assert [(r.label, r.awarded, r.grants) for r in by_fund.rows] == [
        ("Reducing Reoffending Fund", Decimal("25000"), 1)
    ]
    by_district = response.context["dashboard"].by_district
    assert [(r.label, r.awarded) for r in by_district.rows] == [("Preston", Decimal("25000"))]


def test_dashboard_draws_its_by_fund_chart_from_a_json_figure(anon_client, grants):
    html = anon_client.get("/funds/").content.decode()

    start = html.index('<script id="funds-figure" type="application/json">')
    figure = json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])
    assert figure["data"][0]["text"] == ["£25,000"]
    assert 'data-chart="funds-figure"' in html
    assert html.count("build/plotly-basic.min.js") == 1 and "js/charts.js" in html


def test_organisation_page_lists_its_grants_across_funds_and_years(anon_client, grants):
    _, published, _ = grants
    other_year = FundFactory(name="Victims Fund", slug="victims-fund", start_year=2019)
    GrantFactory(
        fund=other_year,
        organisation=published.organisation,
        title="Earlier award",
        award_date="2019-06-30",
    )

    html = anon_client.get(published.organisation.get_absolute_url()).content.decode()
    assert "The Recourse Project" in html and "Earlier award" in html
    assert "Secret draft project" not in html


def test_organisation_with_only_draft_grants_is_not_found_by_the_public(public_client, db):
    draft = GrantFactory(is_published=False)

    assert public_client.get(draft.organisation.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("query", ["year=abc", "year=1999", "_export=pdf"])
def test_bad_query_parameters_never_give_a_server_error(anon_client, grants, query):
    response = anon_client.get(f"/funds/?{query}")

    assert response.status_code in (200, 404)
    assert anon_client.get(f"/funds/grants/?{query}&status=nonsense").status_code in (200, 404)


def _grow(size):
    fund = FundFactory(slug="reducing-reoffending-fund")
    organisation = OrganisationFactory(slug="grown-organisation")
    for n in range(size):
        GrantFactory(fund=FundFactory(slug=f"fund-size-{n % 5}"), title=f"Grown {n}")
        GrantFactory(fund=fund, title=f"Grown in fund {n}", organisation=organisation)


@pytest.mark.parametrize(
    "url",
    [
        *PAGES,
        "/funds/organisations/grown-organisation/",
        "/funds/grants/?_export=csv",
        "/funds/360giving.json",
        "/funds/360giving.csv",
    ],
)
def test_query_count_does_not_grow_with_the_grants(
    anon_client, grants, url, django_assert_max_num_queries
):
    _grow(5)
    with CaptureQueriesContext(connection) as small:
        anon_client.get(url)
    _grow(100)

    with django_assert_max_num_queries(len(small)):
        response = anon_client.get(url)
    assert response.status_code == 200
