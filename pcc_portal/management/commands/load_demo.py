"""python manage.py load_demo [--with-users]: the demo data from fixtures/, safe to repeat."""

import importlib
import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from pcc_portal.access import OFFICER, PANEL_MEMBER, PERFORMANCE_LEAD

# Loaded in this order: panel refers to performance and funds, funds to panel decisions by key,
# and progress on the plan's commitments (performance.delivery) cites panel papers and decisions.
DEMO_APPS = ("performance", "finance", "funds", "panel", "performance.delivery")

DEMO_USERS = {
    "officer": {"group": OFFICER, "is_staff": True, "name": ("Olivia", "Officer")},
    "lead": {"group": PERFORMANCE_LEAD, "is_staff": True, "name": ("Lee", "Lead")},
    "panel": {"group": PANEL_MEMBER, "is_staff": False, "name": ("Pat", "Panel")},
    "admin": {"group": None, "is_staff": True, "name": ("Ada", "Admin")},
}
# Only ever used with DEBUG on, for a developer's own machine.
DEVELOPMENT_PASSWORD = "demo-password-for-local-use"


class Command(BaseCommand):
    help = "Load the demo data taken from the published panel papers (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-users",
            action="store_true",
            help="Also create the demo users officer, lead, panel and admin "
            "(password from DEMO_PASSWORD).",
        )

    def handle(self, *args, with_users=False, **options):
        fixtures_dir = settings.BASE_DIR / "fixtures"
        for app in DEMO_APPS:
            try:
                demo = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError:
                continue
            counts = demo.load(fixtures_dir)
            summary = ", ".join(f"{n} {name}" for name, n in counts.items())
            self.stdout.write(f"{app}: {summary}")
        if with_users:
            self.create_users()

    def create_users(self):
        password = os.environ.get("DEMO_PASSWORD", "")
        source = "the DEMO_PASSWORD environment variable"
        if not password:
            if not settings.DEBUG:
                raise CommandError(
                    "DEMO_PASSWORD is not set. Set it to the password the demo users should "
                    "have; a built-in password is only used when DEBUG is on."
                )
            password = DEVELOPMENT_PASSWORD
            source = f"the development default '{DEVELOPMENT_PASSWORD}' (DEBUG is on)"
        User = get_user_model()
        for username, spec in DEMO_USERS.items():
            user, _ = User.objects.get_or_create(username=username)
            user.first_name, user.last_name = spec["name"]
            user.is_staff = spec["is_staff"]
            user.is_superuser = username == "admin"
            user.set_password(password)
            user.save()
            if spec["group"]:
                user.groups.set([Group.objects.get(name=spec["group"])])
        self.stdout.write(f"Demo users: {', '.join(DEMO_USERS)}; their password is {source}.")
