from django.apps import AppConfig


class PanelConfig(AppConfig):
    name = "panel"
    verbose_name = "Panel"

    def ready(self):
        # The delivery figures sections register themselves in the papers' registry; the
        # registry lives in panel because performance never imports panel.
        from .papers import delivery_figures  # noqa: F401
