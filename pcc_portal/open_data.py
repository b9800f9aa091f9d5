"""Importing published files (ONS, Home Office, police.uk, the OPCC's own spend workbooks):
shared by `manage.py import_open_data` and the admin's upload → preview → confirm page.

Each file is recognised by its content (`publications.read`) and handed to the app that stores
that publication — named here by module path, as `load_demo` names the demo loaders, so this
module imports no app. The whole run is one transaction: a file refused anywhere means nothing
is written, and a dry run (the preview) rolls back what it did after reporting it.
"""

import hashlib
import importlib
from dataclasses import dataclass, field

from django.db import transaction

import publications
from publications.common import LayoutRefused

# Each module has handles(result), imported_before(sha256), order(results) and
# import_result(result, sha256=, user=, publish=).
IMPORTERS = ("performance.imports.open_data", "finance.imports")
MAX_UPLOAD_BYTES = 40 * 1024 * 1024


@dataclass
class Run:
    """What an import did or would do: one report per file, or the problems that stop it."""

    reports: list = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    dry_run: bool = True

    @property
    def ok(self) -> bool:
        return not self.problems


class _Rollback(Exception):
    pass


def _importers():
    return [importlib.import_module(name) for name in IMPORTERS]


@dataclass
class Unchanged:
    """A file imported before, byte for byte: not read again."""

    summary: str
    notes: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


def read_all(sources, skipped: list) -> tuple[list[tuple], list[str]]:
    """(importer, result, sha256) for every file, in the order their areas depend on; files
    imported before, byte for byte, go to `skipped` unread."""
    found, problems = [], []
    importers = _importers()
    for source in sources:
        sha = hashlib.sha256(source.content).hexdigest()
        before = next((m.imported_before(sha) for m in importers if m.imported_before(sha)), "")
        if before:
            skipped.append(Unchanged(f"{source.name}: {before}; nothing changed."))
            continue
        try:
            result = publications.read(source)
        except LayoutRefused as error:
            problems.append(str(error))
            continue
        importer = next((m for m in importers if m.handles(result)), None)
        found.append((importer, result, sha))
    ordered = []
    for importer in importers:
        mine = [item for item in found if item[0] is importer]
        by_result = {id(r): (i, r, s) for i, r, s in mine}
        ordered += [by_result[id(r)] for r in importer.order([r for _, r, _ in mine])]
    return ordered, problems


def run_import(sources, *, user, dry_run: bool = False, publish: bool = False) -> Run:
    """Imports every file given, all or nothing."""
    run = Run(dry_run=dry_run)
    try:
        items, run.problems = read_all(sources, run.reports)
    except LayoutRefused as error:
        run.problems.append(str(error))
        return run
    if run.problems:
        return run
    if not items:
        if not run.reports:
            run.problems.append("No files were given.")
        return run
    try:
        with transaction.atomic():
            for importer, result, sha in items:
                try:
                    run.reports.append(
                        importer.import_result(result, sha256=sha, user=user, publish=publish)
                    )
                except publications.ImportRefused as error:
                    run.problems += error.problems
            if run.problems or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return run


def import_paths(paths, **kwargs) -> Run:
    try:
        sources = list(publications.from_paths(paths))
    except LayoutRefused as error:
        return Run(problems=[str(error)])
    return run_import(sources, **kwargs)


def import_upload(name: str, content: bytes, **kwargs) -> Run:
    if len(content) > MAX_UPLOAD_BYTES:
        return Run(problems=[f"{name}: larger than {MAX_UPLOAD_BYTES // 2**20} MB."])
    try:
        sources = list(publications.files.expand(name, content))
    except LayoutRefused as error:
        return Run(problems=[str(error)])
    return run_import(sources, **kwargs)
