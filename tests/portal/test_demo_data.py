"""The demo data holds the seed papers' real figures, and loading it twice changes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from performance.models import Area, Commentary, Measure, Observation, Plan, Priority
from performance.selectors import comparisons_for

pytestmark = pytest.mark.django_db

MODELS = (Plan, Priority, Measure, Area, Observation, Commentary)


def _value(code, start, end, area="LANC"):
    return Observation.objects.get(
        measure__code=code, area__code=area, period_start=start, period_end=end
    ).value


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def test_load_demo_twice_leaves_the_same_row_counts(demo):
    before = {model: model.objects.count() for model in MODELS}
    call_command("load_demo", verbosity=0)
    assert {model: model.objects.count() for model in MODELS} == before
    assert before[Observation] > 100


def _every_table() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_load_demo_twice_leaves_every_table_and_its_history_as_it_was(demo):
    before = _every_table()
    call_command("load_demo", verbosity=0)
    assert _every_table() == before
    assert before["performance.HistoricalObservation"] >= before["performance.Observation"] > 100
    assert before["funds.HistoricalGrant"] > 0 and before["panel.HistoricalDecision"] > 0


def test_demo_holds_both_plans_with_their_priorities(demo):
    assert Priority.objects.filter(plan__code="PCP-2016").count() == 4
    titles = set(Priority.objects.filter(plan__code="PCP-2021").values_list("title", flat=True))
    assert len(titles) == 6
    assert "Delivering efficient and effective policing" in titles


def test_demo_holds_the_seed_figures_for_all_crime(demo):
    assert _value("all-crime", "2019-04-01", "2020-03-31") == Decimal("142374")
    assert _value("all-crime", "2020-04-01", "2021-03-31") == Decimal("119515")
    current = Observation.objects.select_related("measure").get(
        measure__code="all-crime", period_end="2021-03-31", area__code="LANC"
    )
    assert comparisons_for(observations=[current])[current.pk].text == "Decrease (16%, -22,859)"


def test_demo_comparisons_match_the_scrutiny_report_tables(demo):
    expected = {
        "violence-with-injury": "Decrease (13%, -2,072)",
        "burglary-residential": "Decrease (22%, -1,614)",
        "asb-incidents": "Increase (69%, +39,360)",
        "rape": "Decrease (12%, -168)",
        "domestic-abuse-crime": "Increase (11%, +2,149)",
        "hate-crime": "Decrease (0.5%, -12)",
        "calls-999-service-level": "+6.5 pp",
        "grade-1-response-median": "-0.1 min",
    }
    current = Observation.objects.select_related("measure").filter(
        measure__code__in=expected,
        area__code="LANC",
        period_start=dt.date(2020, 4, 1),
        period_end=dt.date(2021, 3, 31),
    )
    texts = {
        obs.measure.code: comparison.text
        for obs in current
        for comparison in [comparisons_for(observations=[obs])[obs.pk]]
    }
    assert texts == expected


def test_demo_holds_the_sexual_offences_comparison_by_area(demo):
    for area, previous, current in [
        ("EW", 161160, 147145),
        ("MSG", 38167, 33066),
        ("NW", 21246, 19838),
        ("LANC", 4361, 3906),
    ]:
        assert _value("all-sexual-offences", "2019-04-01", "2020-03-31", area) == previous
        assert _value("all-sexual-offences", "2020-04-01", "2021-03-31", area) == current


def test_demo_holds_monthly_and_quarterly_figures(demo):
    encompass = Observation.objects.filter(measure__code="op-encompass-valid-destination")
    assert {o.period.label for o in encompass} >= {"January 2021", "May 2021"}
    assert _value("calls-999-presented", "2021-01-01", "2021-03-31") == Decimal("52721")
    assert Observation.objects.filter(measure__code="lvs-referrals").exists()


def test_demo_users_need_a_password_unless_debug(settings, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEMO_PASSWORD is not set"):
        call_command("load_demo", "--with-users", verbosity=0)
    assert not get_user_model().objects.filter(username="officer").exists()


def test_demo_users_get_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a-demo-password-from-env")
    call_command("load_demo", "--with-users", verbosity=0)
    call_command("load_demo", "--with-users", verbosity=0)
    users = get_user_model().objects.filter(username__in=["officer", "lead", "panel", "admin"])
    assert users.count() == 4
    lead = users.get(username="lead")
    assert lead.check_password("a-demo-password-from-env")
    assert lead.has_perm("performance.publish_observation")
    assert not users.get(username="panel").is_staff
