"""List exports: the same cells as django-tables2 would write, in bounded time and size.

PortalTable.as_values works out each column's rules once instead of for every cell; these
tests hold it to the library's own output on every list of the portal's published data."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import django_tables2 as tables
import pytest
from django.core.cache import cache
from django.core.management import call_command

from finance.models import SpendPayment
from pcc_portal import exports
from pcc_portal.tables import PortalTable
from tests.factories import MeasureFactory, ObservationFactory
from tests.panel.factories import AgendaItemFactory, MeetingFactory
from tests.performance.delivery_factories import MeasureAssessmentFactory

pytestmark = pytest.mark.django_db

LISTS = (
    "/performance/observations/",
    "/performance/measures/",
    "/performance/delivery/",
    "/performance/assessments/",
    "/finance/spend/",
    "/funds/grants/",
    "/panel/",
    "/panel/decisions/",
)


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def test_every_list_exports_the_cells_django_tables2_would(monkeypatch, officer_client):
    call_command("load_demo", verbosity=0)
    # The published data has no graded measure and no spend workbook yet.
    MeasureAssessmentFactory(reason="=HYPERLINK(1) Response times within target")
    SpendPayment.objects.create(
        month=dt.date(2020, 4, 1),
        paid_on=dt.date(2020, 4, 14),
        category="-Vehicle maintenance",
        supplier="WHITEGATE VEHICLE SOLUTIONS LTD",
        amount=Decimal("598.30"),
        source_file="spend-2020.xlsx",
        sheet="Apr 20",
        cell="C2",
    )

    def exported(client, url):
        cache.clear()
        return _csv(client.get(url, {"_export": "csv"}))

    for url in LISTS:
        for client, query in ((officer_client, "?drafts=1"), (officer_client, "")):
            with monkeypatch.context() as patch:
                patch.setattr(PortalTable, "as_values", tables.Table.as_values)
                expected = exported(client, url + query)
            found = exported(client, url + query)
            assert found == expected, url + query
            assert len(found) > 1, url  # a header and rows: the lists are not empty


def test_figures_export_reads_every_cell_in_a_fixed_number_of_queries(
    officer_client, django_assert_max_num_queries
):
    measure = MeasureFactory(code="calls", name="999 calls answered")
    for year in range(2000, 2020):
        ObservationFactory(
            measure=measure, period_start=f"{year}-04-01", period_end=f"{year + 1}-03-31"
        )
    with django_assert_max_num_queries(14):
        rows = _csv(officer_client.get("/performance/observations/?drafts=1&_export=csv"))
    assert len(rows) == 21
    assert {row[0] for row in rows[1:]} == {"999 calls answered"}


def test_a_capped_list_says_so_on_the_page_and_in_the_file(monkeypatch, anon_client):
    monkeypatch.setattr(exports, "EXPORT_ROW_CAP", 3)
    measure = MeasureFactory()
    for year in range(2010, 2016):
        ObservationFactory(
            measure=measure, period_start=f"{year}-04-01", period_end=f"{year + 1}-03-31"
        )
    page = re.sub(r"\s+", " ", anon_client.get("/performance/observations/").content.decode())
    assert "A download holds the first 3 of these rows." in page
    assert "or use the <a" in page and "open data files</a>, which hold every published" in page
    rows = _csv(anon_client.get("/performance/observations/", {"_export": "csv"}))
    assert rows[-1] == [
        "This file holds the first 3 rows only. Narrow the filter to download the rest, or use "
        "the open data file http://testserver/performance/open-data/observations.csv, which "
        "holds every published figure."
    ]
    # A list within the cap says nothing about it.
    narrow = anon_client.get("/performance/observations/", {"q": "nothing matches"})
    assert "A download holds" not in narrow.content.decode()


def test_a_capped_list_without_open_data_says_only_to_narrow_the_filter(monkeypatch, anon_client):
    monkeypatch.setattr(exports, "EXPORT_ROW_CAP", 1)
    MeasureFactory(name="Rape")
    MeasureFactory(name="Burglary")
    page = re.sub(r"\s+", " ", anon_client.get("/performance/measures/").content.decode())
    assert "A download holds the first 1 of these rows." in page
    rows = _csv(anon_client.get("/performance/measures/", {"_export": "csv"}))
    assert rows[-1] == [
        "This file holds the first 1 rows only. Narrow the filter to download the rest."
    ]


def test_a_search_lists_each_row_once_whether_or_not_it_crosses_to_many(anon_client):
    meeting = MeetingFactory(venue="County Hall, Preston")
    AgendaItemFactory(meeting=meeting, title="Budget monitoring")
    AgendaItemFactory(meeting=meeting, title="Budget setting")
    rows = _csv(anon_client.get("/panel/", {"q": "budget", "_export": "csv"}))
    assert [row[rows[0].index("Venue")] for row in rows[1:]] == ["County Hall, Preston"]
    measure = MeasureFactory(name="Burglary of a dwelling", code="burglary")
    ObservationFactory(measure=measure, note="Burglary recount")
    rows = _csv(anon_client.get("/performance/observations/", {"q": "burglary", "_export": "csv"}))
    assert [row[0] for row in rows[1:]] == ["Burglary of a dwelling"]
