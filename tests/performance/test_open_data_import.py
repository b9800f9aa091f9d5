"""Importing published files: figures land on the right measure, area and period with their
provenance; not-available stays not available; re-import changes nothing; a later edition
revises; a refused file writes nothing; only the lead publishes a whole edition."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from core.periods import Period
from pcc_portal.open_data import import_paths
from performance.models import (
    Area,
    FigureSource,
    Measure,
    MeasureSource,
    Observation,
    Publication,
    PublicationEdition,
    Revision,
    Status,
)
from tests.factories import MeasureFactory
from tests.publications import editions

pytestmark = pytest.mark.django_db

TOTAL = "Total recorded crime (excluding fraud)"
YE_MARCH_2019 = Period(dt.date(2018, 4, 1), dt.date(2019, 3, 31))
YE_JUNE_2019 = Period(dt.date(2018, 7, 1), dt.date(2019, 6, 30))
YE_JUNE_2018 = Period(dt.date(2017, 7, 1), dt.date(2018, 6, 30))


@pytest.fixture
def all_crime(db):
    """All crime, mapped to Table P1's total as an officer would map it in the admin."""
    measure = MeasureFactory(code="all-crime", name="All crime", direction_of_good="down")
    publication = Publication.objects.create(
        code="ons-pfa-p1", title="Police Force Area data tables, Table P1", publisher="ONS"
    )
    MeasureSource.objects.create(publication=publication, column=TOTAL, measure=measure)
    return measure


def value(measure, ons_code, period):
    return Observation.objects.get(
        measure=measure,
        area__ons_code=ons_code,
        period_start=period.start,
        period_end=period.end,
    )


def imported(paths, user, **kwargs):
    run = import_paths(paths, user=user, **kwargs)
    assert run.ok, run.problems
    return run


def test_p1_figures_land_on_the_mapped_measure_area_and_period(all_crime, officer):
    imported([editions.P1_MARCH_2019, editions.P1_JUNE_2019], officer)
    march = value(all_crime, "E23000003", YE_MARCH_2019)
    june = value(all_crime, "E23000003", YE_JUNE_2019)
    assert (march.value, june.value) == (Decimal(165368), Decimal(162194))
    assert march.status == Status.DRAFT and march.entered_by == officer
    source = march.sources.get()
    assert source.citation == (
        "Office for National Statistics, Police Force Area data tables, Table P1, "
        "year ending March 2019, Table P1, cell C17"
    )
    # Areas come from the data: every force, region and nation, with ONS codes and regions.
    assert Area.objects.filter(kind="force").count() == 43
    assert Area.objects.get(ons_code="E23000003").parent.name == "North West"
    # A column nobody mapped gets a measure of its own, named as the publication names it.
    homicide = MeasureSource.objects.get(column="Homicide").measure
    assert value(homicide, "E23000005", YE_JUNE_2019).value == Decimal(61)  # cell F16 (June)
    # Its history says who made it and from which file.
    (made,) = homicide.history.all()
    assert (made.history_type, made.history_user, made.name) == ("+", officer, "Homicide")
    assert made.history_change_reason == (
        "Imported from policeforceareatablesyeendingmarch2019.xlsx"
    )


def test_reimporting_the_same_figures_changes_nothing(all_crime, officer, tmp_path):
    imported([editions.P1_JUNE_2019], officer)
    counts = (
        Observation.objects.count(),
        Observation.history.count(),
        FigureSource.objects.count(),
        Measure.history.count(),
    )
    again = imported([editions.P1_JUNE_2019], officer)
    assert "nothing changed" in again.reports[0].summary
    # The same edition in another file (the accessible CSV layout): every figure unchanged.
    other = imported([editions.accessible_csv(editions.P1_JUNE_2019, tmp_path)], officer)
    assert other.reports[0].counts["unchanged"] == 1265
    assert other.reports[0].counts["new"] == other.reports[0].counts["updated"] == 0
    after = (
        Observation.objects.count(),
        Observation.history.count(),
        FigureSource.objects.count(),
        Measure.history.count(),
    )
    assert after == counts


def test_dots_stay_not_available_and_the_page_explains(all_crime, lead, anon_client, tmp_path):
    imported([editions.reshuffled_december_2019(tmp_path)], lead, publish=True)
    gmp = FigureSource.objects.get(measure=all_crime, area__ons_code="E23000005")
    assert gmp.value is None and gmp.observation is None
    assert editions.GMP_NOTE in gmp.note
    assert not Observation.objects.filter(measure=all_crime, area__ons_code="E23000005").exists()
    page = anon_client.get(all_crime.get_absolute_url()).content.decode()
    assert "Greater Manchester, 12 months to December 2019" in page
    assert "Not available." in page and "national totals exclude them" in page


