"""The two versions every cached page, fragment and PDF is keyed on.

- The **data version**: one number in the database (pcc_portal.models.DataVersion) that
  triggers on every table of the data apps (settings.PORTAL_DATA_APPS) change in the same
  transaction as the write. Every write path bumps it — model saves and deletes,
  `bulk_create`, `QuerySet.update`, raw SQL, another machine — and it becomes visible to
  readers exactly when the data does, at commit. Nothing has to remember to touch it.
- The **code version**: `settings.CODE_VERSION` when set (a release tag, the same on every
  machine), otherwise a hash of the project's source files taken once per process, so a new
  template or report layout is never served from an old rendering.

The triggers are (re)installed after every `migrate`, for every table a data app has then,
including tables a later migration adds or rebuilds.
"""

import functools
import hashlib
import os
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections

TRIGGER = "portal_data_version"
# A row recreated after a flush starts somewhere random, never at a number a cache may still
# hold pages for.
_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION portal_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO pcc_portal_dataversion (id, number) VALUES (1, floor(random() * 1e12)::bigint)
    ON CONFLICT (id) DO UPDATE SET number = pcc_portal_dataversion.number + 1;
    RETURN NULL;
END $$;
"""
# PostgreSQL: once per statement, so a bulk insert of 10,000 rows bumps once per batch.
_PG_TRIGGER = """
CREATE OR REPLACE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION portal_bump_data_version();
"""
# SQLite has row triggers only.
_SQLITE_TRIGGER = """
CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON {table} BEGIN
    INSERT INTO pcc_portal_dataversion (id, number) VALUES (1, abs(random()) % 1000000000000)
    ON CONFLICT (id) DO UPDATE SET number = number + 1;
END;
"""


def data_tables() -> list[str]:
    """Every table of the data apps, with their many-to-many and history tables."""
    tables = set()
    for label in settings.PORTAL_DATA_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy:
                tables.add(model._meta.db_table)
    return sorted(tables)


def install_triggers(using: str = "default", **kwargs) -> None:
    """Connected to post_migrate: idempotent, and quick (one statement per table)."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION)
        for table in data_tables():
            if table not in existing:
                continue
            if connection.vendor == "postgresql":
                cursor.execute(_PG_TRIGGER.format(name=TRIGGER, table=quote(table)))
            elif connection.vendor == "sqlite":
                for event in ("INSERT", "UPDATE", "DELETE"):
                    name = quote(f"{TRIGGER}_{table}_{event.lower()}")
                    cursor.execute(
                        _SQLITE_TRIGGER.format(name=name, event=event, table=quote(table))
                    )
            else:  # pragma: no cover - the portal runs on PostgreSQL and SQLite only
                raise NotImplementedError(f"No data version triggers for {connection.vendor}")


def data_version() -> int:
    """The committed data version, as this transaction sees it (one indexed read)."""
    model = apps.get_model("pcc_portal", "DataVersion")
    return next(iter(model.objects.filter(pk=1).values_list("number", flat=True)), 0)


# Folders that are not the portal's code: tools, dependencies, build output, data, tests.
_NOT_CODE = {
    ".git",
    ".venv",
    "node_modules",
    "staticfiles",
    "media",
    "tests",
    "bench",
    "test-artifacts",
    "__pycache__",
}
_CODE_SUFFIXES = {".py", ".html", ".txt", ".css", ".js", ".scss", ".yaml"}


@functools.cache
def code_version() -> str:
    """settings.CODE_VERSION, or a hash of the source files' contents (about 20 ms, once)."""
    if settings.CODE_VERSION:
        return settings.CODE_VERSION
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for folder, subfolders, files in os.walk(base):
        subfolders[:] = sorted(d for d in subfolders if d not in _NOT_CODE)
        for name in sorted(files):
            if os.path.splitext(name)[1] in _CODE_SUFFIXES:
                path = Path(folder, name)
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def version_tag() -> str:
    """Data and code version in one short string, for file names and cache keys."""
    return f"{data_version()}-{code_version()}"
