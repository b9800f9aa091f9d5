"""The plan dashboard, a priority page and a measure page rendered without the page cache
(as after every officer's save) take the same number of queries for ten measures with two
years of monthly figures as for forty with four years: the control-chart readings of every
measure come from one read of the force's series, whatever its length."""

import datetime as dt
import gc
import os
import re
import subprocess
import sys
from collections import Counter

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.periods import Period
from performance.models import Observation, Status
from performance.selectors import distinct_periods
from tests.factories import PlanFactory, PriorityFactory
from tests.performance.factories import add_figures, add_measures, england_and_wales, force

pytestmark = pytest.mark.django_db


@pytest.fixture
def priority():
    plan = PlanFactory(code="pcp-2021", title="Police and Crime Plan", start=dt.date(2020, 4, 1))
    return PriorityFactory(plan=plan, code="tackling-crime", title="Tackling crime")


def monthly_measures(priority, count, years, *, offset=0):
    """`count` measures with `years` of monthly figures to March 2022 for the force and
    England and Wales; the force's last six months are well above the rest (a run)."""
    lanc, ew = force(), england_and_wales()
    measures = add_measures(
        priority,
        count,
        offset=offset,
        code="monthly-{}",
        name="Monthly measure {:03d}",
        frequency="month",
    )
    months = [
        Period.month(2022 - years + (3 + n) // 12, (3 + n) % 12 + 1) for n in range(12 * years)
    ]
    add_figures(
        (
            measure,
            area,
            period,
            (100 + n % 2 * 4 + (40 if n >= len(months) - 8 else 0)) * factor,
            Status.PUBLISHED,
        )
        for measure in measures
        for area, factor in ((lanc, 1), (ew, 40))
        for n, period in enumerate(months)
    )
    return measures


def cold_queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), re.sub(r"\s+", " ", response.content.decode())


def test_cold_pages_take_the_same_queries_for_more_measures_and_longer_series(
    anon_client, priority
):
    monthly_measures(priority, 10, 2)
    urls = {
        "dashboard": reverse("performance:index"),
        "priority": reverse(
            "performance:priority", kwargs={"plan": "pcp-2021", "priority": "tackling-crime"}
        ),
        "measure": reverse("performance:measure", kwargs={"measure": "monthly-3"}),
    }
    small = {name: cold_queries(anon_client, url) for name, url in urls.items()}
    monthly_measures(priority, 30, 4, offset=10)
    large = {name: cold_queries(anon_client, url) for name, url in urls.items()}
    assert {name: count for name, (count, _) in large.items()} == {
        name: count for name, (count, _) in small.items()
    }
    # Every measure's reading is on the dashboard: the last eight months sit above the
    # average of the two years (a run of eight), an increase where down is good.
    reading = "Control chart: Significant increase since August 2021"
    assert small["dashboard"][1].count(reading) == 10
    assert large["dashboard"][1].count(reading) == 40
    assert large["priority"][1].count(reading) == 40
    assert "Significant increase since August 2021" in large["measure"][1]


def test_distinct_periods_are_those_of_a_plain_distinct(priority):
    """On PostgreSQL the periods are found by a loose scan of the period index: the same
    periods as reading every figure, for every figure, some measures, or none."""
    measures = monthly_measures(priority, 3, 2)
    Observation.objects.filter(measure=measures[0], period_end__year=2021).update(status="draft")
    visible = Observation.objects.filter(status=Status.PUBLISHED)
    for figures in (
        visible,
        visible.filter(measure_id__in=[measures[0].pk]),
        Observation.objects.exclude(status=Status.WITHDRAWN),
        visible.filter(measure_id__in=[]),
    ):
        plain = {
            Period(start, end)
            for start, end in figures.order_by().values_list("period_start", "period_end")
        }
        found = distinct_periods(figures)
        assert sorted(found) == sorted(plain)
        assert len(found) == len(set(found))
    # the first measure's figures of 2021 are drafts: nine months of 2020 and three of 2022 remain
    assert len(distinct_periods(visible.filter(measure_id__in=[measures[0].pk]))) == 12


def garbage_after(client, url) -> Counter:
    """What one request leaves for Python's cycle collector (objects freed only by a full
    pass), counted by type."""
    gc.collect()
    gc.disable()
    try:
        response = client.get(url)
        assert response.status_code == 200
        del response
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        return Counter(type(thing).__name__ for thing in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


def test_a_cold_dashboard_leaves_its_rows_to_be_freed_at_once(anon_client, priority):
    """The board's rows are freed as soon as the page is written, not kept in a reference
    cycle until the collector's full pass (at 480,000 figures, one in five renders paid
    about 90 ms for that pass)."""
    monthly_measures(priority, 10, 2)
    cache.clear()
    left = garbage_after(anon_client, reverse("performance:index"))
    assert left["MeasureRow"] == left["Observation"] == left["Comparison"] == 0, left


def test_a_web_process_sets_what_it_loaded_apart_from_the_collector():
    """pcc_portal/wsgi.py loads every view and freezes what is alive then, so a full
    collection walks only what requests hold, and takes the code version first."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import gc, pcc_portal.wsgi; from pcc_portal.versions import code_version; "
            "print(gc.get_freeze_count(), len(gc.get_objects()), "
            "code_version.cache_info().currsize)",
        ],
        env={**os.environ, "DEBUG": "on", "DATABASE_URL": "", "CODE_VERSION": ""},
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    frozen, tracked, code_versions_made = map(int, result.stdout.split())
    # every view module is loaded and frozen; a handful of objects made since stay tracked
    assert frozen > 100_000
    assert tracked < frozen / 10
    # the source files were hashed for the cache keys before any request
    assert code_versions_made == 1
