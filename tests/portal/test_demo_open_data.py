"""The demo's published files, loaded by load_demo through the importers: real monthly history
long enough for a control chart, the force ranked among its peers, and its districts."""

import pytest
from django.core.management import call_command

from performance.models import FigureSource, Observation, PeerGroup, PublicationEdition, Status

# A part of fixtures/open-data: two P1 editions, the districts (C2) and twelve police.uk months.
SUBSET = [
    "ons-pfa-tables/policeforceareatablesyeendingmarch2019.xlsx",
    "ons-pfa-tables/policeforceareatablesyearendingjune2019.xlsx",
    "ons-pfa-tables/ons_tableC2_csp_ye_jun2025.csv.gz",
    *(f"police-uk-street/2021-{month:02d}-lancashire-street.csv.gz" for month in range(1, 13)),
]


@pytest.fixture
def demo(db, settings):
    settings.DEMO_OPEN_DATA = SUBSET
    call_command("load_demo", verbosity=0)


def test_demo_publishes_the_files_it_carries_as_official_statistics(demo):
    editions = PublicationEdition.objects.all()
    assert editions.count() == len(SUBSET)
    assert all(e.published_by.username == "official-statistics" for e in editions)
    crimes = Observation.objects.filter(measure__code="police-uk-crimes", area__code="LANC")
    assert crimes.count() == 12 and set(crimes.values_list("status", flat=True)) == {
        Status.PUBLISHED
    }
    assert PeerGroup.objects.get(is_default=True).members.count() == 7


def test_demo_measure_pages_show_control_chart_ranking_and_districts(demo, anon_client):
    monthly = anon_client.get("/performance/measures/police-uk-crimes/").content.decode()
    assert "Control chart: Crimes recorded each month (police.uk)" in monthly
    assert "Districts, December 2021" in monthly and "Blackpool" in monthly
    all_crime = anon_client.get("/performance/measures/all-crime/").content.decode()
    assert "Compared with similar forces" in all_crime
    assert "Lancashire is" in all_crime and " of 8" in all_crime
    assert "Most Similar Group (total of 8 forces)" in all_crime
    assert "Where the figures come from" in all_crime and "cell C17" in all_crime


def test_loading_the_demo_again_changes_nothing(demo):
    def state():
        imported = Observation.objects.filter(sources__isnull=False)
        return (
            Observation.objects.count(),
            Observation.history.filter(id__in=imported.values("id")).count(),
            FigureSource.objects.count(),
            list(PublicationEdition.objects.order_by("pk").values_list("published_at", flat=True)),
        )

    before = state()
    call_command("load_demo", verbosity=0)
    assert state() == before
