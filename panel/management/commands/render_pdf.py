"""python manage.py render_pdf {pack,performance,annual,paper} ... --out FILE [--preview-as-staff]

    render_pdf pack --meeting 2021-12-06 --out pack.pdf
    render_pdf performance --period-end 2021-03-31 --out report.pdf
    render_pdf annual --year 2020/21 --out annual.pdf
    render_pdf paper --paper 1 --out paper.pdf        (a composed panel paper, by its number)

The public version by default; --preview-as-staff [USERNAME] gives the staff preview (drafts,
restricted and embargoed material, DRAFT on every page), as the named OPCC staff user or, with
no name, as a superuser. Uses the same cache as the web pages.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from panel.reports.documents import BadDocumentKey, DocumentNotFound, DocumentRequest, get_pdf
from pcc_portal.access import is_opcc_staff

OPTIONS = {"pack": "meeting", "performance": "period_end", "annual": "year", "paper": "paper"}


class Command(BaseCommand):
    help = (
        "Write the Public Document Pack, the Performance Monitoring Report, a composed panel "
        "paper or the annual report tables as a PDF."
    )

    def add_arguments(self, parser):
        parser.add_argument("document", choices=sorted(OPTIONS))
        parser.add_argument("--meeting", help="pack: the meeting date, YYYY-MM-DD")
        parser.add_argument("--period-end", help="performance: the period end, YYYY-MM-DD")
        parser.add_argument("--year", help="annual: the financial year, e.g. 2020/21")
        parser.add_argument("--paper", help="paper: the composed paper's number (the admin's)")
        parser.add_argument("--out", required=True, help="the PDF file to write")
        parser.add_argument(
            "--preview-as-staff",
            nargs="?",
            const="",
            default=None,
            metavar="USERNAME",
            help="the staff preview (marked DRAFT) instead of the public version",
        )

    def handle(self, *args, document, out, preview_as_staff, **options):
        key = options[OPTIONS[document]]
        if not key:
            flag = "--" + OPTIONS[document].replace("_", "-")
            raise CommandError(f"render_pdf {document} needs {flag}.")
        preview = preview_as_staff is not None
        user = self.staff_user(preview_as_staff) if preview else None
        try:
            request = DocumentRequest.make(document, key, preview=preview)
            pdf = get_pdf(request, user)
        except (BadDocumentKey, DocumentNotFound) as error:
            raise CommandError(str(error)) from None
        Path(out).write_bytes(pdf)
        self.stdout.write(f"Wrote {request.title} to {out} ({len(pdf):,} bytes).")

    def staff_user(self, username: str):
        User = get_user_model()
        if not username:
            # Not saved: stands for "an OPCC staff member" without needing one in the database.
            return User(username="render_pdf", is_superuser=True, is_active=True)
        user = User.objects.filter(username=username).first()
        if user is None or not is_opcc_staff(user):
            raise CommandError(f"“{username}” is not an OPCC staff user; previews are for staff.")
        return user
