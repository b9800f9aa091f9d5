"""Measures get a place in each priority: the order in which the plan lists them.

The links between measures and priorities move to PriorityMeasure, which carries a position.
Existing links are numbered in the order the measures were created: the demo data creates them
in the order of the seed papers' tables, so that order is kept; an officer reorders them in the
admin (a priority's page) afterwards.
"""

import django.db.models.deletion
from django.db import migrations, models

from pcc_portal.roles import grant_roles

# As in 0005: the new model's permissions go to every role, the sign-off ones stay the lead's.
LEAD_ONLY = (
    "verify_observation",
    "publish_observation",
    "add_revision",
    "change_revision",
    "delete_revision",
)


def copy_links(apps, schema_editor):
    Measure = apps.get_model("performance", "Measure")
    PriorityMeasure = apps.get_model("performance", "PriorityMeasure")
    OldLink = Measure.priorities.through
    positions: dict[int, int] = {}
    rows = []
    for priority_id, measure_id in OldLink.objects.order_by(
        "measure_id", "priority_id"
    ).values_list("priority_id", "measure_id"):
        positions[priority_id] = positions.get(priority_id, 0) + 1
        rows.append(
            PriorityMeasure(
                priority_id=priority_id, measure_id=measure_id, position=positions[priority_id]
            )
        )
    PriorityMeasure.objects.bulk_create(rows, batch_size=500)


def copy_links_back(apps, schema_editor):
    Measure = apps.get_model("performance", "Measure")
    PriorityMeasure = apps.get_model("performance", "PriorityMeasure")
    OldLink = Measure.priorities.through
    OldLink.objects.bulk_create(
        OldLink(priority_id=link.priority_id, measure_id=link.measure_id)
        for link in PriorityMeasure.objects.all()
    )


class Migration(migrations.Migration):
    dependencies = [("performance", "0005_roles_for_revisions")]

    operations = [
        migrations.CreateModel(
            name="PriorityMeasure",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "position",
                    models.PositiveSmallIntegerField(
                        default=0, help_text="Measures are listed from the lowest number up."
                    ),
                ),
                (
                    "measure",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="priority_links",
                        to="performance.measure",
                    ),
                ),
                (
                    "priority",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="measure_links",
                        to="performance.priority",
                    ),
                ),
            ],
            options={
                "verbose_name": "measure of a priority",
                "verbose_name_plural": "measures of the priority, in the plan's order",
                "ordering": ["priority", "position", "measure__name"],
            },
        ),
        migrations.AddConstraint(
            model_name="prioritymeasure",
            constraint=models.UniqueConstraint(
                fields=("priority", "measure"),
                name="priority_measure_once",
                violation_error_message="The measure is already listed under this priority.",
            ),
        ),
        migrations.RunPython(copy_links, copy_links_back),
        migrations.RemoveField(model_name="measure", name="priorities"),
        migrations.AddField(
            model_name="measure",
            name="priorities",
            field=models.ManyToManyField(
                blank=True,
                related_name="measures",
                through="performance.PriorityMeasure",
                to="performance.priority",
            ),
        ),
        migrations.RunPython(
            grant_roles("performance", lead_only=LEAD_ONLY), migrations.RunPython.noop
        ),
    ]
