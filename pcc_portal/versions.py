"""The versions every cached page, fragment and PDF is keyed on.

- The **data version**: one row in the database (pcc_portal.models.DataVersion) that
  triggers on every table of the data apps (settings.PORTAL_DATA_APPS) change in the same
  transaction as the write. Every write path moves it — model saves and deletes,
  `bulk_create`, `QuerySet.update`, raw SQL, another machine — and it becomes visible to
  readers exactly when the data does, at commit. Nothing has to remember to touch it. It has
  two numbers, moved by the same triggers:
  - `number` moves with every write: what OPCC staff see, drafts included (their previews);
  - `public_number` moves with every write that can change what anyone outside the OPCC sees
    (the shared pages and the public PDFs): every write, except one whose rows, before and
    after, are all records still going through sign-off (draft or verified,
    pcc_portal.publication.NOT_YET_PUBLIC). So the figures an officer saves in the weeks
    before a panel meeting leave the pages the panel and the public read where they are,
    and the lead's publishing, a withdrawal or a change to a published figure moves them on.
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

from .publication import NOT_YET_PUBLIC, SignOffStatus

TRIGGER = "portal_data_version"
# The same statuses as SQL: 'draft', 'verified'.
_NOT_YET_PUBLIC_SQL = ", ".join(f"'{status}'" for status in sorted(NOT_YET_PUBLIC))
# A row recreated after a flush starts somewhere random, never at a number a cache may still
# hold pages for.
_PG_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION portal_move_data_version(public boolean) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE start bigint := floor(random() * 1e12)::bigint;
BEGIN
    INSERT INTO pcc_portal_dataversion (id, number, public_number) VALUES (1, start, start)
    ON CONFLICT (id) DO UPDATE SET number = pcc_portal_dataversion.number + 1,
        public_number = pcc_portal_dataversion.public_number + CASE WHEN public THEN 1 ELSE 0 END;
END $$;
CREATE OR REPLACE FUNCTION portal_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM portal_move_data_version(true);
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION portal_bump_data_version_by_status() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE public boolean := false;
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        public := EXISTS (
            SELECT 1 FROM new_rows WHERE status IS NULL OR status NOT IN ({_NOT_YET_PUBLIC_SQL})
        );
    END IF;
    IF NOT public AND TG_OP IN ('UPDATE', 'DELETE') THEN
        public := EXISTS (
            SELECT 1 FROM old_rows WHERE status IS NULL OR status NOT IN ({_NOT_YET_PUBLIC_SQL})
        );
    END IF;
    PERFORM portal_move_data_version(public);
    RETURN NULL;
END $$;
"""
# PostgreSQL: once per statement, so a bulk insert of 10,000 rows bumps once per batch.
_PG_TRIGGER = """
CREATE OR REPLACE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION portal_bump_data_version();
"""
# A table of signed-off records: the statement's rows decide whether the public version moves
# (a trigger with transition tables takes one event only).
_PG_STATUS_TRIGGERS = """
CREATE OR REPLACE TRIGGER {name} AFTER TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION portal_bump_data_version();
CREATE OR REPLACE TRIGGER {name}_insert AFTER INSERT ON {table}
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION portal_bump_data_version_by_status();
CREATE OR REPLACE TRIGGER {name}_update AFTER UPDATE ON {table}
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION portal_bump_data_version_by_status();
CREATE OR REPLACE TRIGGER {name}_delete AFTER DELETE ON {table}
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION portal_bump_data_version_by_status();
"""
# SQLite has row triggers only. `public` is whether the row, before or after, may be seen
# outside the OPCC.
_SQLITE_TRIGGER = """
CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN
    INSERT INTO pcc_portal_dataversion (id, number, public_number)
    VALUES (1, abs(random()) % 1000000000000, abs(random()) % 1000000000000)
    ON CONFLICT (id) DO UPDATE SET number = number + 1,
        public_number = public_number + CASE WHEN {public} THEN 1 ELSE 0 END;
END;
"""
_SQLITE_PUBLIC = {
    "INSERT": "NEW.status IS NULL OR NEW.status NOT IN ({hidden})",
    "UPDATE": (
        "OLD.status IS NULL OR OLD.status NOT IN ({hidden}) "
        "OR NEW.status IS NULL OR NEW.status NOT IN ({hidden})"
    ),
    "DELETE": "OLD.status IS NULL OR OLD.status NOT IN ({hidden})",
}


def _data_models():
    for label in settings.PORTAL_DATA_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy:
                yield model


def data_tables() -> list[str]:
    """Every table of the data apps, with their many-to-many and history tables."""
    return sorted({model._meta.db_table for model in _data_models()})


def sign_off_tables() -> list[str]:
    """The tables of records that go through sign-off (a `status` of SignOffStatus), their
    history tables included: a write to such a table moves the public version only if one of
    its rows is, or was, past sign-off."""
    tables = set()
    for model in _data_models():
        field = next((f for f in model._meta.concrete_fields if f.name == "status"), None)
        if field is not None and list(field.choices or ()) == list(SignOffStatus.choices):
            tables.add(model._meta.db_table)
    return sorted(tables)


def install_triggers(using: str = "default", **kwargs) -> None:
    """Connected to post_migrate: idempotent, and quick (a few statements per table)."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    quote = connection.ops.quote_name
    by_status = set(sign_off_tables())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTIONS)
        for table in data_tables():
            if table not in existing:
                continue
            if connection.vendor == "postgresql":
                if table in by_status:
                    # A database migrated before this rule has the one trigger of other tables.
                    cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {quote(table)}")
                    cursor.execute(_PG_STATUS_TRIGGERS.format(name=TRIGGER, table=quote(table)))
                else:
                    cursor.execute(_PG_TRIGGER.format(name=TRIGGER, table=quote(table)))
            elif connection.vendor == "sqlite":
                for event in ("INSERT", "UPDATE", "DELETE"):
                    name = quote(f"{TRIGGER}_{table}_{event.lower()}")
                    public = _SQLITE_PUBLIC[event] if table in by_status else "1"
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                    cursor.execute(
                        _SQLITE_TRIGGER.format(
                            name=name,
                            event=event,
                            table=quote(table),
                            public=public.format(hidden=_NOT_YET_PUBLIC_SQL),
                        )
                    )
            else:  # pragma: no cover - the portal runs on PostgreSQL and SQLite only
                raise NotImplementedError(f"No data version triggers for {connection.vendor}")


def data_version(*, public: bool = False) -> int:
    """The committed data version, as this transaction sees it (one indexed read): of what
    anyone outside the OPCC can see if `public`, else of everything (drafts included)."""
    model = apps.get_model("pcc_portal", "DataVersion")
    field = "public_number" if public else "number"
    return next(iter(model.objects.filter(pk=1).values_list(field, flat=True)), 0)


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


def version_tag(*, public: bool = False) -> str:
    """Data and code version in one short string, for file names and cache keys: the public
    data version's for what everyone may see, prefixed so that it never names a staff file."""
    if public:
        return f"p{data_version(public=True)}-{code_version()}"
    return f"{data_version()}-{code_version()}"
