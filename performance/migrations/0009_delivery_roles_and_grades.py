"""The performance lead verifies and publishes progress updates and assessments and sets the
grades; officers write updates and assessments. The grades start as the words panels commonly
use; the OPCC changes them in the admin."""

from django.db import migrations

from pcc_portal.roles import grant_roles

LEAD_ONLY = (
    "verify_observation",
    "publish_observation",
    "add_revision",
    "change_revision",
    "delete_revision",
    "verify_progressupdate",
    "publish_progressupdate",
    "verify_measureassessment",
    "publish_measureassessment",
    "add_assessmentgrade",
    "change_assessmentgrade",
    "delete_assessmentgrade",
)

GRADES = [
    ("content", "Content", "Performance is where the OPCC expects it to be.", "good"),
    (
        "additional-scrutiny",
        "Requires additional scrutiny",
        "The OPCC will look more closely at this measure with the Constabulary.",
        "watch",
    ),
    (
        "of-concern",
        "Of concern",
        "The Commissioner will hold the Chief Constable to account for improvement.",
        "concern",
    ),
]


def add_grades(apps, schema_editor):
    AssessmentGrade = apps.get_model("performance", "AssessmentGrade")
    for position, (code, label, description, tone) in enumerate(GRADES, start=1):
        AssessmentGrade.objects.get_or_create(
            code=code,
            defaults={
                "label": label,
                "description": description,
                "tone": tone,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("performance", "0008_delivery_of_the_plan")]

    operations = [
        migrations.RunPython(
            grant_roles("performance", lead_only=LEAD_ONLY), migrations.RunPython.noop
        ),
        migrations.RunPython(add_grades, migrations.RunPython.noop),
    ]
