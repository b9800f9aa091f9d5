from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "pcc_portal"
    verbose_name = "Portal"

    def ready(self):
        from . import signals  # noqa: F401  (connects the audit log to sign-in events)
        from .caching import connect_signals

        connect_signals()
