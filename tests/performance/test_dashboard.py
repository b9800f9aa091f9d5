"""The plan dashboard: figures, comparisons, targets, comparators, period picker, drafts."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from core.comparisons import compare_measure
from core.periods import Period
from performance.selectors import period_key
from tests.factories import MeasureFactory, PlanFactory, PriorityFactory
from tests.performance.factories import (
    england_and_wales,
    force,
    grade_1_measure,
    grow_measures,
    msg,
    observation,
)
from tests.performance.periods import Q4_2019, Q4_2020, YEAR_2019, YEAR_2020

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    """The plan in force for the figures below (2020/21), and the plan before it."""
    old = PlanFactory(
        code="pcp-2016", title="Plan 2016", start=dt.date(2016, 4, 1), end=dt.date(2020, 3, 31)
    )
    PriorityFactory(plan=old, code="old-priority", title="An old priority")
    return PlanFactory(
        code="pcp-2021", title="Police and Crime Plan 2021–2025", start=dt.date(2020, 4, 1)
    )


@pytest.fixture
def priority(plan):
    return PriorityFactory(plan=plan, code="tackling-crime", title="Tackling crime")


@pytest.fixture
def all_crime(priority):
    measure = MeasureFactory(code="all-crime", name="All crime", direction_of_good="down")
    measure.priorities.add(priority)
    lanc = force()
    observation(measure, lanc, YEAR_2019, 142374)
    observation(measure, lanc, YEAR_2020, 119515)
    observation(measure, lanc, Q4_2019, 32000)
    observation(measure, lanc, Q4_2020, 27416)
    return measure


@pytest.fixture
def grade_1(priority):
    measure = grade_1_measure()
    measure.priorities.add(priority)
    observation(measure, force(), YEAR_2019, "10.3")
    observation(measure, force(), YEAR_2020, "10.2")
    return measure


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_dashboard_shows_the_latest_figure_with_the_computed_comparison(
    public_client, all_crime, grade_1
):
    page = text(public_client.get(reverse("performance:index")))
    expected = compare_measure(all_crime, Decimal("119515"), Decimal("142374"))
    assert expected.text == "Decrease (16%, -22,859)"
    assert expected.text in page
    assert "119,515" in page and "142,374" in page
    assert "12 months to March 2021" in page
    assert "Better" in page and "govuk-tag--green" in page
    assert compare_measure(grade_1, Decimal("10.2"), Decimal("10.3")).text == "-0.1 min"
    assert "-0.1 min" in page
    assert "Target met" in page and "Target &lt; 15 minutes" in page


def test_worse_figure_is_worse_in_words_and_colour(public_client, priority):
    measure = MeasureFactory(name="Residential burglary", direction_of_good="down")
    measure.priorities.add(priority)
    observation(measure, force(), YEAR_2019, 100)
    observation(measure, force(), YEAR_2020, 120)
    page = text(public_client.get(reverse("performance:index")))
    assert "Increase (20%, +20)" in page
    assert '<strong class="govuk-tag govuk-tag--red">Worse</strong>' in page


def test_missed_target_says_not_met(public_client, priority):
    measure = MeasureFactory(
        name="Grade 2", unit="minutes", decimal_places=1, target_operator="<", target_value=30
    )
    measure.priorities.add(priority)
    observation(measure, force(), YEAR_2020, "34.5")
    page = text(public_client.get(reverse("performance:index")))
    assert "Target not met" in page
    assert "No previous figure" in page


def test_period_picker_changes_every_figure(public_client, all_crime):
    url = reverse("performance:index") + "?period=" + period_key(Q4_2020)
    page = text(public_client.get(url))
    expected = compare_measure(all_crime, Decimal("27416"), Decimal("32000"))
    assert expected.text in page
    assert "27,416" in page
    assert "119,515" not in page
    assert '<option value="2020-04-01..2021-03-31">12 months to March 2021</option>' in page
    assert 'value="2021-01-01..2021-03-31" selected>Q4 2020/21' in page


def test_unknown_period_gets_a_message_and_the_latest_figures(public_client, all_crime):
    response = public_client.get(reverse("performance:index") + "?period=2030-01-01..nonsense")
    page = text(response)
    assert response.status_code == 200
    assert "is not a period with figures to show" in page
    assert "119,515" in page


def test_comparator_areas_are_shown_beside_the_force(public_client, all_crime):
    observation(all_crime, england_and_wales(), YEAR_2019, 6000000)
    observation(all_crime, england_and_wales(), YEAR_2020, 5220000)
    observation(all_crime, msg(), YEAR_2020, 400000)
    page = text(public_client.get(reverse("performance:index")))
    ew = compare_measure(all_crime, Decimal("5220000"), Decimal("6000000"))
    assert ew.text == "Decrease (13%, -780,000)"
    assert page.index("Lancashire") < page.index("England and Wales") < page.index("Most Similar")
    assert ew.text in page
    assert "400,000" in page


def test_draft_figure_is_not_shown_to_the_public(public_client, all_crime):
    observation(all_crime, force(), Period.financial_year(2021), 777777, status="draft")
    observation(all_crime, force(), Period.quarter(2021, 1), 66666, status="verified")
    page = text(public_client.get(reverse("performance:index") + "?drafts=1"))
    assert "777,777" not in page
    assert "66,666" not in page
    assert "2021-04-01..2022-03-31" not in page  # not even offered in the period picker
    assert "Draft" not in page
    assert "Show drafts" not in page


def test_draft_does_not_leak_into_the_publics_comparison(public_client, officer_client, priority):
    measure = MeasureFactory(name="Hate crime", direction_of_good="neither")
    measure.priorities.add(priority)
    observation(measure, force(), YEAR_2019, 2598, status="verified")
    observation(measure, force(), YEAR_2020, 2586)
    public = text(public_client.get(reverse("performance:index")))
    assert "No previous figure" in public
    assert "Decrease (0.5%, -12)" not in public
    staff = text(officer_client.get(reverse("performance:index") + "?drafts=1"))
    assert "Decrease (0.5%, -12)" in staff


def test_staff_see_drafts_marked_only_when_they_ask(officer_client, lead_client, all_crime):
    observation(all_crime, force(), Period.financial_year(2021), 130000, status="draft")
    plain = text(officer_client.get(reverse("performance:index")))
    assert "130,000" not in plain
    assert "Show drafts" in plain
    for client in (officer_client, lead_client):
        page = text(client.get(reverse("performance:index") + "?drafts=1"))
        assert "130,000" in page
        assert '<strong class="govuk-tag govuk-tag--yellow">Draft</strong>' in page
        assert "Drafts shown" in page


def test_other_plan_has_its_own_dashboard(anon_client, plan, all_crime):
    response = anon_client.get(reverse("performance:plan", kwargs={"plan": "pcp-2016"}))
    page = text(response)
    assert "An old priority" in page
    assert "Tackling crime" not in page
    assert anon_client.get("/performance/plans/no-such-plan/").status_code == 404


def test_dashboard_without_a_plan_is_not_found(anon_client):
    assert anon_client.get(reverse("performance:index")).status_code == 404


def test_sparkline_describes_the_trend_in_words(anon_client, all_crime):
    page = text(anon_client.get(reverse("performance:index")))
    assert 'aria-label="Trend: 142,374 in 12 months to March 2020 to 119,515 in 12 months to ' in (
        page
    )
    assert "<polyline" in page


@pytest.mark.parametrize("count", [10, 200])
def test_dashboard_query_count_does_not_grow_with_measures(
    count, anon_client, officer_client, priority, django_assert_max_num_queries
):
    grow_measures(priority, count)
    # One of them reads the OPCC's assessments of all the measures at once; two find the
    # latest published period and the plan in force then, before the cached figures; one
    # counts the measures each recent period has, to open on one most of them report; two ask
    # whether the period has a report to offer (the plan in force then, its figures).
    with django_assert_max_num_queries(17):
        response = anon_client.get(reverse("performance:index"))
    # Every measure once in the full list (the summary above it may name some again).
    assert text(response).split('id="all-measures"', 1)[1].count("Bulk measure") == count
    # Staff pay one more: whether they have two-step sign-in on (pcc_portal.two_step).
    with django_assert_max_num_queries(24):
        response = officer_client.get(reverse("performance:index") + "?drafts=1")
    assert text(response).count("Draft</strong>") == count


def test_cached_dashboard_shows_a_newly_published_figure_at_once(anon_client, all_crime):
    assert "119,515" in text(anon_client.get(reverse("performance:index")))
    latest = all_crime.observations.get(period_end=YEAR_2020.end, period_start=YEAR_2020.start)
    latest.value = Decimal("120001")
    latest.save()
    page = text(anon_client.get(reverse("performance:index")))
    assert "120,001" in page and "119,515" not in page


def test_cache_never_hands_drafts_to_the_public_or_hides_them_from_staff(
    anon_client, officer_client, all_crime
):
    observation(all_crime, force(), Period.financial_year(2021), 130000, status="draft")
    for _ in range(2):
        assert "130,000" in text(officer_client.get(reverse("performance:index") + "?drafts=1"))
        assert "130,000" not in text(anon_client.get(reverse("performance:index")))


def test_dashboard_opens_on_the_plan_in_force_at_the_latest_figures_not_a_later_one(
    anon_client, all_crime
):
    later = PlanFactory(
        code="pcp-2025", title="Plan 2025", start=dt.date(2025, 4, 1), end=dt.date(2029, 3, 31)
    )
    PriorityFactory(plan=later, code="new-priority", title="A priority not yet begun")
    page = text(anon_client.get(reverse("performance:index")))
    assert "Police and Crime Plan 2021–2025" in page and "Plan 2025</h1>" not in page
    assert "All crime" in page and "119,515" in page


def test_what_changed_names_worse_measures_with_the_reason_and_similar_ones_not_at_all(
    anon_client, priority
):
    lanc = force()
    rising = MeasureFactory(code="asb", name="Anti-social behaviour", direction_of_good="down")
    share = MeasureFactory(
        code="visible-share",
        name="Visible front-line share",
        percentage=True,
        direction_of_good="up",
        tolerance=Decimal("1"),
    )
    for measure in (rising, share):
        measure.priorities.add(priority)
    observation(rising, lanc, YEAR_2019, 57031)
    observation(rising, lanc, YEAR_2020, 96391)
    observation(share, lanc, YEAR_2019, "38.7")
    observation(share, lanc, YEAR_2020, "38.6")
    page = text(anon_client.get(reverse("performance:index")))
    changes = page.split('id="changes-title"', 1)[1].split('id="all-measures"', 1)[0]
    assert "Worse (1)" in changes
    assert "Anti-social behaviour</a>: 96,391, up 69% on a year earlier; lower is better" in changes
    assert "Visible front-line share" not in changes
    assert "Similar" in page and "down 0.1 pp on a year earlier, within 1 pp" in page.lower()


def test_a_lone_newer_figure_does_not_open_the_dashboard_on_empty_rows(
    all_crime, priority, anon_client
):
    """One table published ahead of the rest (a year ending June 2021 for one measure) leaves
    the dashboard opening on the newest year most measures report; the newer year is a choice
    in the picker."""
    lanc = force()
    others = [MeasureFactory(code=f"measure-{n}", name=f"Measure {n}") for n in range(3)]
    for measure in others:
        measure.priorities.add(priority)
        observation(measure, lanc, YEAR_2020, 100)
    ahead = Period(dt.date(2020, 7, 1), dt.date(2021, 6, 30))
    observation(others[0], lanc, ahead, 120)

    page = text(anon_client.get(reverse("performance:plan", kwargs={"plan": "pcp-2021"})))
    assert f"for {YEAR_2020.label}," in page
    assert f'value="{period_key(ahead)}"' in page
    # As soon as most measures report the newer year, the dashboard opens on it.
    for measure in [all_crime, *others[1:]]:
        observation(measure, lanc, ahead, 110)
    page = text(anon_client.get(reverse("performance:plan", kwargs={"plan": "pcp-2021"})))
    assert f"for {ahead.label}," in page
