from django.db import migrations

from pcc_portal.roles import grant_roles


class Migration(migrations.Migration):
    dependencies = [("funds", "0001_initial"), ("pcc_portal", "0001_roles")]

    operations = [migrations.RunPython(grant_roles("funds"), migrations.RunPython.noop)]
