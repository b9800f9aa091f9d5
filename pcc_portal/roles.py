"""The roles' permissions, granted app by app from each app's own data migration.

Permissions normally appear only after `migrate` finishes, so a data migration creates its
app's permissions first; each app then grants its models to the roles with `grant_roles`.
"""

from django.contrib.auth.management import create_permissions

from .access import OFFICER, PANEL_MEMBER, PERFORMANCE_LEAD, ROLES


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def grant_roles(app_label: str, *, lead_only: tuple[str, ...] = ()):
    """A RunPython function: officers get every permission of the app except `lead_only`,
    the performance lead gets all of them, panel members get the view permissions."""

    def forwards(apps, schema_editor):
        app_config = apps.get_app_config(app_label)
        # The historical app registry leaves this unset, and create_permissions skips such apps.
        app_config.models_module = getattr(app_config, "models_module", None) or True
        create_permissions(app_config, apps=apps, verbosity=0)
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
        permissions = list(Permission.objects.filter(content_type__app_label=app_label))
        groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
        groups[PERFORMANCE_LEAD].permissions.add(*permissions)
        groups[OFFICER].permissions.add(*[p for p in permissions if p.codename not in lead_only])
        groups[PANEL_MEMBER].permissions.add(
            *[p for p in permissions if p.codename.startswith("view_")]
        )

    return forwards
