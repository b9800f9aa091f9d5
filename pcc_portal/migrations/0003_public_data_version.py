import secrets

from django.db import migrations, models


def random_start(apps, schema_editor):
    # Like the data version: never a number a cache may still hold pages for.
    apps.get_model("pcc_portal", "DataVersion").objects.update(
        public_number=secrets.randbelow(10**12)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("pcc_portal", "0002_data_version_and_jobs"),
    ]

    operations = [
        migrations.AddField(
            model_name="dataversion",
            name="public_number",
            field=models.BigIntegerField(default=0),
        ),
        migrations.RunPython(random_start, migrations.RunPython.noop),
    ]
