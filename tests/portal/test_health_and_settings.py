import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import DatabaseError

ROOT = Path(__file__).resolve().parents[2]


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


def _django_check(env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    env.update(env_overrides, DJANGO_SETTINGS_MODULE="pcc_portal.settings")
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_missing_secret_key_fails_fast_with_a_clear_message():
    result = _django_check({"DEBUG": "off"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_runs_without_a_secret_key():
    result = _django_check({"DEBUG": "on"})
    assert result.returncode == 0, result.stderr
