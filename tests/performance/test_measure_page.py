"""The measure page: chart of the full series with its table, every figure, definition."""

import json
import re
from decimal import Decimal

import pytest

from core.comparisons import compare_measure
from core.periods import Period
from tests.factories import PlanFactory, PriorityFactory, UserFactory
from tests.performance.factories import england_and_wales, force, grade_1_measure, observation
from tests.performance.periods import Q4_2019, Q4_2020, YEAR_2019, YEAR_2020

pytestmark = pytest.mark.django_db


@pytest.fixture
def grade_1():
    measure = grade_1_measure(source="CONNECT MI", notes="Emergency response.")
    old = PlanFactory(code="pcp-2016", title="Plan 2016–2021")
    new = PlanFactory(code="pcp-2021", title="Plan 2021–2025")
    measure.priorities.add(
        PriorityFactory(plan=old, code="local-policing", title="Protecting local policing"),
        PriorityFactory(plan=new, code="efficient", title="Efficient and effective policing"),
    )
    verifier = UserFactory(username="checker", first_name="Pat", last_name="Lead")
    observation(measure, force(), YEAR_2019, "10.3", verified_by=verifier)
    observation(measure, force(), YEAR_2020, "10.2", verified_by=verifier)
    observation(measure, england_and_wales(), YEAR_2020, "9.1")
    observation(measure, force(), Q4_2019, "11.0")
    observation(measure, force(), Q4_2020, "9.9")
    return measure


def page_text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def chart_of(page):
    found = re.search(r'<script id="measure-chart" type="application/json">(.*?)</script>', page)
    return json.loads(found.group(1))


def test_chart_has_a_series_per_area_and_the_target(public_client, grade_1):
    page = page_text(public_client.get(grade_1.get_absolute_url()))
    chart = chart_of(page)
    names = [trace["name"] for trace in chart["data"]]
    assert names == ["Lancashire", "England and Wales", "Target (< 15 minutes)"]
    assert chart["data"][0]["x"] == ["12 months to March 2020", "12 months to March 2021"]
    assert chart["data"][0]["y"] == [10.3, 10.2]
    assert chart["data"][1]["y"] == [None, 9.1]
    assert chart["data"][2]["y"] == [15.0, 15.0]
    assert 'href="#series-table">Show the data as a table' in page
    assert page.count("build/plotly-basic.min.js") == 1


def test_table_of_every_figure_has_comparison_and_source_not_the_verifier(public_client, grade_1):
    page = page_text(public_client.get(grade_1.get_absolute_url()))
    expected = compare_measure(grade_1, Decimal("10.2"), Decimal("10.3"))
    assert expected.text in page
    # Who signed a figure off is the OPCC's business: no "Verified by" column for the public.
    assert "Pat Lead" not in page and "Verified by" not in page
    assert "CONNECT MI" in page and "Emergency response." in page
    assert "Lower is better" in page
    assert "Protecting local policing" in page and "Efficient and effective policing" in page
    assert 'href="/performance/plans/pcp-2016/local-policing/"' in page


def test_period_kind_switch_shows_quarters(public_client, grade_1):
    page = page_text(public_client.get(grade_1.get_absolute_url() + "?kind=quarter"))
    chart = chart_of(page)
    assert chart["data"][0]["x"] == ["Q4 2019/20", "Q4 2020/21"]
    assert chart["data"][0]["y"] == [11.0, 9.9]


def test_bad_parameters_do_not_break_the_page(public_client, grade_1):
    response = public_client.get(grade_1.get_absolute_url() + "?kind=x&page=zz&sort=nonsense")
    assert response.status_code == 200
    assert chart_of(page_text(response))["data"][0]["y"] == [10.3, 10.2]


def test_drafts_absent_for_public_and_marked_for_staff(public_client, officer_client, grade_1):
    observation(grade_1, force(), Period.financial_year(2021), "12.7", status="draft")
    public = page_text(public_client.get(grade_1.get_absolute_url() + "?drafts=1"))
    assert "12.7" not in public and "Draft" not in public
    staff = page_text(officer_client.get(grade_1.get_absolute_url() + "?drafts=1"))
    assert "12.7 min" in staff
    assert "govuk-tag--yellow" in staff and "Draft" in staff
    assert 12.7 in chart_of(staff)["data"][0]["y"]


def test_unknown_measure_is_not_found(anon_client):
    assert anon_client.get("/performance/measures/nothing/").status_code == 404


@pytest.mark.parametrize("count", [10, 200])
def test_measure_page_query_count_does_not_grow(
    count, anon_client, grade_1, django_assert_max_num_queries
):
    for index in range(count):
        observation(grade_1, force(), Period.month(2000 + index // 12, index % 12 + 1), "10.0")
    # The OPCC's assessments, the panel's published questions, and the open data: the peer
    # group, where the figures were published, what the publisher could not give, the
    # districts; the withdrawn figures. A fixed number, whatever the count.
    with django_assert_max_num_queries(20):
        response = anon_client.get(grade_1.get_absolute_url() + "?kind=month")
    assert len(chart_of(page_text(response))["data"][0]["y"]) == count
