"""`manage.py import_observations FILE --user NAME [--dry-run]`: the admin's spreadsheet
import, scripted. Every imported figure has an author (`--user`), so the rule that nobody
verifies or publishes their own entry holds for imports too.

Exits with status 1 and prints every problem (line, column, message) when the file is bad;
nothing is written then, nor with --dry-run. It takes longer files than an upload in the
admin (spreadsheet.Limits.command(): 100,000 rows), read and written a batch at a time.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from performance.imports.spreadsheet import ImportConflict, Limits, apply_import, plan_import


class Command(BaseCommand):
    help = "Import observations (drafts) from a CSV or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV or XLSX file of figures")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report; write nothing"
        )
        parser.add_argument(
            "--user",
            required=True,
            help="username recorded as the figures' author and in the audit trail (required)",
        )
        parser.add_argument(
            "--revise-published",
            metavar="REASON",
            default="",
            help="revise published values that differ, with this reason (performance lead only)",
        )

    def handle(self, *args, file, dry_run, user, revise_published, **options):
        author = self._user(user)
        content = self._read(Path(file))
        # Data-quality warnings inform a check, so the dry run gives them; the lead sees them
        # again before publishing. The real import skips them to stay quick.
        plan = plan_import(
            content,
            Path(file).name,
            user=author,
            revise_reason=revise_published,
            with_quality=dry_run,
            limits=Limits.command(),
        )
        for note in plan.notes:
            self.stdout.write(f"Note: {note}")
        if not plan.ok:
            for problem in plan.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(plan.problems)} problem(s) in {Path(file).name}; nothing was imported."
            )
        for row in plan.rows:
            for warning in row.warnings:
                self.stdout.write(f"Warning, line {row.line}: {warning}")
        summary = ", ".join(f"{label.lower()}: {n}" for label, n in plan.counts.items())
        if dry_run:
            self.stdout.write(f"Dry run of {Path(file).name}, nothing written. {summary}.")
            self.stdout.write(f"{plan.warning_count} data-quality warning(s).")
            return
        try:
            apply_import(plan, user=author)
        except ImportConflict as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Imported {Path(file).name}. {summary}."))

    def _user(self, username):
        if not username:
            raise CommandError("Say who is importing with --user: every figure has an author.")
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"No user is called “{username}”.") from error

    def _read(self, path: Path) -> bytes:
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        limit = Limits.command().bytes
        if path.stat().st_size > limit:
            raise CommandError(
                f"{path.name} is {path.stat().st_size / 1024 / 1024:.1f} MB; the limit is "
                f"{limit // 1024 // 1024} MB. Split it into smaller files."
            )
        return path.read_bytes()
