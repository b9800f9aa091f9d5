"""The priority page: commentary for the period, measures as a table and charts, commitments."""

import json
import re
from decimal import Decimal

import pytest

from core.comparisons import compare_measure
from performance.models import Commentary
from performance.selectors import period_key
from tests.factories import MeasureFactory, PlanFactory, PriorityFactory
from tests.performance.delivery_factories import CommitmentFactory
from tests.performance.factories import force, grow_measures, observation
from tests.performance.periods import Q4_2020, YEAR_2019, YEAR_2020

pytestmark = pytest.mark.django_db


@pytest.fixture
def priority():
    plan = PlanFactory(code="pcp-2021")
    priority = PriorityFactory(plan=plan, code="domestic-abuse", title="Tackling domestic abuse")
    for position, text in enumerate(["Fund Operation Provide", "Promote Clare's Law"], start=1):
        CommitmentFactory(priority=priority, kind="pcc", position=position, text=text)
    CommitmentFactory(
        priority=priority, kind="accountability", position=1, text="Improving outcomes for victims"
    )
    return priority


@pytest.fixture
def domestic_abuse(priority):
    measure = MeasureFactory(code="da", name="Domestic abuse crime", direction_of_good="up")
    measure.priorities.add(priority)
    observation(measure, force(), YEAR_2019, 20409)
    observation(measure, force(), YEAR_2020, 22558)
    return measure


def commentary(priority, period, text, published=True):
    return Commentary.objects.create(
        priority=priority,
        period_start=period.start,
        period_end=period.end,
        text=text,
        status="published" if published else "draft",
    )


def page_text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_priority_page_shows_figures_charts_and_commitments(
    public_client, priority, domestic_abuse
):
    commentary(priority, YEAR_2020, "Domestic abuse crime rose by 11%.")
    response = public_client.get(priority.get_absolute_url())
    page = page_text(response)
    expected = compare_measure(domestic_abuse, Decimal("22558"), Decimal("20409"))
    assert expected.text == "Increase (11%, +2,149)"
    assert expected.text in page
    assert "Better" in page
    assert "Domestic abuse crime rose by 11%." in page
    assert "Fund Operation Provide" in page and "Promote Clare&#x27;s Law" in page
    assert "Improving outcomes for victims" in page
    chart = json.loads(
        re.search(r'<script id="trend-da" type="application/json">(.*?)</script>', page).group(1)
    )
    assert chart["data"][0]["y"] == [20409.0, 22558.0]
    assert chart["data"][0]["text"] == ["20,409", "22,558"]
    assert page.count("build/plotly-basic.min.js") == 1
    assert "<script>" not in page  # no inline scripts


def test_commentary_follows_the_period_and_hides_unpublished(
    public_client, priority, domestic_abuse
):
    observation(domestic_abuse, force(), Q4_2020, 6000)
    commentary(priority, YEAR_2020, "Year commentary.")
    commentary(priority, Q4_2020, "Quarter commentary.")
    commentary(priority, Q4_2020, "Unpublished thoughts.", published=False)
    year = page_text(public_client.get(priority.get_absolute_url()))
    assert "Year commentary." in year and "Quarter commentary." not in year
    quarter = page_text(
        public_client.get(f"{priority.get_absolute_url()}?period={period_key(Q4_2020)}")
    )
    assert "Quarter commentary." in quarter
    assert "Unpublished thoughts." not in quarter + year


def test_officer_sees_draft_commentary_marked(officer_client, priority, domestic_abuse):
    commentary(priority, YEAR_2020, "Unpublished thoughts.", published=False)
    assert "Unpublished thoughts." not in page_text(officer_client.get(priority.get_absolute_url()))
    page = page_text(officer_client.get(priority.get_absolute_url() + "?drafts=1"))
    assert "Unpublished thoughts." in page
    assert "Draft</strong>" in page


def test_unknown_priority_is_not_found(anon_client, priority):
    assert anon_client.get("/performance/plans/pcp-2021/nothing/").status_code == 404
    assert anon_client.get("/performance/plans/other/domestic-abuse/").status_code == 404


@pytest.mark.parametrize("count", [10, 200])
def test_priority_page_query_count_does_not_grow(
    count, anon_client, priority, django_assert_max_num_queries
):
    grow_measures(priority, count)
    commentary(priority, YEAR_2020, "Commentary.")
    # 13: the page also lists the priority's commitments with their statuses (one query).
    with django_assert_max_num_queries(13):
        response = anon_client.get(priority.get_absolute_url())
    assert page_text(response).count('type="application/json"') == count
