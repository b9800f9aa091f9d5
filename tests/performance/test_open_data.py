"""Open data files and the 'About the data' page that documents them; navigation from /."""

import csv
import io
import json
import re

import pytest

from tests.factories import MeasureFactory, PlanFactory, PriorityFactory
from tests.performance.factories import england_and_wales, force, observation
from tests.performance.periods import YEAR_2019, YEAR_2020

pytestmark = pytest.mark.django_db

# The open data's CSV header; its columns are the JSON's "fields", in the same order.
HEADER = "measure_code,measure_name,area_code,area_name,period_start,period_end,period,value,unit"
FIELDS = HEADER.split(",")


@pytest.fixture
def figures():
    measure = MeasureFactory(code="all-crime", name="All crime", source="Recorded crime dashboard")
    rate = MeasureFactory(code="999-sl", name="999 calls", percentage=True, source="FCR")
    observation(measure, force(), YEAR_2019, 142374)
    observation(measure, england_and_wales(), YEAR_2020, 100000)
    observation(rate, force(), YEAR_2020, "83.8")
    observation(measure, force(), YEAR_2020, 119515, status="verified")
    observation(rate, force(), YEAR_2019, "77.3", status="draft")
    return measure


def read_csv(response):
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.mark.parametrize("client_name", ["anon_client", "panel_client", "lead_client"])
def test_csv_holds_published_observations_only_whoever_asks(client_name, request, figures):
    client = request.getfixturevalue(client_name)
    response = client.get("/performance/open-data/observations.csv?drafts=1")
    assert response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    assert list(rows[0]) == FIELDS
    assert rows == [
        {
            "measure_code": "999-sl",
            "measure_name": "999 calls",
            "area_code": "LANC",
            "area_name": "Lancashire",
            "period_start": "2020-04-01",
            "period_end": "2021-03-31",
            "period": "12 months to March 2021",
            "value": "83.8",
            "unit": "percentage",
        },
        {
            "measure_code": "all-crime",
            "measure_name": "All crime",
            "area_code": "LANC",
            "area_name": "Lancashire",
            "period_start": "2019-04-01",
            "period_end": "2020-03-31",
            "period": "12 months to March 2020",
            "value": "142374",
            "unit": "count",
        },
        {
            "measure_code": "all-crime",
            "measure_name": "All crime",
            "area_code": "EW",
            "area_name": "England and Wales",
            "period_start": "2020-04-01",
            "period_end": "2021-03-31",
            "period": "12 months to March 2021",
            "value": "100000",
            "unit": "count",
        },
    ]


def test_json_holds_the_same_published_observations(officer_client, figures):
    response = officer_client.get("/performance/open-data/observations.json?drafts=1")
    data = json.loads(b"".join(response.streaming_content))
    assert data["fields"] == FIELDS
    values = {
        (o["measure_code"], o["area_code"], o["period_end"]): o["value"]
        for o in data["observations"]
    }
    assert values == {
        ("999-sl", "LANC", "2021-03-31"): 83.8,
        ("all-crime", "LANC", "2020-03-31"): 142374,
        ("all-crime", "EW", "2021-03-31"): 100000,
    }


def test_about_the_data_documents_sources_comparisons_and_open_data(anon_client, figures):
    page = re.sub(r"\s+", " ", anon_client.get("/about/data/").content.decode())
    assert "Recorded crime dashboard" in page and "FCR" in page
    assert "percentage points" in page and "previous equivalent period" in page
    assert "Decrease (16%, -22,859)" in page
    assert 'href="/performance/open-data/observations.csv"' in page
    assert 'href="/performance/open-data/observations.json"' in page
    for field in FIELDS:
        assert f"<code>{field}</code>" in page


def test_home_reaches_every_dashboard_priority_and_measure(anon_client, figures):
    plan = PlanFactory(code="pcp-2021", title="Plan 2021")
    priority = PriorityFactory(plan=plan, code="crime", title="Tackling crime")
    figures.priorities.add(priority)
    home = anon_client.get("/").content.decode()
    assert 'href="/performance/"' in home
    assert f'href="{plan.get_absolute_url()}"' in home
    assert f'href="{priority.get_absolute_url()}"' in home
    assert 'href="/performance/measures/"' in home
    measures = anon_client.get("/performance/measures/").content.decode()
    assert 'href="/performance/measures/all-crime/"' in measures
    assert 'href="/performance/measures/999-sl/"' in measures
    dashboard = anon_client.get("/performance/").content.decode()
    assert 'href="/performance/measures/all-crime/"' in dashboard
