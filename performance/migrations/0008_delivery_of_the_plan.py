"""Commitments become records of their priority, with quarterly progress signed off like figures,
and measures get the OPCC's graded assessment. The lines officers had typed into the priority's
two text boxes become its commitments, in the same order, before the text boxes go."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def lines_to_commitments(apps, schema_editor):
    Priority = apps.get_model("performance", "Priority")
    Commitment = apps.get_model("performance", "Commitment")
    rows = Priority.objects.values_list("pk", "commitments", "accountability")
    Commitment.objects.bulk_create(
        Commitment(priority_id=pk, kind=kind, position=position, text=line)
        for pk, commitments, accountability in rows
        for kind, text in (("pcc", commitments), ("accountability", accountability))
        for position, line in enumerate(_lines(text), start=1)
    )


def commitments_to_lines(apps, schema_editor):
    Priority = apps.get_model("performance", "Priority")
    Commitment = apps.get_model("performance", "Commitment")
    for priority in Priority.objects.all():
        mine = Commitment.objects.filter(priority_id=priority.pk).order_by("position")
        priority.commitments = "\n".join(mine.filter(kind="pcc").values_list("text", flat=True))
        priority.accountability = "\n".join(
            mine.filter(kind="accountability").values_list("text", flat=True)
        )
        priority.save(update_fields=["commitments", "accountability"])


class Migration(migrations.Migration):
    dependencies = [
        ("funds", "0002_roles"),
        ("panel", "0002_roles"),
        ("performance", "0007_observation_sent_back_and_help"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AssessmentGrade",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.SlugField(max_length=40, unique=True)),
                ("label", models.CharField(max_length=60, unique=True)),
                (
                    "description",
                    models.CharField(
                        blank=True, help_text="What the grade means, shown with it.", max_length=250
                    ),
                ),
                (
                    "tone",
                    models.CharField(
                        choices=[
                            ("good", "Good (green)"),
                            ("watch", "Watch (amber)"),
                            ("concern", "Of concern (red)"),
                        ],
                        help_text="Its colour, and whether a measure with it is counted as of concern.",
                        max_length=8,
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=1)),
            ],
            options={
                "ordering": ["position", "label"],
            },
        ),
        migrations.CreateModel(
            name="Commitment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("pcc", "What the Commissioner will do"),
                            ("accountability", "Holding the Chief Constable to account"),
                        ],
                        max_length=16,
                    ),
                ),
                (
                    "position",
                    models.PositiveSmallIntegerField(help_text="Its place in the plan's list."),
                ),
                ("text", models.TextField(help_text="As the plan prints it.")),
                (
                    "lead_officer",
                    models.ForeignKey(
                        blank=True,
                        help_text="The OPCC officer who reports its progress each quarter.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="led_commitments",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "priority",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="performance.priority",
                    ),
                ),
            ],
            options={
                "ordering": ["priority__plan", "priority__position", "kind", "position"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalCommitment",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("pcc", "What the Commissioner will do"),
                            ("accountability", "Holding the Chief Constable to account"),
                        ],
                        max_length=16,
                    ),
                ),
                (
                    "position",
                    models.PositiveSmallIntegerField(help_text="Its place in the plan's list."),
                ),
                ("text", models.TextField(help_text="As the plan prints it.")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "lead_officer",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The OPCC officer who reports its progress each quarter.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "priority",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="performance.priority",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical commitment",
                "verbose_name_plural": "historical commitments",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMeasureAssessment",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("verified", "Verified"),
                            ("published", "Published"),
                        ],
                        default="draft",
                        editable=False,
                        max_length=10,
                    ),
                ),
                ("verified_at", models.DateTimeField(blank=True, editable=False, null=True)),
                ("published_at", models.DateTimeField(blank=True, editable=False, null=True)),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                ("period_start", models.DateField(verbose_name="quarter starts")),
                ("period_end", models.DateField(verbose_name="quarter ends")),
                (
                    "reason",
                    models.TextField(help_text="Why this grade, for readers.", max_length=2000),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "entered_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "grade",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="performance.assessmentgrade",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "measure",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="performance.measure",
                    ),
                ),
                (
                    "published_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "verified_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical measure assessment",
                "verbose_name_plural": "historical measure assessments",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalProgressUpdate",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("verified", "Verified"),
                            ("published", "Published"),
                        ],
                        default="draft",
                        editable=False,
                        max_length=10,
                    ),
                ),
                ("verified_at", models.DateTimeField(blank=True, editable=False, null=True)),
                ("published_at", models.DateTimeField(blank=True, editable=False, null=True)),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                ("period_start", models.DateField(verbose_name="quarter starts")),
                ("period_end", models.DateField(verbose_name="quarter ends")),
                (
                    "progress",
                    models.CharField(
                        choices=[
                            ("not_started", "Not started"),
                            ("in_progress", "In progress"),
                            ("challenging", "Challenging"),
                            ("complete", "Complete"),
                            ("closed", "Complete and closed"),
                        ],
                        max_length=12,
                    ),
                ),
                (
                    "narrative",
                    models.TextField(
                        help_text="What was done this quarter, in a few sentences for readers.",
                        max_length=2000,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "commitment",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="performance.commitment",
                    ),
                ),
                (
                    "entered_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "published_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "verified_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical progress update",
                "verbose_name_plural": "historical progress updates",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="MeasureAssessment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("verified", "Verified"),
                            ("published", "Published"),
                        ],
                        default="draft",
                        editable=False,
                        max_length=10,
                    ),
                ),
                ("verified_at", models.DateTimeField(blank=True, editable=False, null=True)),
                ("published_at", models.DateTimeField(blank=True, editable=False, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("period_start", models.DateField(verbose_name="quarter starts")),
                ("period_end", models.DateField(verbose_name="quarter ends")),
                (
                    "reason",
                    models.TextField(help_text="Why this grade, for readers.", max_length=2000),
                ),
                (
                    "entered_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "grade",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="performance.assessmentgrade",
                    ),
                ),
                (
                    "measure",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="assessments",
                        to="performance.measure",
                    ),
                ),
                (
                    "published_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "verified_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["measure", "-period_end"],
                "permissions": [
                    ("verify_measureassessment", "Can verify measure assessments"),
                    ("publish_measureassessment", "Can publish measure assessments"),
                ],
            },
        ),
        migrations.CreateModel(
            name="ProgressUpdate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("verified", "Verified"),
                            ("published", "Published"),
                        ],
                        default="draft",
                        editable=False,
                        max_length=10,
                    ),
                ),
                ("verified_at", models.DateTimeField(blank=True, editable=False, null=True)),
                ("published_at", models.DateTimeField(blank=True, editable=False, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("period_start", models.DateField(verbose_name="quarter starts")),
                ("period_end", models.DateField(verbose_name="quarter ends")),
                (
                    "progress",
                    models.CharField(
                        choices=[
                            ("not_started", "Not started"),
                            ("in_progress", "In progress"),
                            ("challenging", "Challenging"),
                            ("complete", "Complete"),
                            ("closed", "Complete and closed"),
                        ],
                        max_length=12,
                    ),
                ),
                (
                    "narrative",
                    models.TextField(
                        help_text="What was done this quarter, in a few sentences for readers.",
                        max_length=2000,
                    ),
                ),
                (
                    "commitment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="updates",
                        to="performance.commitment",
                    ),
                ),
                (
                    "entered_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "published_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "verified_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["commitment", "-period_end"],
                "permissions": [
                    ("verify_progressupdate", "Can verify progress updates"),
                    ("publish_progressupdate", "Can publish progress updates"),
                ],
            },
        ),
        migrations.CreateModel(
            name="Evidence",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=1)),
                (
                    "detail",
                    models.CharField(
                        blank=True, help_text="Where in it, e.g. “paragraph 6”.", max_length=200
                    ),
                ),
                (
                    "decision",
                    models.ForeignKey(
                        blank=True,
                        limit_choices_to={"restricted": False},
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="panel.decision",
                        verbose_name="PCC decision",
                    ),
                ),
                (
                    "grant",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="funds.grant",
                    ),
                ),
                (
                    "measure",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="performance.measure",
                    ),
                ),
                (
                    "paper",
                    models.ForeignKey(
                        blank=True,
                        help_text="The agenda item whose paper reports the progress.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="panel.agendaitem",
                        verbose_name="panel paper",
                    ),
                ),
                (
                    "update",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="evidence",
                        to="performance.progressupdate",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "evidence",
                "ordering": ["update", "position", "pk"],
            },
        ),
        migrations.AddConstraint(
            model_name="commitment",
            constraint=models.UniqueConstraint(
                fields=("priority", "kind", "position"),
                name="commitment_one_per_place_in_priority",
                violation_error_message="Another commitment of this priority has that place.",
            ),
        ),
        migrations.AddConstraint(
            model_name="measureassessment",
            constraint=models.UniqueConstraint(
                fields=("measure", "period_start", "period_end"),
                name="assessment_one_per_measure_quarter",
                violation_error_message="This measure already has an assessment for this quarter.",
            ),
        ),
        migrations.AddConstraint(
            model_name="measureassessment",
            constraint=models.CheckConstraint(
                condition=models.Q(("period_end__gt", models.F("period_start"))),
                name="assessment_period_end_after_start",
                violation_error_message="The quarter must end after it starts.",
            ),
        ),
        migrations.AddConstraint(
            model_name="progressupdate",
            constraint=models.UniqueConstraint(
                fields=("commitment", "period_start", "period_end"),
                name="progress_one_update_per_commitment_quarter",
                violation_error_message="This commitment already has an update for this quarter.",
            ),
        ),
        migrations.AddConstraint(
            model_name="progressupdate",
            constraint=models.CheckConstraint(
                condition=models.Q(("period_end__gt", models.F("period_start"))),
                name="progress_period_end_after_start",
                violation_error_message="The quarter must end after it starts.",
            ),
        ),
        migrations.AddConstraint(
            model_name="evidence",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("decision__isnull", False),
                        ("grant", None),
                        ("measure", None),
                        ("paper", None),
                    ),
                    models.Q(
                        ("decision", None),
                        ("grant__isnull", False),
                        ("measure", None),
                        ("paper", None),
                    ),
                    models.Q(
                        ("decision", None),
                        ("grant", None),
                        ("measure", None),
                        ("paper__isnull", False),
                    ),
                    models.Q(
                        ("decision", None),
                        ("grant", None),
                        ("measure__isnull", False),
                        ("paper", None),
                    ),
                    _connector="OR",
                ),
                name="evidence_links_one_thing",
                violation_error_message="Evidence links to one thing: a decision, a grant, a panel paper or a measure.",
            ),
        ),
        migrations.RunPython(lines_to_commitments, commitments_to_lines),
        migrations.RemoveField(
            model_name="priority",
            name="accountability",
        ),
        migrations.RemoveField(
            model_name="priority",
            name="commitments",
        ),
        migrations.AlterField(
            model_name="commitment",
            name="priority",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="commitments",
                to="performance.priority",
            ),
        ),
    ]
