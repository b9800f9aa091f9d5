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
