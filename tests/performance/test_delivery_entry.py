"""The quarter's grid offers the chosen priority's commitments for a progress update, saved as
drafts with the figures, all or nothing."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from core.periods import Period
from performance.models import Observation, PriorityMeasure, ProgressUpdate, Status
from tests.factories import MeasureFactory, PlanFactory, PriorityFactory
from tests.performance.delivery_factories import CommitmentFactory, ProgressUpdateFactory
from tests.performance.factories import force

pytestmark = pytest.mark.django_db

Q3 = Period.quarter(2021, 3)
GRID = reverse("performance:staff_quarter_entry")
QUERY = "?scope=pcp-2021/asb&quarter=2021-Q3"


@pytest.fixture
def priority():
    force()
    plan = PlanFactory(code="pcp-2021", start=dt.date(2021, 4, 1), end=dt.date(2025, 3, 31))
    priority = PriorityFactory(plan=plan, code="asb", title="Anti-social behaviour")
    measure = MeasureFactory(code="asb-incidents", name="ASB incidents", frequency="quarter")
    PriorityMeasure.objects.create(priority=priority, measure=measure, position=1)
    return priority


@pytest.fixture
def commitments(priority):
    counters = CommitmentFactory(priority=priority, position=1, text="Reopen front counters.")
    fund = CommitmentFactory(priority=priority, position=2, text="Launch a fund.")
    done = CommitmentFactory(priority=priority, position=3, text="Chair the board.")
    ProgressUpdateFactory(commitment=done, quarter=Q3, narrative="Chaired in October.")
    ProgressUpdateFactory(commitment=fund, quarter=Period.quarter(2021, 2), progress="not_started")
    return counters, fund, done


def value_field(page):
    return re.search(r'name="(value-[^"]+)"', page).group(1)


def test_grid_offers_the_priority_commitments_and_saves_updates_as_drafts(
    officer_client, officer, priority, commitments
):
    counters, fund, done = commitments
    page = officer_client.get(GRID + QUERY).content.decode()
    assert "Progress on the commitments, Q3 2021/22" in page
    assert f'name="progress-{counters.pk}"' in page and f'name="progress-{fund.pk}"' in page
    assert f'name="progress-{done.pk}"' not in page  # published this quarter: shown, not edited
    assert "Chaired in October." in page
    response = officer_client.post(
        GRID + QUERY,
        {
            value_field(page): "1234",
            f"commentary-{priority.pk}": "",
            f"progress-{counters.pk}": "in_progress",
            f"narrative-{counters.pk}": "Leyland and Kirkham reopened.",
            f"progress-{fund.pk}": "",
            f"narrative-{fund.pk}": "",
        },
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(commitment=counters)
    assert (update.status, update.entered_by, update.period) == (Status.DRAFT, officer, Q3)
    assert update.narrative == "Leyland and Kirkham reopened."
    assert not ProgressUpdate.objects.filter(commitment=fund, period_end=Q3.end).exists()
    assert Observation.objects.get().status == Status.DRAFT


def test_a_status_without_a_narrative_saves_nothing(officer_client, priority, commitments):
    counters, fund, _ = commitments
    page = officer_client.get(GRID + QUERY).content.decode()
    response = officer_client.post(
        GRID + QUERY,
        {
            value_field(page): "1234",
            f"commentary-{priority.pk}": "",
            f"progress-{counters.pk}": "complete",
            f"narrative-{counters.pk}": "",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nothing was saved" in body and "Say in a few sentences what was done." in body
    assert not ProgressUpdate.objects.filter(commitment=counters).exists()
    assert not Observation.objects.exists()
