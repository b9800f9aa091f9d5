import gc

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    name = "pcc_portal"
    verbose_name = "Portal"

    def ready(self):
        from . import signals  # noqa: F401  (connects the audit log to sign-in events)
        from .versions import install_triggers

        # After every migrate: the data version's triggers on every table of the data apps.
        post_migrate.connect(install_triggers, sender=self, dispatch_uid="portal-data-version")

        # A plan dashboard reads tens of thousands of figures a request. At Python's default
        # (a collection every 700 new objects) the collector ran so often, with full passes
        # among them, that it took a sixth of a cold dashboard's time: at 480,000 figures the
        # median went from 413 to 346 ms with 5,000 (bench/bench_dashboards.py); larger
        # thresholds gained nothing more.
        gc.set_threshold(GC_FIRST_GENERATION_THRESHOLD)


GC_FIRST_GENERATION_THRESHOLD = 5_000
