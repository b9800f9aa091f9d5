from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "pcc_portal"
    verbose_name = "Portal"
