"""The publication readers on the real files in fixtures/open-data, and on editions they have
not seen (tests/publications/editions.py). Pure parsing: no database."""

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest

import publications
from core.periods import Period
from publications import LayoutRefused, from_paths
from publications.common import parse_figure, split_footnotes, year_ending

from . import editions


def read(path):
    (source,) = from_paths([path])
    return publications.read(source)


def figure(edition, area_code, column="Total recorded crime (excluding fraud)"):
    return next(f for f in edition.figures if f.area_code == area_code and f.column == column)


LANCASHIRE = "E23000003"
GREATER_MANCHESTER = "E23000005"


def test_p1_year_ending_march_2019_gives_lancashire_165368_from_its_cell():
    edition = read(editions.P1_MARCH_2019)
    assert (edition.publication, edition.label) == ("ons-pfa-p1", "year ending March 2019")
    found = figure(edition, LANCASHIRE)
    assert found.value == Decimal(165368)
    assert found.period == Period(dt.date(2018, 4, 1), dt.date(2019, 3, 31))
    assert (found.table, found.cell, found.area_name) == ("Table P1", "C17", "Lancashire")
    # The cell named is the cell the workbook holds the figure in.
    sheet = openpyxl.load_workbook(editions.P1_MARCH_2019, read_only=True)["Table P1 "]
    assert sheet["C17"].value == 165368


def test_p1_june_2019_strips_the_footnote_from_lancashire_8():
    found = figure(read(editions.P1_JUNE_2019), LANCASHIRE)
    assert (found.area_name, found.value) == ("Lancashire", Decimal(162194))
    assert found.period == Period(dt.date(2018, 7, 1), dt.date(2019, 6, 30))
    assert (found.parent_code, found.parent_name) == ("E12000002", "North West")


def test_p1_reads_every_force_region_and_nation_with_every_offence_group():
    edition = read(editions.P1_MARCH_2019)
    areas = {(f.area_code, f.area_kind) for f in edition.figures}
    assert sum(kind == "force" for _, kind in areas) == 43
    assert sum(kind == "region" for _, kind in areas) == 9
    assert ("K04000001", "national") in areas and ("W92000004", "country") in areas
    columns = {f.column for f in edition.figures}
    assert len(columns) == 23
    assert "Stalking and harassment" in columns and "Residential burglary" in columns
    assert figure(edition, "K04000001").area_name == "England and Wales"
    assert any("British Transport Police" in note for note in edition.notes)


def test_corrected_edition_is_its_own_edition():
    assert read(editions.P1_JUNE_2018_CORRECTED).label == "year ending June 2018 (corrected)"


def test_c2_accessible_csv_reads_thousands_separators_and_districts():
    edition = read(editions.C2_JUNE_2025)
    assert (edition.publication, edition.label) == ("ons-pfa-c2", "year ending June 2025")
    assert figure(edition, LANCASHIRE).value == Decimal(128435)
    blackpool = figure(edition, "E22000151")
    assert (blackpool.area_name, blackpool.area_kind, blackpool.value) == (
        "Blackpool",
        "district",
        Decimal(21832),
    )
    assert blackpool.parent_code == LANCASHIRE
    assert any("Unassigned Lancashire" in note for note in edition.notes)


def test_an_unseen_edition_with_moved_headings_renamed_sheet_and_extra_columns(tmp_path):
    edition = read(editions.reshuffled_december_2019(tmp_path))
    assert edition.label == "year ending December 2019"
    lancashire = figure(edition, LANCASHIRE)
    assert lancashire.value == Decimal(162194)  # the June figures the edition was made from
    assert lancashire.table == "Table P1"
    assert lancashire.cell == "D20"  # three rows lower and one column right of C17
    added = figure(edition, LANCASHIRE, "Fraud and computer misuse")
    assert added.value == Decimal(16219)


def test_dots_stay_not_available_with_the_publications_note(tmp_path):
    edition = read(editions.reshuffled_december_2019(tmp_path))
    gmp = figure(edition, GREATER_MANCHESTER)
    assert gmp.value is None
    assert gmp.area_name == "Greater Manchester"
    assert "not available" in gmp.note and editions.GMP_NOTE in gmp.note
    assert sum(f.value is None for f in edition.figures) == 24  # every column, not just one


def test_p1_in_the_accessible_csv_layout_reads_the_same_figures(tmp_path):
    csv_edition = read(editions.accessible_csv(editions.P1_JUNE_2019, tmp_path))
    xlsx_edition = read(editions.P1_JUNE_2019)
    assert csv_edition.label == xlsx_edition.label
    as_xlsx = {(f.area_code, f.column): f.value for f in xlsx_edition.figures}
    as_csv = {(f.area_code, f.column): f.value for f in csv_edition.figures}
    assert as_csv == as_xlsx


