import pytest
from django.db import DatabaseError

from tests.portal.manage_process import manage


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(anon_client):
    response = anon_client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_fails(anon_client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = anon_client.get("/healthz/")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_missing_secret_key_fails_fast_with_a_clear_message():
    result = manage("check", DEBUG="off")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_runs_without_a_secret_key():
    result = manage("check", DEBUG="on")
    assert result.returncode == 0, result.stderr
