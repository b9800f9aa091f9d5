"""The meeting page and decisions log make the same number of queries at any size."""

import datetime as dt

import pytest

from .factories import (
    AgendaItemFactory,
    AttendanceFactory,
    DecisionFactory,
    MeetingFactory,
    MinutesFactory,
    ReportFactory,
)

pytestmark = pytest.mark.django_db


def grow_meeting(meeting, items: int) -> None:
    start = meeting.items.count()
    for position in range(start + 1, start + items + 1):
        item = AgendaItemFactory(meeting=meeting, position=position)
        ReportFactory(item=item)
        MinutesFactory(item=item)
        AttendanceFactory(meeting=meeting)


def grow_decisions(count: int, start: int, priority=None) -> None:
    for n in range(start, start + count):
        DecisionFactory(
            reference=f"{n}/2021", decided_on=dt.date(2021, 11, 1), restricted=n % 3 == 0
        )


@pytest.mark.parametrize("client_name", ["anon_client", "panel_client", "officer_client"])
def test_meeting_page_queries_do_not_grow_with_the_agenda(
    request, client_name, django_assert_max_num_queries
):
    client = request.getfixturevalue(client_name)
    previous = MeetingFactory(date=dt.date(2021, 10, 12), agenda_published_on=dt.date(2021, 10, 4))
    meeting = MeetingFactory(date=dt.date(2021, 12, 6), agenda_published_on=dt.date(2021, 11, 26))
    grow_meeting(previous, 2)
    grow_meeting(meeting, 3)
    grow_decisions(3, 1)
    # Staff pay one more: whether they have two-step sign-in on (pcc_portal.two_step). One of
    # them reads the agenda's composed papers, whatever their number.
    with django_assert_max_num_queries(21 if client_name == "officer_client" else 17) as small:
        assert client.get(meeting.get_absolute_url()).status_code == 200
    grow_meeting(meeting, 30)
    grow_decisions(60, 10)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        html = client.get(meeting.get_absolute_url()).content.decode()
    assert html.count('class="govuk-heading-m" id="item-') == 33
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.parametrize("client_name", ["anon_client", "officer_client"])
def test_decisions_log_queries_do_not_grow_with_the_log(
    request, client_name, django_assert_max_num_queries
):
    client = request.getfixturevalue(client_name)
    grow_decisions(10, 1)
    with django_assert_max_num_queries(10) as small:
        assert client.get("/panel/decisions/").status_code == 200
    grow_decisions(190, 11)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        html = client.get("/panel/decisions/").content.decode()
    assert "200 rows" in html
    assert len(large.captured_queries) == len(small.captured_queries)


def test_decisions_export_queries_do_not_grow(anon_client, django_assert_max_num_queries):
    grow_decisions(10, 1)
    with django_assert_max_num_queries(10) as small:
        anon_client.get("/panel/decisions/?_export=csv")
    grow_decisions(190, 11)
    with django_assert_max_num_queries(len(small.captured_queries)):
        rows = anon_client.get("/panel/decisions/?_export=csv").getvalue().decode().splitlines()
    assert len(rows) == 201


def test_meetings_list_queries_do_not_grow(anon_client, django_assert_max_num_queries):
    for _ in range(5):
        MeetingFactory()
    with django_assert_max_num_queries(10) as small:
        anon_client.get("/panel/")
    for _ in range(60):
        MeetingFactory()
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert "65 rows" in anon_client.get("/panel/").content.decode()
