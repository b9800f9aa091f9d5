"""The decisions-since-last-meeting table and the document pack's contents."""

import datetime as dt

import pytest

from panel.selectors import decisions_since_last_meeting, meeting_pack_contents

from .factories import (
    AgendaItemFactory,
    DecisionFactory,
    MeetingFactory,
    MinutesFactory,
    ReportFactory,
)
from .scenario import WITHHELD_TITLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_meetings(db):
    october = MeetingFactory(date=dt.date(2021, 10, 12), agenda_published_on=dt.date(2021, 10, 4))
    december = MeetingFactory(date=dt.date(2021, 12, 6), agenda_published_on=dt.date(2021, 11, 26))
    return october, december


def test_decisions_since_last_meeting_run_between_the_two_publication_dates(two_meetings, officer):
    october, december = two_meetings
    DecisionFactory(reference="16/2021", decided_on=dt.date(2021, 10, 4))  # in the October papers
    DecisionFactory(reference="17/2021", decided_on=dt.date(2021, 10, 8))
    DecisionFactory(reference="22/2021", decided_on=dt.date(2021, 11, 26))
    DecisionFactory(reference="25/2021", decided_on=dt.date(2021, 11, 29))  # after the pack
    rows = decisions_since_last_meeting(meeting=december, user=officer)
    assert [row.reference for row in rows] == ["17/2021", "22/2021"]
    assert [
        row.reference for row in decisions_since_last_meeting(meeting=october, user=officer)
    ] == ["16/2021"]


def test_decisions_since_last_meeting_skips_cancelled_meetings(two_meetings, officer):
    october, december = two_meetings
    MeetingFactory(date=dt.date(2021, 11, 15), status="cancelled", agenda_published_on=None)
    DecisionFactory(reference="19/2021", decided_on=dt.date(2021, 10, 19))
    rows = decisions_since_last_meeting(meeting=december, user=officer)
    assert [row.reference for row in rows] == ["19/2021"]


def test_decisions_since_last_meeting_are_presented_for_the_reader(two_meetings, panel_member):
    _, december = two_meetings
    DecisionFactory(
        reference="22/2021",
        title=WITHHELD_TITLE,
        decided_on=dt.date(2021, 11, 26),
        restricted=True,
        withhold_title=True,
    )
    (row,) = decisions_since_last_meeting(meeting=december, user=panel_member)
    assert (row.title, row.summary, row.access) == ("Restricted decision", "", "Restricted")


def test_pack_holds_items_in_order_with_reports_previous_minutes_and_decisions(
    two_meetings, panel_member
):
    october, december = two_meetings
    MinutesFactory(
        item=AgendaItemFactory(meeting=october, position=5, title="Draft Police and Crime Plan"),
        resolution="That the draft Police and Crime Plan be noted.",
    )
    MinutesFactory(item=AgendaItemFactory(meeting=october, position=6), status="draft")
    ReportFactory(item=AgendaItemFactory(meeting=december, position=7, title="PCC Decisions"))
    AgendaItemFactory(meeting=december, position=1, title="Welcome and Apologies")
    DecisionFactory(reference="17/2021", decided_on=dt.date(2021, 10, 8))

    pack = meeting_pack_contents(meeting=december, user=panel_member)
    assert [entry.item.title for entry in pack.items] == ["Welcome and Apologies", "PCC Decisions"]
    assert pack.items[0].report is None
    assert pack.items[1].report.title.startswith("Report")
    assert pack.previous_meeting == october
    # The draft minute of item 6 is not in the pack for a panel member.
    assert [entry.minutes.resolution for entry in pack.previous_minutes] == [
        "That the draft Police and Crime Plan be noted."
    ]
    assert [d.reference for d in pack.decisions] == ["17/2021"]


def test_pack_is_empty_for_the_public_before_publication(anon_client, officer):
    from django.contrib.auth.models import AnonymousUser

    from .factories import days_from_today

    meeting = MeetingFactory(
        date=days_from_today(14), status="scheduled", agenda_published_on=days_from_today(4)
    )
    ReportFactory(item=AgendaItemFactory(meeting=meeting, position=1))
    DecisionFactory(reference="30/2021", decided_on=days_from_today(-1))
    hidden = meeting_pack_contents(meeting=meeting, user=AnonymousUser())
    assert (hidden.papers_visible, hidden.items, hidden.decisions) == (False, [], [])
    staff = meeting_pack_contents(meeting=meeting, user=officer)
    assert staff.papers_visible and len(staff.items) == 1 and len(staff.decisions) == 1
