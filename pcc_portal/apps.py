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


def freeze_loaded_code() -> None:
    """Called once a web process has loaded the portal, before its first request.

    Loads every view (and so every module they use), then moves every object alive at that
    moment (modules, classes, functions, URL patterns: about 180,000 objects, all living as
    long as the process) out of the garbage collector's reach. A full collection then walks
    only what requests hold: at 480,000 figures a full pass during a cold plan dashboard fell
    from 116-136 ms to 10-43 ms (bench/bench_dashboards.py's data, timed with a gc callback)."""
    from django.urls import get_resolver

    from .versions import code_version

    get_resolver().url_patterns  # noqa: B018  (imports the URLconf and every view)
    # Every cache key carries it; without CODE_VERSION it is a hash of the source files, read
    # here rather than by the first reader (40 ms of a first request in each worker).
    code_version()
    gc.collect()
    gc.freeze()
