"""Reading, checking and applying spreadsheet imports (performance/imports/spreadsheet.py)."""

import datetime as dt
import random
from decimal import Decimal

import pytest

from core.periods import Period
from performance.imports import spreadsheet as imports
from performance.imports.spreadsheet import (
    FileProblem,
    apply_import,
    parse_period_heading,
    parse_value,
    plan_import,
    read_table,
)
from performance.models import Observation, Revision, Status
from tests.factories import ObservationFactory, UserFactory
from tests.performance.import_helpers import (
    FY_2021,
    blank_rows_xlsx,
    csv_bytes,
    problems,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def test_excel_style_csv_is_read_into_drafts_by_the_importing_officer(reference, officer):
    content = csv_bytes(
        'all-crime,,2021-04-01,2022-03-31,"142,374",from the force',
        "all-crime,WEST,01/04/2021,31/03/2022,12000,",
        "calls-answered,,01/04/2021,30/06/2021,83.8%,",
        ",,,,,",
        "",
        bom=True,
    )
    plan = plan_import(content, "q1.csv", user=officer)
    assert plan.ok, problems(plan)
    assert plan.counts["New draft"] == 3

    apply_import(plan, user=officer)

    force = Observation.objects.get(measure__code="all-crime", area__code="LANC")
    assert force.value == Decimal("142374")
    assert force.status == Status.DRAFT
    assert force.entered_by == officer
    assert force.note == "from the force"
    assert (force.period_start, force.period_end) == (dt.date(2021, 4, 1), dt.date(2022, 3, 31))
    assert Observation.objects.get(measure__code="calls-answered").value == Decimal("83.8")
    assert Observation.objects.get(area__code="WEST").value == Decimal("12000")


BAD_ROWS = [
    ("nonsense,,2021-04-01,2022-03-31,5,", "measure", "No measure has the code or name “nonsense”"),
    ("all-crim,,2021-04-01,2022-03-31,5,", "measure", "Did you mean “All crime”?"),
    ("all-crime,EAST,2021-04-01,2022-03-31,5,", "area", "No area has the code or name “EAST”"),
    ("all-crime,,2021-04-01,2022-03-31,lots,", "value", "“lots” is not a number"),
    ("all-crime,,2021-04-01,2022-03-31,-5,", "value", "A count cannot be negative; -5 is."),
    ("all-crime,,2021-04-01,2022-03-31,12.5,", "value", "A count must be a whole number"),
    ("all-crime,,2021-04-01,2022-03-31,12%,", "value", "has a % sign but the measure is not"),
    ("calls-answered,,2021-04-01,2021-06-30,100.5%,", "value", "between 0 and 100; 100.5"),
    ("all-crime,,2022-03-31,2021-04-01,5,", "period_end", "The period ends (01/04/2021) before"),
    ("all-crime,,2021-04-01,2021-04-01,5,", "period_end", "must end after it starts"),
    ("all-crime,,31/02/2021,2022-03-31,5,", "period_start", "“31/02/2021” is not a real date"),
    ("all-crime,,next week,2022-03-31,5,", "period_start", "is not a date"),
    (
        "all-crime,,2021-04-01,2021-04-30,5,",
        "period_start/period_end",
        "April 2021 (month) is not a period “All crime” takes",
    ),
]


@pytest.mark.parametrize(("line", "column", "message"), BAD_ROWS)
def test_each_kind_of_bad_row_is_reported_at_its_line_and_column(reference, line, column, message):
    content = csv_bytes("all-crime,WEST,2021-04-01,2022-03-31,10,", line)

    plan = plan_import(content, "bad.csv")

    assert not plan.ok
    assert [(p.line, p.column) for p in plan.problems] == [(3, column)]
    assert message in plan.problems[0].message
    assert str(plan.problems[0]).startswith(f"Line 3, column {column}: ")
    with pytest.raises(ValueError, match="cannot be applied"):
        apply_import(plan, user=None)
    assert Observation.objects.count() == 0


def test_duplicate_row_names_the_line_it_repeats(reference):
    content = csv_bytes(
        "all-crime,,2021-04-01,2022-03-31,10,",
        "all-crime,WEST,2021-04-01,2022-03-31,11,",
        "all-crime,LANC,01/04/2021,31/03/2022,12,",
    )
    plan = plan_import(content, "dup.csv")
    assert problems(plan) == [
        "Line 4, column value: Duplicate: line 2 already gives all-crime for LANC, "
        "12 months to March 2022."
    ]


def test_duplicate_of_a_row_with_a_bad_value_is_still_reported(reference):
    content = csv_bytes(
        "all-crime,,2021-04-01,2022-03-31,ten,", "all-crime,,2021-04-01,2022-03-31,10,"
    )
    plan = plan_import(content, "dup.csv")
    assert [(p.line, p.column) for p in plan.problems] == [(2, "value"), (3, "value")]
    assert "Duplicate: line 2" in plan.problems[1].message


def test_missing_columns_are_each_named_on_the_header_line(reference):
    content = csv_bytes("all-crime,2021-04-01,5", header="measure,period_start,amount")
    plan = plan_import(content, "cols.csv")
    assert [(p.line, p.column) for p in plan.problems] == [(1, "period_end"), (1, "value")]
    assert "The column “value” is missing" in plan.problems[1].message


def test_mixed_good_and_bad_rows_write_nothing(reference, officer):
    content = csv_bytes(
        "all-crime,,2021-04-01,2022-03-31,10,",
        "all-crime,WEST,2021-04-01,2022-03-31,11,",
        "lvs-referrals,,2021-04-01,2021-06-30,-1,",
    )
    plan = plan_import(content, "mixed.csv", user=officer)
    assert problems(plan) == ["Line 4, column value: A count cannot be negative; -1 is."]
    assert plan.rows and not plan.ok
    with pytest.raises(ValueError):
        apply_import(plan, user=officer)
    assert Observation.objects.count() == 0
    assert Observation.history.count() == 0


def test_every_problem_of_a_file_is_listed_not_only_the_first(reference):
    content = csv_bytes(
        *[f"all-crime,,{2000 + n}-04-01,{2001 + n}-03-31,-{n}," for n in range(1, 6)]
    )
    plan = plan_import(content, "many.csv")
    assert [p.line for p in plan.problems] == [2, 3, 4, 5, 6]


def test_reimport_updates_the_draft_and_the_preview_says_so(reference, officer):
    first = csv_bytes("all-crime,,2021-04-01,2022-03-31,100,first note")
    apply_import(plan_import(first, "a.csv", user=officer), user=officer)
    other_officer = UserFactory(username="second-officer")

    again = csv_bytes(
        "all-crime,,2021-04-01,2022-03-31,120,",
        "all-crime,WEST,2021-04-01,2022-03-31,7,",
    )
    plan = plan_import(again, "b.csv", user=other_officer)
    assert [(row.line, row.action_label) for row in plan.rows] == [
        (2, "Updates draft"),
        (3, "New draft"),
    ]
    apply_import(plan, user=other_officer)

    updated = Observation.objects.get(area__code="LANC")
    assert updated.value == Decimal("120")
    assert updated.note == "first note"  # a blank note cell leaves the note alone
    assert updated.entered_by == other_officer
    assert Observation.objects.count() == 2


def test_reimport_of_the_same_value_is_unchanged_and_writes_nothing(reference, officer):
    content = csv_bytes("all-crime,,2021-04-01,2022-03-31,100,")
    apply_import(plan_import(content, "a.csv", user=officer), user=officer)
    plan = plan_import(content, "a.csv", user=officer)
    assert [row.action for row in plan.rows] == [imports.UNCHANGED]
    apply_import(plan, user=officer)
    assert Observation.history.count() == 1


def test_reimport_of_a_verified_value_returns_it_to_draft(reference, officer, lead):
    ObservationFactory(
        measure=reference["crime"],
        area=reference["force"],
        period_start=dt.date(2021, 4, 1),
        period_end=dt.date(2022, 3, 31),
        value=Decimal("100"),
        status=Status.VERIFIED,
        entered_by=officer,
        verified_by=lead,
    )
    plan = plan_import(csv_bytes("all-crime,,2021-04-01,2022-03-31,101,"), "v.csv", user=officer)
    apply_import(plan, user=officer)
    obs = Observation.objects.get()
    assert (obs.status, obs.verified_by, obs.value) == (Status.DRAFT, None, Decimal("101"))


@pytest.fixture
def published(reference, officer):
    return ObservationFactory(
        measure=reference["crime"],
        area=reference["force"],
        period_start=dt.date(*map(int, FY_2021[0].split("-"))),
        period_end=dt.date(*map(int, FY_2021[1].split("-"))),
        value=Decimal("142374"),
        status=Status.PUBLISHED,
        entered_by=officer,
    )


def test_import_never_overwrites_a_published_value(published, officer):
    plan = plan_import(csv_bytes("all-crime,,2021-04-01,2022-03-31,150000,"), "p.csv", user=officer)
    assert problems(plan) == [
        "Line 2, column value: all-crime for LANC, 12 months to March 2022 is published as "
        "142,374; an import never overwrites a published figure. Remove the line, or have the "
        "performance lead revise it with a reason."
    ]
    published.refresh_from_db()
    assert published.value == Decimal("142374")


def test_import_of_the_published_value_itself_is_unchanged(published, officer):
    plan = plan_import(csv_bytes("all-crime,,2021-04-01,2022-03-31,142374,"), "p.csv", user=officer)
    assert plan.ok and [row.action for row in plan.rows] == [imports.UNCHANGED]


def test_lead_revises_published_values_by_import_only_with_a_reason(published, lead):
    content = csv_bytes("all-crime,,2021-04-01,2022-03-31,150000,")
    plan = plan_import(content, "r.csv", user=lead, revise_reason="Late crimes recorded")
    assert [row.action_label for row in plan.rows] == ["Revises published value"]
    apply_import(plan, user=lead)

    published.refresh_from_db()
    assert (published.value, published.status) == (Decimal("150000"), Status.PUBLISHED)
    revision = Revision.objects.get()
    assert (revision.old_value, revision.new_value) == (Decimal("142374"), Decimal("150000"))
    assert (revision.reason, revision.revised_by) == ("Late crimes recorded", lead)
    assert published.history.latest().history_change_reason == "Revised: Late crimes recorded"


def test_officer_cannot_revise_published_values_by_import(published, officer):
    content = csv_bytes("all-crime,,2021-04-01,2022-03-31,150000,")
    plan = plan_import(content, "r.csv", user=officer, revise_reason="I think so")
    assert "Only the performance lead can revise published values." in problems(plan)


# Files that are not what they should be ---------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"\n\n  \n", "The file has no rows: it is empty."),
        (b"measure,area,period_start,period_end,value\n", "a header row but no figures"),
        (b"\x00\x01\x02\xff" * 100, "contains binary data"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Excel .xls workbook"),
        (b"PK\x03\x04 not really a zip", "could not be read as an Excel workbook"),
        (b"measure,value\n\x81\x8d\x8f,1\n", "neither UTF-8 nor Windows-1252"),
    ],
)
def test_unreadable_files_give_a_message(reference, content, message):
    plan = plan_import(content, "odd.csv")
    assert not plan.ok
    assert message in problems(plan)[0]


