"""The demo data from the seed papers, and the members, groups and meeting pages built on it."""

import datetime as dt
import re

import pytest
from django.conf import settings

from panel import demo
from panel.models import Decision, Meeting, Member, Minutes, TaskGroup
from tests.factories import PlanFactory, PriorityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    plan = PlanFactory(code="PCP-2016")
    PriorityFactory(
        plan=plan,
        code="supporting-vulnerable-people-and-victims",
        title="Supporting vulnerable people and victims",
    )
    PriorityFactory(
        plan=plan, code="tackling-crime-and-re-offending", title="Tackling crime and re-offending"
    )
    return demo.load(settings.BASE_DIR / "fixtures")


def test_demo_loads_the_seed_papers_and_is_idempotent(seeded):
    assert seeded["members"] == 19
    assert seeded["decisions"] == 8
    counts = (Member.objects.count(), Meeting.objects.count(), Minutes.objects.count())
    assert demo.load(settings.BASE_DIR / "fixtures") == seeded
    assert (Member.objects.count(), Meeting.objects.count(), Minutes.objects.count()) == counts


def test_demo_decisions_are_restricted_as_in_the_seed(seeded):
    restricted = set(Decision.objects.filter(restricted=True).values_list("reference", flat=True))
    assert restricted == {"18/2021", "20/2021", "21/2021", "22/2021", "24/2021"}
    decision = Decision.objects.get(reference="19/2021")
    assert (decision.priority_label, decision.decided_on) == (
        "Tackling crime and re-offending",
        dt.date(2021, 10, 19),
    )


def test_december_2021_page_shows_agenda_reports_and_decisions_17_to_24(anon_client, seeded):
    html = anon_client.get("/panel/meetings/panel/2021-12-06/").content.decode()
    assert "Blackburn Town Hall, Meeting Room A" in html
    assert "6.00 p.m." in html
    assert "12. Dates of Next Meetings" in html
    assert "Draft Police &amp; Crime Plan 2021-2025" in html
    assert "The giant 27ft sculpture, made of over 100,000 seized and surrendered knives" in html
    for n in range(17, 25):
        assert f"{n}/2021" in html
    assert html.count("govuk-tag--grey") == 5  # five restricted decisions


def test_december_2021_reports_print_their_numbered_paragraphs_and_headings(anon_client, seeded):
    html = anon_client.get("/panel/meetings/panel/2021-12-06/").content.decode()
    assert re.search(
        r"<h4>Background</h4>\s*<ol>\s*<li>The Police and Crime Commissioner is required", html
    )
    assert "<li>Panel will recall in a previous report submitted on the 12 October 2021" in html
    # The paper numbers its implications 15 to 19, under "Implications" and its sub-headings.
    assert re.search(
        r'<h4>Implications</h4>\s*<h5>Financial</h5>\s*<ol start="15"[^>]*>\s*'
        r"<li>The plan considers current financial",
        html,
    )
    assert re.search(r'<ol start="19"[^>]*>\s*<li>The Panel is asked to discuss and note', html)
    assert "<p>1.1. Under Section 28(6) of the Police Reform" in html
    assert "<p>i) the Police and Crime Commissioner for Lancashire, and</p>" in html
    assert "<td>Phil Llewellyn 01254 585369</td>" in html
    assert "- 1 " not in html and "- 1.1." not in html and "- i)" not in html
    # Not in the paper: the decisions table follows on the page.
    assert "The decisions are listed in the table of PCC decisions" not in html


def test_october_2021_minutes_show_attendance_apologies_and_resolutions(anon_client, seeded):
    html = anon_client.get("/panel/meetings/panel/2021-10-12/").content.decode()
    assert "Councillor Jackie Oakes (Chair)" in html
    assert "Councillor Frank Andrews" in html
    assert "Dave Spellman" in html and "Independent co-opted member" in html
    assert "Andrew Snowden" in html and "Police and Crime Commissioner" in html
    assert (
        "<strong>RESOLVED –</strong> That the proposed arrangements for succession planning be "
        "approved." in html
    )
    assert "Draft minutes" in html


def test_october_2021_minutes_print_their_bullets_as_a_list(anon_client, seeded):
    """Minutes are typed in the reports' Markdown and printed by the same renderer."""
    html = anon_client.get("/panel/meetings/panel/2021-10-12/").content.decode()
    minute = html[html.index('id="minute-10"') :]
    minute = minute[: minute.index("</section>")]
    assert "<li>101 Service – including visit to Force Control Room" in minute
    assert "<li>Neighbourhood Policing – Peter Le Marinel had volunteered" in minute
    assert "- 101 Service" not in minute
    assert "<p>The Chair advised that it was hoped that both groups" in minute


def test_performance_reports_are_the_bodies_of_the_2018_and_2020_meetings(anon_client, seeded):
    html = anon_client.get("/panel/meetings/panel/2018-12-10/").content.decode()
    assert "the most recent intake of 30 PCROs" in html
    html = anon_client.get("/panel/meetings/panel/2020-12-07/").content.decode()
    # The composed paper's text (its LVS figures come from the performance demo, not loaded
    # here: tests/reports/test_composed_papers.py reads them).
    assert "referrals between 1 July and 30 September 2020, which is similar" in html


def test_strategic_scrutiny_meetings_are_listed_with_their_papers(anon_client, seeded):
    html = anon_client.get("/panel/?body=scrutiny").content.decode()
    assert "3 rows" in html
    report = anon_client.get("/panel/meetings/scrutiny/2021-06-23/").content.decode()
    assert "Quarterly Performance Report" in report
    assert "<li>300 knives were taken off Lancashire's streets;</li>" in report
    # The paper's decimal-numbered paragraphs print as paragraphs, its tables as tables.
    assert "<p>6.1 A detailed update was provided at Strategic Scrutiny" in report
    assert '<td>Calls Presented</td>\n<td style="text-align:right">142,841</td>' in report
    assert "--- | ---" not in report
    summary = anon_client.get("/panel/meetings/scrutiny/2021-11-15/").content.decode()
    assert "The level of sexual offences and the links to" in summary


def test_rescheduled_meeting_shows_its_new_date(anon_client, seeded):
    html = anon_client.get("/panel/meetings/panel/2022-01-17/").content.decode()
    assert "Rescheduled" in html and "Tuesday 1 February 2022" in html


def test_members_page_lists_chair_first_and_authorities(public_client, seeded):
    html = public_client.get("/panel/members/").content.decode()
    assert "19 members" in html
    assert html.index("Councillor Jackie Oakes") < html.index("Councillor Alistair Bradley")
    assert "Rossendale Borough Council" in html
    assert "Authority not recorded" in html  # apologies without a council in the minutes


def test_groups_page_shows_task_and_finish_groups_and_complaint_counts(public_client, seeded):
    html = public_client.get("/panel/groups/").content.decode()
    assert "101 Service" in html and "Neighbourhood Policing" in html
    assert "2 of 3 places filled" in html and "1 of 3 places filled" in html
    assert "Being assessed: 1" in html
    assert TaskGroup.objects.get(title="101 Service").members.count() == 2
