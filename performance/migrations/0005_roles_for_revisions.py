from django.db import migrations

from pcc_portal.roles import grant_roles

# Revisions change published figures, so only the performance lead may make them; everyone
# with a role may read the audit trail's models (the pages decide who sees what).
LEAD_ONLY = (
    "verify_observation",
    "publish_observation",
    "add_revision",
    "change_revision",
    "delete_revision",
)


class Migration(migrations.Migration):
    dependencies = [("performance", "0004_audit_revisions_quality")]

    operations = [
        migrations.RunPython(
            grant_roles("performance", lead_only=LEAD_ONLY), migrations.RunPython.noop
        )
    ]