def test_a_file_over_the_size_limit_is_refused_unread(reference):
    content = csv_bytes("all-crime,,2021-04-01,2022-03-31,1,") + b" " * imports.MAX_BYTES
    plan = plan_import(content, "huge.csv")
    assert problems(plan) == ["The file is 5.0 MB; the limit is 5 MB. Split it into smaller files."]


def test_a_file_with_too_many_rows_is_refused(reference, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    content = csv_bytes(*[f"all-crime,,{2000 + n}-04-01,{2001 + n}-03-31,1," for n in range(5)])
    plan = plan_import(content, "long.csv")
    assert problems(plan) == [
        "The file has more than 3 rows of figures; split it into smaller files."
    ]


def test_a_windows_1252_file_is_read_and_the_preview_says_so(reference):
    content = (
        "measure,area,period_start,period_end,value,note\nall-crime,,2021-04-01,2022-03-31,5,café\n"
    )
    plan = plan_import(content.encode("cp1252"), "old.csv")
    assert plan.ok
    assert plan.rows[0].note == "café"
    assert "read as Windows-1252" in plan.notes[0]


def test_semicolon_separated_csv_is_read(reference):
    content = (
        b"measure;area;period_start;period_end;value\nall-crime;;2021-04-01;2022-03-31;22859\n"
    )
    plan = plan_import(content, "semi.csv")
    assert plan.ok and plan.rows[0].value == Decimal("22859")


@pytest.mark.parametrize("seed", range(20))
def test_random_bytes_never_raise(reference, seed):
    noise = random.Random(seed).randbytes(2000)
    for content in (noise, b"PK\x03\x04" + noise, b"measure,value\n" + noise):
        plan = plan_import(content, "noise.csv")
        assert isinstance(plan.problems, list)
        assert not plan.ok or not plan.rows


# Workbooks and the wide layout ------------------------------------------------------------


def test_xlsx_with_date_cells_numbers_and_percent_formatting_is_read(reference):
    content = xlsx_bytes(
        [
            ["measure", "area", "period_start", "period_end", "value", "note"],
            ["all-crime", None, dt.datetime(2021, 4, 1), dt.datetime(2022, 3, 31), 142374, None],
            ["calls-answered", "LANC", dt.date(2021, 4, 1), dt.date(2021, 6, 30), 0.838, None],
            ["calls-answered", "WEST", "01/04/2021", "30/06/2021", 83.80000000000001, "typed"],
            [None, None, None, None, None, None],
        ],
        percent_cells={(3, 5)},
    )
    plan = plan_import(content, "q1.xlsx")
    assert plan.ok, problems(plan)
    assert [row.value for row in plan.rows] == [Decimal("142374"), Decimal("83.8"), Decimal("83.8")]


def test_xlsx_problems_use_the_sheet_row_numbers(reference):
    content = xlsx_bytes(
        [
            ["measure", "area", "period_start", "period_end", "value"],
            ["all-crime", None, "2021-04-01", "2022-03-31", 5],
            [None, None, None, None, None],
            ["all-crime", "WEST", "2021-04-01", "2022-03-31", "n/a"],
        ]
    )
    plan = plan_import(content, "bad.xlsx")
    assert problems(plan) == ["Line 4, column value: “n/a” is not a number."]


def test_wide_layout_gives_one_figure_per_period_column(reference):
    content = csv_bytes(
        "lvs-referrals,,120,,140",
        "lvs-referrals,WEST,30,31,",
        header="measure,area,Q1 2021/22,Q2 2021/22,Q3 2021/22",
    )
    plan = plan_import(content, "wide.csv")
    assert plan.ok, problems(plan)
    assert [(row.line, row.area.code, row.period.label, row.value) for row in plan.rows] == [
        (2, "LANC", "Q1 2021/22", Decimal("120")),
        (2, "LANC", "Q3 2021/22", Decimal("140")),
        (3, "WEST", "Q1 2021/22", Decimal("30")),
        (3, "WEST", "Q2 2021/22", Decimal("31")),
    ]


def test_wide_layout_reports_problems_by_period_column(reference):
    content = csv_bytes(
        "lvs-referrals,,12.5,x", header="measure,area,Q1 2021/22,Q2 2021/22,Q5 2021/22"
    )
    plan = plan_import(content, "wide.csv")
    assert problems(plan)[0].startswith("Line 1, column Q5 2021/22: This heading is neither")
    assert "Line 2, column Q1 2021/22: A count must be a whole number; 12.5 is not." in problems(
        plan
    )
    assert "Line 2, column Q2 2021/22: “x” is not a number." in problems(plan)


@pytest.mark.parametrize(
    ("heading", "period"),
    [
        ("Q1 2021/22", Period.quarter(2021, 1)),
        ("q4 2020/21", Period.quarter(2020, 4)),
        ("2020/21", Period.financial_year(2020)),
        ("12 months to March 2021", Period.twelve_months_to(dt.date(2021, 3, 1))),
        ("12 months to end of June 2021", Period.twelve_months_to(dt.date(2021, 6, 1))),
        ("April 2021", Period.month(2021, 4)),
        ("Sep 2021", Period.month(2021, 9)),
        ("2021-04-01 to 2021-06-30", Period.quarter(2021, 1)),
        ("01/04/2021 to 30/06/2021", Period.quarter(2021, 1)),
        ("Q1 2021/23", None),
        ("value", None),
        ("Smarch 2021", None),
    ],
)
def test_period_headings_of_the_wide_layout(heading, period):
    assert parse_period_heading(heading) == period


@pytest.mark.parametrize(
    ("cell", "unit", "value"),
    [
        ("22,859", "count", Decimal("22859")),
        ("1,234,567", "count", Decimal("1234567")),
        (" 83.8% ", "percentage", Decimal("83.8")),
        ("(12)", "money", Decimal("-12")),
        ("£1.5", "money", Decimal("1.5")),
        (".5", "rate", Decimal(".5")),
        (12, "count", Decimal("12")),
    ],
)
def test_values_as_excel_writes_them(cell, unit, value):
    assert parse_value(cell, unit) == value


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("1,23", "is not a number"),
        ("1.23456", "more than 4 decimal places"),
        ("1e5", "is not a number"),
        ("NaN", "is not a number"),
        ("9999999999999", "too large"),
        (True, "is not a number"),
    ],
)
def test_values_that_are_not_figures(cell, message):
    with pytest.raises(ValueError, match=message):
        parse_value(cell, "count")


def test_blank_rows_workbook_is_refused_before_it_is_unpacked(reference, monkeypatch):
    """A few MB zipped, 40+ MB unpacked: refused from the zip's declared sizes and the sheet's
    declared extent, without openpyxl ever loading it (the time is in bench_import)."""
    import openpyxl

    content = blank_rows_xlsx()

    def must_not_load(*args, **kwargs):
        raise AssertionError("openpyxl was asked to load the workbook")

    monkeypatch.setattr(openpyxl, "load_workbook", must_not_load)
    with pytest.raises(FileProblem, match="too large once unpacked|reaches down to row"):
        read_table(content, "blank.xlsx", [])


def test_sheet_declaring_too_many_rows_is_refused_with_how_to_fix_it(reference, monkeypatch):
    import openpyxl

    content = blank_rows_xlsx(rows=60_000)
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("loaded"))
    with pytest.raises(FileProblem, match="reaches down to row 60,000.*Delete the empty rows"):
        read_table(content, "blank.xlsx", [])