def test_a_later_edition_that_revises_a_published_figure_records_the_revision(
    all_crime, lead, anon_client, tmp_path
):
    first = editions.first_edition_june_2018(tmp_path, lancashire_total=139000)
    imported([first], lead, publish=True)
    assert value(all_crime, "E23000003", YE_JUNE_2018).value == 139000
    run = imported([editions.P1_JUNE_2018_CORRECTED], lead, publish=True)
    assert run.reports[0].counts["revised"] == 1
    figure = value(all_crime, "E23000003", YE_JUNE_2018)
    assert (figure.value, figure.status) == (Decimal(139701), Status.PUBLISHED)
    revision = Revision.objects.get(observation=figure)
    assert revision.reason == "Revised by the publisher in year ending June 2018 (corrected)"
    assert revision.old_value == 139000
    page = anon_client.get(all_crime.get_absolute_url()).content.decode()
    assert "Revised by the publisher in year ending June 2018 (corrected)" in page


def test_only_the_lead_imports_an_edition_that_revises_published_figures(
    all_crime, lead, officer, tmp_path
):
    imported(
        [editions.first_edition_june_2018(tmp_path, lancashire_total=139000)], lead, publish=True
    )
    run = import_paths([editions.P1_JUNE_2018_CORRECTED], user=officer)
    assert not run.ok and "only the performance lead" in run.problems[0]
    assert value(all_crime, "E23000003", YE_JUNE_2018).value == 139000


@pytest.mark.parametrize("bad", [editions.foreign_workbook, editions.without_headings])
def test_a_refused_file_means_nothing_is_written(all_crime, officer, tmp_path, bad):
    areas = Area.objects.count()
    run = import_paths([editions.P1_JUNE_2019, bad(tmp_path)], user=officer)
    assert not run.ok
    assert "Table P1" in run.problems[0] and bad(tmp_path).name in run.problems[0]
    assert Observation.objects.count() == 0 and PublicationEdition.objects.count() == 0
    assert Area.objects.count() == areas


def test_lead_publishes_a_whole_publication_recorded_as_theirs(all_crime, lead, officer):
    imported([editions.P1_MARCH_2019], officer)
    edition = PublicationEdition.objects.get()
    from performance.services import edition_publish

    with pytest.raises(Exception, match="performance lead"):
        edition_publish(edition=edition, user=officer)
    assert edition_publish(edition=edition, user=lead) == 1265
    edition.refresh_from_db()
    assert edition.published_by == lead
    figure = value(all_crime, "E23000003", YE_MARCH_2019)
    assert (figure.status, figure.verified_by, figure.entered_by) == (
        Status.PUBLISHED,
        lead,
        officer,
    )
    assert figure.history.first().history_change_reason.startswith("Published from")


def test_command_dry_run_writes_nothing_and_publish_needs_the_lead(all_crime, officer, lead):
    call_command(
        "import_open_data", str(editions.P1_MARCH_2019), "--user", lead.username, "--dry-run"
    )
    assert Observation.objects.count() == 0
    with pytest.raises(CommandError, match="not the performance lead"):
        call_command(
            "import_open_data", str(editions.P1_MARCH_2019), "--user", officer.username, "--publish"
        )
    call_command(
        "import_open_data", str(editions.P1_MARCH_2019), "--user", lead.username, "--publish"
    )
    assert value(all_crime, "E23000003", YE_MARCH_2019).status == Status.PUBLISHED


def test_police_uk_month_gives_the_force_and_its_districts(officer):
    month = editions.POLICE_UK / "2021-03-lancashire-street.csv.gz"
    imported([editions.C2_JUNE_2025, month], officer)
    march = Period(dt.date(2021, 3, 1), dt.date(2021, 3, 31))
    crimes = MeasureSource.objects.get(publication__code="police-uk-street", column="All crime")
    assert value(crimes.measure, "E23000003", march).value == 19725 - 8702
    blackpool = value(crimes.measure, "E22000151", march)
    assert blackpool.area.parent.ons_code == "E23000003" and blackpool.value > 0


def test_admin_upload_previews_then_imports_on_confirmation(all_crime, officer_client):
    url = "/admin/performance/publicationedition/import/"
    with open(editions.P1_MARCH_2019, "rb") as upload:
        preview = officer_client.post(url, {"file": upload})
    assert "1,265 new" in preview.content.decode()
    assert Observation.objects.count() == 0  # a preview writes nothing
    pending = preview.context["pending"]
    confirmed = officer_client.post(url, {"pending": pending.pk})
    assert confirmed.status_code == 302
    assert value(all_crime, "E23000003", YE_MARCH_2019).value == 165368


def test_admin_upload_of_a_foreign_workbook_names_its_sheet(officer_client, tmp_path):
    with open(editions.foreign_workbook(tmp_path), "rb") as upload:
        page = officer_client.post(
            "/admin/performance/publicationedition/import/", {"file": upload}
        )
    text = page.content.decode()
    assert "Nothing was imported" in text and "“Sheet1”" in text
    assert PublicationEdition.objects.count() == 0
