"""The demo's delivery data: every commitment of the 2021–25 plan as the seed prints it, with a
status only where the December 2021 papers state progress, citing them as a reader would."""

import re

import pytest
from django.core.management import call_command

from performance.delivery.selectors import commitments_with_progress, delivery_summary
from performance.models import Commitment, Plan, ProgressUpdate

pytestmark = pytest.mark.django_db

# Lines under "What I will do as the Police and Crime Commissioner:" and "I will hold the Chief
# Constable to account for delivering the following:" on each priority's pages of the plan
# (Police and Crime Panel, 6 December 2021, Agenda Item 5), and the efficient and effective
# policing section's own "I will" sentences and measures.
SEED_COUNTS = {
    "getting-tough-on-anti-social-behaviour": (12, 5),
    "disrupting-and-dismantling-organised-crime": (11, 7),
    "tackling-domestic-abuse-and-sexual-violence": (11, 9),
    "cracking-down-on-burglary-and-robbery": (11, 5),
    "targeting-dangerous-drivers": (7, 7),
    "efficient-and-effective-policing": (5, 7),
}


def test_demo_delivery(anon_client):
    """One test, as loading the demo takes a while: the records, their statuses, the pages."""
    call_command("load_demo", verbosity=0)
    check_every_commitment_of_the_2021_plan_is_a_record_in_the_plans_order()
    check_statuses_only_where_the_seed_states_progress()
    check_the_delivery_page_and_a_commitment_cite_the_panel_papers(anon_client)
    before = (Commitment.objects.count(), ProgressUpdate.objects.count())
    call_command("load_demo", verbosity=0)
    assert (Commitment.objects.count(), ProgressUpdate.objects.count()) == before


def check_every_commitment_of_the_2021_plan_is_a_record_in_the_plans_order():
    for code, (will_do, to_account) in SEED_COUNTS.items():
        mine = Commitment.objects.filter(priority__plan__code="PCP-2021", priority__code=code)
        assert mine.filter(kind="pcc").count() == will_do, code
        assert mine.filter(kind="accountability").count() == to_account, code
    first = Commitment.objects.get(
        priority__code="getting-tough-on-anti-social-behaviour", kind="pcc", position=1
    )
    assert first.text.startswith("Increase funding for additional neighbourhood policing officers")
    last = Commitment.objects.get(
        priority__code="targeting-dangerous-drivers", kind="accountability", position=7
    )
    assert (
        last.text
        == "Responding to hot spots and neighbourhood areas of concern in a meaningful way."
    )


def check_statuses_only_where_the_seed_states_progress():
    plan = Plan.objects.get(code="PCP-2021")
    summary = delivery_summary(commitments_with_progress(plan=plan))
    assert summary.total == 97
    assert summary.counts == {
        "not_started": 1,
        "in_progress": 8,
        "challenging": 0,
        "complete": 0,
        "closed": 0,
        "not_reported": 88,
    }
    assert set(ProgressUpdate.objects.values_list("status", flat=True)) == {"published"}
    assert {u.period.label for u in ProgressUpdate.objects.all()} == {"Q3 2021/22"}


def check_the_delivery_page_and_a_commitment_cite_the_panel_papers(anon_client):
    page = re.sub(r"\s+", " ", anon_client.get("/performance/delivery/").content.decode())
    assert "0 of 97 complete" in page
    assert "Police and Crime Plan for Lancashire 2021–2025" in page
    counter = Commitment.objects.get(
        priority__code="getting-tough-on-anti-social-behaviour", kind="pcc", position=4
    )
    detail = re.sub(r"\s+", " ", anon_client.get(counter.get_absolute_url()).content.decode())
    assert "South Ribble (Leyland) and Fylde (Kirkham) have reopened" in detail
    assert (
        "Police and Crime Panel, 6 December 2021, Agenda Item 6: PCC Update Report, paragraph 6"
        in detail
    )
    csp = Commitment.objects.get(
        priority__code="getting-tough-on-anti-social-behaviour", kind="pcc", position=10
    )
    detail = re.sub(r"\s+", " ", anon_client.get(csp.get_absolute_url()).content.decode())
    assert "PCC decision 17/2021, Community Safety Partnerships Funding, 8 October 2021" in detail
