"""Measures are listed as the plan lists them, not alphabetically, and an officer reorders them."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from performance import demo
from performance.models import Measure, Priority, PriorityMeasure
from performance.selectors import measures_for_priority, priorities_with_measures
from tests.factories import MeasureFactory, PlanFactory, PriorityFactory
from tests.performance.factories import force, observation
from tests.performance.periods import YEAR_2020

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture
def priority():
    return PriorityFactory(plan=PlanFactory(code="pcp-2021"), code="asb", title="ASB")


def listed(priority, *names):
    measures = []
    for position, name in enumerate(names, start=1):
        measure = MeasureFactory(code=name.lower().replace(" ", "-"), name=name)
        PriorityMeasure.objects.create(priority=priority, measure=measure, position=position)
        measures.append(measure)
    return measures


def test_measures_of_a_priority_follow_their_positions(priority):
    listed(priority, "Zebra crossings", "All crime", "Missing persons")
    names = [m.name for m in measures_for_priority(priority=priority)]
    assert names == ["Zebra crossings", "All crime", "Missing persons"]
    prefetched = priorities_with_measures(plan=priority.plan).get(pk=priority.pk)
    assert [m.name for m in prefetched.measures.all()] == names


def test_a_measure_has_its_own_place_in_each_priority(priority):
    zebra, crime = listed(priority, "Zebra crossings", "All crime")
    other = PriorityFactory(plan=priority.plan, code="roads", title="Roads", position=2)
    PriorityMeasure.objects.create(priority=other, measure=crime, position=1)
    PriorityMeasure.objects.create(priority=other, measure=zebra, position=2)
    both = {p.code: [m.name for m in p.measures.all()] for p in priorities_with_measures()}
    assert both == {
        "asb": ["Zebra crossings", "All crime"],
        "roads": ["All crime", "Zebra crossings"],
    }


def test_priority_page_lists_measures_in_the_plans_order(public_client, priority):
    zebra, crime = listed(priority, "Zebra crossings", "All crime")
    for measure, value in ((zebra, 10), (crime, 20)):
        observation(measure, force(), YEAR_2020, value)
    page = public_client.get(priority.get_absolute_url()).content.decode()
    assert page.index("Zebra crossings") < page.index("All crime")


def test_demo_data_lists_measures_in_the_seed_papers_order():
    demo.load(FIXTURES)
    priority = Priority.objects.get(plan__code="PCP-2016", code="protecting-local-policing")
    codes = [m.code for m in measures_for_priority(priority=priority)]
    # The order of the scrutiny report's table: visible spend first, then its share.
    assert codes[:3] == [
        "frontline-spend-visible",
        "frontline-spend-visible-share",
        "frontline-spend-non-visible",
    ]
    assert codes.index("grade-1-response-median") < codes.index("calls-999-service-level")
    demo.load(FIXTURES)  # loading again keeps the same places
    assert [m.code for m in measures_for_priority(priority=priority)] == codes


def test_officer_reorders_a_priority_in_the_admin(officer_client, priority):
    zebra, crime = listed(priority, "Zebra crossings", "All crime")
    url = reverse("admin:performance_priority_change", args=[priority.pk])
    page = officer_client.get(url).content.decode()
    assert "Measures, in the order the plan lists them" in page
    links = list(priority.measure_links.order_by("pk"))
    form = {
        "plan": priority.plan.pk,
        "code": priority.code,
        "title": priority.title,
        "position": 1,
        "measure_links-TOTAL_FORMS": 2,
        "measure_links-INITIAL_FORMS": 2,
        "measure_links-0-id": links[0].pk,
        "measure_links-0-priority": priority.pk,
        "measure_links-0-measure": zebra.pk,
        "measure_links-0-position": 2,
        "measure_links-1-id": links[1].pk,
        "measure_links-1-priority": priority.pk,
        "measure_links-1-measure": crime.pk,
        "measure_links-1-position": 1,
    }
    response = officer_client.post(url, form)
    assert response.status_code == 302, re.findall(r'class="errorlist[^>]*>(.*?)</ul>', page)
    assert [m.name for m in measures_for_priority(priority=priority)] == [
        "All crime",
        "Zebra crossings",
    ]
    assert Measure.objects.count() == 2
