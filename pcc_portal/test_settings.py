"""Settings for the test suite: the real settings, with a fixed test secret and fast password
hashing. DATABASE_URL still decides the database, so CI runs the same suite on PostgreSQL."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DEBUG", "off")
os.environ.setdefault("SECRET_KEY", "test-suite-secret-key-not-used-anywhere-else-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# The test client speaks plain http; the redirect itself is tested with override_settings.
os.environ.setdefault("SECURE_SSL_REDIRECT", "off")
# JSON log lines are tested directly; plain lines read better in a failing test's output.
os.environ.setdefault("LOG_FORMAT", "plain")

from . import settings as base  # noqa: E402
from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Every chart a test builds is checked property by property (the benchmarks turn it off, as a
# live site has it).
CHART_CHECKS = base.env.bool("CHART_CHECKS", default=True)
# Tests render templates without running collectstatic first.
STORAGES = {
    **base.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Each test process its own cache (tests/conftest.py empties it around every test).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Importing every published file of the demo takes a while: tests that want them ask for the
# few they need (tests/performance/open_data_helpers.py).
DEMO_OPEN_DATA = []
# Tasks run inside the request unless a test runs the real queue with a worker process
# (tests/reports/test_worker.py sets TASKS to the database backend for itself).
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default"],
    }
}
if os.environ.get("TASKS_BACKEND") == "database":  # a worker process started by a test
    TASKS = base.TASKS
# A worker process started by a test must reach the test database, so on SQLite the test
# database is a file (in memory-backed /dev/shm when there is one), not a private in-memory
# database; one per test run (pytest-xdist's run id, shared by its workers, or this process),
# so that runs side by side never share one. Django deletes it when the run ends.
if base.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    _shm = Path("/dev/shm")
    _folder = _shm if _shm.is_dir() else Path(tempfile.gettempdir())
    _run = os.environ.get("PYTEST_XDIST_TESTRUNUID") or str(os.getpid())
    base.DATABASES["default"]["TEST"] = {"NAME": str(_folder / f"pcc-test-{_run[:16]}.sqlite3")}
