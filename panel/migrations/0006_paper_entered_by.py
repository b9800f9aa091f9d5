from django.db import migrations


class Migration(migrations.Migration):
    """A paper's writer is its `entered_by`, as for every record signed off the figures' way."""

    dependencies = [("panel", "0005_paper_status_choices")]

    operations = [
        migrations.RenameField("paper", "written_by", "entered_by"),
        migrations.RenameField("historicalpaper", "written_by", "entered_by"),
    ]
