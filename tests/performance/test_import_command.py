"""`manage.py import_observations FILE --user NAME [--dry-run]`."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, ManagementUtility, call_command

from performance.imports import spreadsheet
from performance.models import Observation, Status
from tests.performance.import_helpers import csv_bytes, problems

pytestmark = pytest.mark.django_db


def _run(path, *options):
    out, err = StringIO(), StringIO()
    call_command("import_observations", str(path), *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_reports_what_would_change_and_writes_nothing(reference, tmp_path, officer):
    path = tmp_path / "q1.csv"
    path.write_bytes(csv_bytes('all-crime,,2021-04-01,2022-03-31,"22,859",'))
    out, _ = _run(path, "--dry-run", "--user", officer.username)
    assert "Dry run of q1.csv, nothing written. new draft: 1, updates draft: 0" in out
    assert Observation.objects.count() == 0


def test_import_writes_drafts_by_the_named_user(reference, tmp_path, officer):
    path = tmp_path / "q1.csv"
    path.write_bytes(csv_bytes('all-crime,,2021-04-01,2022-03-31,"22,859",'))
    out, _ = _run(path, "--user", officer.username)
    assert "Imported q1.csv. new draft: 1" in out
    obs = Observation.objects.get()
    assert (obs.value, obs.status, obs.entered_by) == (Decimal("22859"), Status.DRAFT, officer)
    assert obs.history.get().history_user == officer


def test_bad_file_exits_non_zero_and_prints_every_problem(reference, tmp_path, officer):
    path = tmp_path / "bad.csv"
    path.write_bytes(
        csv_bytes(
            "all-crime,,2021-04-01,2022-03-31,10,",
            "all-crime,WEST,2021-04-01,2022-03-31,ten,",
            "all-crime,EAST,2021-04-01,2022-03-31,5,",
        )
    )
    err = StringIO()
    with pytest.raises(CommandError, match="2 problem\\(s\\) in bad.csv; nothing was imported"):
        call_command(
            "import_observations",
            str(path),
            "--user",
            officer.username,
            stdout=StringIO(),
            stderr=err,
        )
    assert err.getvalue().splitlines() == [
        "Line 3, column value: “ten” is not a number.",
        "Line 4, column area: No area has the code or name “EAST”. Did you mean “West division”?",
    ]
    assert Observation.objects.count() == 0


def test_command_exits_with_status_1_from_the_shell(reference, tmp_path, capsys, officer):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(SystemExit) as exit_info:
        command = ["manage.py", "import_observations", str(path), "--user", officer.username]
        ManagementUtility(command).execute()
    assert exit_info.value.code == 1
    assert "The file is empty." in capsys.readouterr().err


def test_missing_file_and_unknown_user_are_clear_errors(reference, tmp_path, officer):
    with pytest.raises(CommandError, match="is not a file"):
        _run(tmp_path / "nope.csv", "--user", officer.username)
    path = tmp_path / "q1.csv"
    path.write_bytes(csv_bytes("all-crime,,2021-04-01,2022-03-31,1,"))
    with pytest.raises(CommandError, match="No user is called “ghost”"):
        _run(path, "--user", "ghost")


def test_an_import_without_an_author_is_refused(reference, tmp_path):
    """Otherwise nobody would be the figures' author and anyone could verify them."""
    path = tmp_path / "q1.csv"
    path.write_bytes(csv_bytes("all-crime,,2021-04-01,2022-03-31,1,"))
    with pytest.raises(CommandError, match="--user"):
        _run(path)
    assert Observation.objects.count() == 0


def test_the_command_takes_longer_files_than_an_upload_up_to_its_own_limit(
    reference, tmp_path, officer, monkeypatch
):
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 3)
    monkeypatch.setattr(spreadsheet, "COMMAND_MAX_ROWS", 6)
    years = [f"all-crime,,{2000 + n}-04-01,{2001 + n}-03-31,{n + 1}," for n in range(8)]
    five = csv_bytes(*years[:5])
    assert problems(spreadsheet.plan_import(five, "five.csv")) == [
        "The file has more than 3 rows of figures; split it into smaller files."
    ]
    path = tmp_path / "five.csv"
    path.write_bytes(five)
    out, _ = _run(path, "--user", officer.username)
    assert "Imported five.csv. new draft: 5" in out
    assert sorted(Observation.objects.values_list("value", flat=True)) == [
        Decimal(n) for n in range(1, 6)
    ]

    path = tmp_path / "eight.csv"
    path.write_bytes(csv_bytes(*years))
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_observations", str(path), "--user", officer.username, stderr=err)
    assert err.getvalue().strip() == (
        "The file has more than 6 rows of figures; split it into smaller files."
    )
    assert Observation.objects.count() == 5
