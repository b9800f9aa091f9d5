"""The decisions export and the iCalendar feed hold only what the reader may see."""

import csv
import io

import openpyxl
import pytest
from icalendar import Calendar

from .factories import AgendaItemFactory, MeetingFactory, days_from_today
from .scenario import (
    EMBARGOED_ITEM,
    RESTRICTED_SUMMARY,
    WITHHELD_TITLE,
    assert_nothing_hidden,
)

pytestmark = pytest.mark.django_db


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.getvalue().decode())))


def test_decisions_csv_has_the_page_columns_and_no_restricted_content(public_client, world):
    rows = csv_rows(public_client.get("/panel/decisions/?_export=csv"))
    assert list(rows[0]) == [
        "Reference",
        "Title",
        "PCC priority",
        "Date",
        "Made by",
        "Access",
    ]
    by_reference = {row["Reference"]: row for row in rows}
    assert by_reference["18/2021"]["Title"] == "Victim Services Contract Award"
    assert by_reference["18/2021"]["Access"] == "Restricted"
    assert by_reference["22/2021"]["Title"] == "Restricted decision"
    assert by_reference["23/2021"]["Access"] == "Public"
    assert by_reference["23/2021"]["Date"] == "2021-11-03"
    assert_nothing_hidden(public_client.get("/panel/decisions/?_export=csv").getvalue().decode())


def test_decisions_xlsx_hides_withheld_titles_from_the_public(public_client, world):
    response = public_client.get("/panel/decisions/?_export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [str(cell.value) for row in sheet.iter_rows() for cell in row]
    assert "Restricted decision" in cells
    assert "18/2021" in cells
    assert_nothing_hidden(" ".join(cells))


def test_officer_export_shows_withheld_title(officer_client, world):
    rows = csv_rows(officer_client.get("/panel/decisions/?_export=csv"))
    titles = {row["Reference"]: row["Title"] for row in rows}
    assert titles["22/2021"] == f"{WITHHELD_TITLE} knife"


def test_filtered_export_holds_only_the_filtered_rows(anon_client, world):
    rows = csv_rows(anon_client.get("/panel/decisions/?restricted=false&_export=csv"))
    assert [row["Reference"] for row in rows] == ["23/2021"]


def test_meetings_csv_lists_dates_and_publication(anon_client, world):
    rows = csv_rows(anon_client.get("/panel/?_export=csv"))
    dec = next(row for row in rows if row["Date"] == "2021-12-06")
    assert dec["Papers"] == "2021-11-26"
    assert dec["Status"] == "Held"
    assert dec["Time"] == "18:00"


def parse_feed(client):
    response = client.get("/panel/meetings.ics")
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_ical_feed_parses_and_lists_only_upcoming_meetings(anon_client, world):
    calendar = parse_feed(anon_client)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1  # the 6 December 2021 meeting is past
    event = events[0]
    assert event.decoded("dtstart").date() == world.embargoed.date
    assert str(event["summary"]) == "Police and Crime Panel"
    assert str(event["location"]) == "Blackburn Town Hall, Meeting Room A"
    assert str(event["url"]).endswith(world.embargoed.get_absolute_url())


def test_ical_feed_hides_embargoed_agenda_from_public_and_panel(public_client, world):
    description = str(next(iter(parse_feed(public_client).walk("VEVENT")))["description"])
    assert EMBARGOED_ITEM not in description
    assert_nothing_hidden(public_client.get("/panel/meetings.ics").content.decode())


def test_ical_feed_gives_officers_the_embargoed_agenda(officer_client, world):
    description = str(next(iter(parse_feed(officer_client).walk("VEVENT")))["description"])
    assert f"1. {EMBARGOED_ITEM} precept" in description


def test_ical_feed_shows_published_agenda_and_cancellation(anon_client, db):
    published = MeetingFactory(
        date=days_from_today(10), agenda_published_on=days_from_today(-1), status="scheduled"
    )
    AgendaItemFactory(meeting=published, position=1, title="Police and Crime Plan")
    MeetingFactory(
        date=days_from_today(40),
        status="rescheduled",
        rescheduled_to=days_from_today(55),
        time=None,
        agenda_published_on=None,
    )
    events = sorted(parse_feed(anon_client).walk("VEVENT"), key=lambda e: str(e["dtstart"].dt))
    assert "1. Police and Crime Plan" in str(events[0]["description"])
    assert str(events[0]["status"]) == "CONFIRMED"
    assert str(events[1]["status"]) == "CANCELLED"
    assert "Rescheduled to" in str(events[1]["description"])
    # No agreed time: a whole-day event.
    assert events[1].decoded("dtstart") == days_from_today(40)


def test_search_never_matches_restricted_or_embargoed_text(public_client, world):
    for word in (RESTRICTED_SUMMARY, "SENTINEL-EMBARGOED-BODY", "SENTINEL-DRAFT-MINUTE"):
        html = public_client.get(f"/search/?q={word}").content.decode()
        assert "0 results" in html
    html = public_client.get("/search/?q=knife").content.decode()
    assert_nothing_hidden(html)
    assert "Police &amp; Crime Commissioner&#x27;s update" in html  # the published report
    assert "Members asked about <mark>knife</mark> crime." in html  # the published minute
    assert "23/2021" in html  # the public decision


def test_search_finds_restricted_and_embargoed_text_for_officers(officer_client, world):
    html = officer_client.get(f"/search/?q={RESTRICTED_SUMMARY}").content.decode()
    assert "18/2021" in html
    html = officer_client.get("/search/?q=SENTINEL-EMBARGOED-BODY").content.decode()
    assert "Proposed precept" in html
    html = officer_client.get("/search/?q=SENTINEL-DRAFT-MINUTE").content.decode()
    assert "Minutes: Succession Planning" in html


def test_search_of_a_withheld_title_finds_nothing_for_the_public(public_client, world):
    html = public_client.get(f"/search/?q={WITHHELD_TITLE}").content.decode()
    assert "0 results" in html


@pytest.mark.parametrize("query", ["!!!", "'", "a & b | c", "x" * 500, "knife OR"])
def test_odd_search_input_is_answered_without_error(anon_client, world, query):
    response = anon_client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert_nothing_hidden(response.content.decode().replace(query[:200], ""))
