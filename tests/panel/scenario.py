"""A small world with one thing of every visibility, marked with sentinel strings that must
never reach the public or panel members."""

import datetime as dt
from dataclasses import dataclass

from panel.models import Decision, Meeting, MinutesStatus

from .factories import (
    AgendaItemFactory,
    DecisionFactory,
    MeetingFactory,
    MinutesFactory,
    ReportFactory,
    days_from_today,
)

EMBARGOED_ITEM = "SENTINEL-EMBARGOED-ITEM"
EMBARGOED_BODY = "SENTINEL-EMBARGOED-BODY"
DRAFT_MINUTE = "SENTINEL-DRAFT-MINUTE"
RESTRICTED_SUMMARY = "SENTINEL-RESTRICTED-SUMMARY"
RESTRICTED_REASONS = "SENTINEL-RESTRICTED-REASONS"
RESTRICTED_NOTES = "SENTINEL-RESTRICTED-NOTES"
WITHHELD_TITLE = "SENTINEL-WITHHELD-TITLE"
HIDDEN = (
    EMBARGOED_ITEM,
    EMBARGOED_BODY,
    DRAFT_MINUTE,
    RESTRICTED_SUMMARY,
    RESTRICTED_REASONS,
    RESTRICTED_NOTES,
    WITHHELD_TITLE,
)


@dataclass
class World:
    published: Meeting
    embargoed: Meeting
    restricted: Decision
    withheld: Decision
    public: Decision


def build_world() -> World:
    published = MeetingFactory(date=dt.date(2021, 12, 6), agenda_published_on=dt.date(2021, 11, 26))
    report_item = AgendaItemFactory(meeting=published, position=1, title="PCC Update Report")
    ReportFactory(
        item=report_item,
        title="Police & Crime Commissioner's update",
        body="The knife angel arrived in Lancashire in November.",
    )
    MinutesFactory(
        item=report_item,
        text="Members asked about knife crime.",
        resolution="That the report be noted.",
        status=MinutesStatus.PUBLISHED,
    )
    draft_item = AgendaItemFactory(meeting=published, position=2, title="Succession Planning")
    MinutesFactory(
        item=draft_item,
        text=f"{DRAFT_MINUTE} knife discussion not yet published",
        resolution="That the arrangements be approved.",
        status=MinutesStatus.DRAFT,
    )

    embargoed = MeetingFactory(
        date=days_from_today(30),
        status="scheduled",
        agenda_published_on=days_from_today(20),
    )
    ReportFactory(
        item=AgendaItemFactory(meeting=embargoed, position=1, title=f"{EMBARGOED_ITEM} precept"),
        title="Proposed precept",
        executive_summary="Precept proposal knife",
        body=f"{EMBARGOED_BODY} knife figures under embargo",
    )

    restricted = DecisionFactory(
        reference="18/2021",
        title="Victim Services Contract Award",
        decided_on=dt.date(2021, 11, 3),
        restricted=True,
        summary=f"{RESTRICTED_SUMMARY} knife contract",
        reasons=RESTRICTED_REASONS,
        notes=RESTRICTED_NOTES,
    )
    withheld = DecisionFactory(
        reference="22/2021",
        title=f"{WITHHELD_TITLE} knife",
        decided_on=dt.date(2021, 11, 26),
        restricted=True,
        withhold_title=True,
    )
    public = DecisionFactory(
        reference="23/2021",
        title="Financial position as at 30 September 2021",
        decided_on=dt.date(2021, 11, 3),
        summary="Public summary of the knife crime funding.",
    )
    return World(published, embargoed, restricted, withheld, public)


def assert_nothing_hidden(text: str) -> None:
    for sentinel in HIDDEN:
        assert sentinel not in text, f"{sentinel} leaked"
