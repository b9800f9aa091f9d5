"""python manage.py import_open_data PATH [PATH ...] --user NAME [--dry-run] [--publish]"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from pcc_portal.access import is_performance_lead
from pcc_portal.open_data import import_paths


class Command(BaseCommand):
    help = (
        "Import published files as they come (ONS Police Force Area tables P1 and C2, ONS Crime "
        "Severity Score, Home Office police workforce, police.uk street-level crime, spend over "
        "£500 workbooks). A PATH may be a file, a folder, a .zip or a .gz; each file is "
        "recognised by its content. All or nothing: one refused file and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--user", required=True, help="Username recorded as the author of every figure."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish each official publication's figures at once (performance lead only).",
        )

    def handle(self, *args, paths, user, dry_run, publish, **options):
        author = get_user_model().objects.filter(username=user, is_active=True).first()
        if author is None:
            raise CommandError(f"No active user is called “{user}”.")
        if publish and not is_performance_lead(author):
            raise CommandError(f"--publish: {user} is not the performance lead.")
        run = import_paths(paths, user=author, dry_run=dry_run, publish=publish)
        for report in run.reports:
            self.stdout.write(report.summary)
            for note in report.notes:
                self.stdout.write(f"  {note}")
            for warning in report.warnings[:20]:
                self.stdout.write(f"  Check: {warning}")
        if not run.ok:
            raise CommandError("Nothing was imported:\n" + "\n".join(run.problems))
        self.stdout.write("Dry run: nothing was written." if dry_run else "Imported.")