def test_x_in_the_accessible_layout_is_not_available_with_its_legend(tmp_path):
    path = editions.accessible_csv(editions.P1_JUNE_2019, tmp_path, unavailable="Greater Man")
    gmp = figure(read(path), GREATER_MANCHESTER)
    assert gmp.value is None
    assert "[x] indicates data are unavailable" in gmp.note


@pytest.mark.parametrize(
    "make, words",
    [
        (editions.without_headings, ["p1-cut-short.xlsx", "sheet “Table P1”", "Area Code"]),
        (editions.foreign_workbook, ["league-table.xlsx", "“Sheet1”", "Table P1"]),
        (editions.truncated_bytes, ["policeforceareatables-truncated.xlsx", "cut short"]),
    ],
)
def test_a_file_that_is_no_known_publication_is_refused_saying_where(tmp_path, make, words):
    with pytest.raises(LayoutRefused) as refused:
        read(make(tmp_path))
    for word in words:
        assert word in str(refused.value)


def test_police_uk_month_counts_each_crime_type_for_the_force_and_its_districts():
    path = editions.POLICE_UK / "2021-03-lancashire-street.csv.gz"
    edition = read(path)
    assert edition.label == "March 2021, Lancashire Constabulary"
    force = {f.column: f.value for f in edition.figures if f.area_kind == "force"}
    assert force["Anti-social behaviour"] == 8702
    assert force["Burglary"] == 681
    assert force["All crime"] == 19725 - 8702
    blackpool = [f for f in edition.figures if f.area_name == "Blackpool"]
    assert sum(f.value for f in blackpool if f.column not in ("All crime",)) == 2785
    assert all(f.period == Period(dt.date(2021, 3, 1), dt.date(2021, 3, 31)) for f in blackpool)


def test_spend_workbook_months_and_totals_to_the_penny():
    book = read(editions.SPEND_2023)
    assert sorted(book.months)[0] == dt.date(2023, 4, 1)
    assert sorted(book.months)[-1] == dt.date(2024, 3, 1)  # the sheet "Mar '24"
    # The April total, summed independently from the workbook's own cells.
    sheet = openpyxl.load_workbook(editions.SPEND_2023, read_only=True, data_only=True)["Apr"]
    cells = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True) if row[2] is not None]
    expected = sum(Decimal(str(v)).quantize(Decimal("0.01")) for v in cells)
    assert sum(p.amount for p in book.months[dt.date(2023, 4, 1)]) == expected
    last = book.months[dt.date(2023, 4, 1)][-1]
    assert last.paid_on == dt.date(2023, 4, 28)  # written as the day number 45044
    assert (last.sheet, last.supplier) == ("Apr", "BIDFOOD")


def test_spend_headings_vary_between_years():
    book = read(editions.SPEND_2020)
    april, march = book.months[dt.date(2020, 4, 1)], book.months[dt.date(2021, 3, 1)]
    assert april[0].supplier == "WHITEGATE VEHICLE SOLUTIONS LTD"  # "SUPPLIER"
    assert march[0].supplier == "MWUK Ltd T/AS YAFFY"  # "* SUPPLIER FINAL"
    assert any(p.amount == Decimal("-825.48") for p in march)  # a credit note, kept


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ENGLAND AND WALES7,8", ("ENGLAND AND WALES", ["7", "8"])),
        ("Lancashire ", ("Lancashire", [])),
        ("Lancashire 8", ("Lancashire", ["8"])),
        (
            "Total recorded crime (excluding fraud3)",
            ("Total recorded crime (excluding fraud)", ["3"]),
        ),
        ("Total recorded crime [note 3]", ("Total recorded crime", ["3"])),
    ],
)
def test_footnotes_are_taken_off_names(text, expected):
    assert split_footnotes(text) == expected


@pytest.mark.parametrize(
    "cell, expected",
    [("128,435 ", Decimal(128435)), (5257081, Decimal(5257081)), ("..", None), ("[x]", None)],
)
def test_figures_as_published(cell, expected):
    assert parse_figure(cell)[0] == expected


def test_a_number_written_oddly_is_refused_not_guessed():
    with pytest.raises(ValueError):
        parse_figure("12,34")


def test_year_ending_reads_footnotes_stuck_to_the_year():
    assert year_ending("… year ending June 181,2").end == dt.date(2018, 6, 30)
    assert year_ending("… year ending June 20191,2").end == dt.date(2019, 6, 30)
