"""Commitments with their quarterly progress, and the OPCC's graded assessment of measures.

Imported at the end of performance/models.py, so these are models of the performance app.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from core.history import ChangeHistory
from core.periods import QUARTER, Period, PeriodFields
from pcc_portal.publication import SignOffQuerySet, signoff_permissions
from performance.models import Measure, Priority, period_ends_after_start

from .signoff import SignedOff


class CommitmentKind(models.TextChoices):
    PCC = "pcc", "What the Commissioner will do"
    ACCOUNTABILITY = "accountability", "Holding the Chief Constable to account"


class Commitment(models.Model):
    """One line of a priority: what the Commissioner will do, or what he will hold the Chief
    Constable to account for, as the plan prints it."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="commitments")
    kind = models.CharField(max_length=16, choices=CommitmentKind.choices)
    position = models.PositiveSmallIntegerField(help_text="Its place in the plan's list.")
    text = models.TextField(help_text="As the plan prints it.")
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_commitments",
        help_text="The OPCC officer who reports its progress each quarter.",
    )

    history = ChangeHistory()

    class Meta:
        ordering = ["priority__plan", "priority__position", "kind", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["priority", "kind", "position"],
                name="commitment_one_per_place_in_priority",
                violation_error_message="Another commitment of this priority has that place.",
            )
        ]

    def __str__(self):
        text = self.text if len(self.text) <= 80 else self.text[:77].rstrip() + "…"
        return text

    def get_absolute_url(self):
        return reverse("performance:commitment", kwargs={"pk": self.pk})

    @property
    def status_label(self) -> str:
        """The words of the status annotated by commitments_with_progress."""
        return STATUS_LABELS[getattr(self, "status", NOT_REPORTED)]

    @property
    def status_period(self) -> Period | None:
        """The quarter of the update annotated by commitments_with_progress, if any."""
        start = getattr(self, "status_period_start", None)
        return Period(start, self.status_period_end) if start else None


class Progress(models.TextChoices):
    """How far a commitment has got, in the words panels use."""

    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    CHALLENGING = "challenging", "Challenging"
    COMPLETE = "complete", "Complete"
    CLOSED = "closed", "Complete and closed"


NOT_REPORTED = "not_reported"
NOT_REPORTED_LABEL = "Not yet reported"
COMPLETE_STATES = (Progress.COMPLETE, Progress.CLOSED)
# Every status a commitment can show, in the order pages count them.
STATUS_CHOICES = [*Progress.choices, (NOT_REPORTED, NOT_REPORTED_LABEL)]
STATUS_LABELS = dict(STATUS_CHOICES)


QUARTER_ENDS_AFTER_START = "The quarter must end after it starts."


def quarter_problem(start, end) -> str:
    """Why these dates are not one financial quarter, or "" when they are."""
    if start and end and Period(start, end).kind != QUARTER:
        return (
            f"{start:%-d %B %Y} to {end:%-d %B %Y} is not a quarter: use April–June, "
            "July–September, October–December or January–March."
        )
    return ""


class QuarterlyJudgement(PeriodFields, SignedOff):
    """What the OPCC says about one quarter, signed off like figures."""

    period_start = models.DateField(verbose_name="quarter starts")
    period_end = models.DateField(verbose_name="quarter ends")

    objects = SignOffQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self):
        problem = quarter_problem(self.period_start, self.period_end)
        if problem:
            raise ValidationError({"period_end": problem})


class ProgressUpdate(QuarterlyJudgement):
    """A commitment's progress in one quarter: status, a short narrative and its evidence."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    progress = models.CharField(max_length=12, choices=Progress.choices)
    narrative = models.TextField(
        max_length=2000, help_text="What was done this quarter, in a few sentences for readers."
    )

    SIGNED_FIELDS = ("commitment_id", "period_start", "period_end", "progress", "narrative")

    history = ChangeHistory()

    class Meta:
        ordering = ["commitment", "-period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "period_start", "period_end"],
                name="progress_one_update_per_commitment_quarter",
                violation_error_message="This commitment already has an update for this quarter.",
            ),
            period_ends_after_start("progress_period_end_after_start", QUARTER_ENDS_AFTER_START),
        ]
        permissions = signoff_permissions("progressupdate", "progress updates")

    def __str__(self):
        return f"Progress on “{self.commitment}” in {self.period.label}"


class Evidence(models.Model):
    """What shows the progress: a PCC decision, a grant, a panel paper or a measure."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    position = models.PositiveSmallIntegerField(default=1)
    # Evidence is published with the update, so a restricted decision cannot be cited.
    decision = models.ForeignKey(
        "panel.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"restricted": False},
        verbose_name="PCC decision",
    )
    grant = models.ForeignKey(
        "funds.Grant", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    paper = models.ForeignKey(
        "panel.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="panel paper",
        help_text="The agenda item whose paper reports the progress.",
    )
    measure = models.ForeignKey(
        Measure, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    detail = models.CharField(
        max_length=200, blank=True, help_text="Where in it, e.g. “paragraph 6”."
    )

    TARGETS = ("decision", "grant", "paper", "measure")

    class Meta:
        ordering = ["update", "position", "pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(decision__isnull=False, grant=None, paper=None, measure=None)
                    | models.Q(decision=None, grant__isnull=False, paper=None, measure=None)
                    | models.Q(decision=None, grant=None, paper__isnull=False, measure=None)
                    | models.Q(decision=None, grant=None, paper=None, measure__isnull=False)
                ),
                name="evidence_links_one_thing",
                violation_error_message=(
                    "Evidence links to one thing: a decision, a grant, a panel paper or a measure."
                ),
            )
        ]

    def __str__(self):
        return self.citation

    @property
    def target(self):
        return next((getattr(self, n) for n in self.TARGETS if getattr(self, n + "_id")), None)

    @property
    def citation(self) -> str:
        """The evidence as a reader would cite it, e.g. “Police and Crime Panel, 6 December
        2021, Agenda Item 6: PCC Update Report, paragraph 6”."""
        if self.decision_id:
            decision = self.decision
            text = f"PCC decision {decision.reference}, {decision.title}"
            text += f", {decision.decided_on:%-d %B %Y}"
        elif self.grant_id:
            text = f"Grant from the {self.grant.fund}: {self.grant}, {self.grant.award_date_text}"
        elif self.paper_id:
            item = self.paper
            text = f"{item.meeting}, Agenda Item {item.label}: {item.title}"
        elif self.measure_id:
            text = f"Measure: {self.measure}"
        else:
            text = ""
        return f"{text}, {self.detail}" if self.detail else text

    @property
    def url(self) -> str:
        if self.grant_id:
            return self.grant.fund.get_absolute_url()
        target = self.target
        return target.get_absolute_url() if target is not None else ""

    def clean(self):
        if sum(getattr(self, name + "_id") is not None for name in self.TARGETS) != 1:
            raise ValidationError(
                "Choose one thing as evidence: a decision, a grant, a panel paper or a measure."
            )
        if self.decision_id and self.decision.restricted:
            raise ValidationError(
                {"decision": "A restricted decision cannot be published as evidence."}
            )


class GradeTone(models.TextChoices):
    GOOD = "good", "Good (green)"
    WATCH = "watch", "Watch (amber)"
    CONCERN = "concern", "Of concern (red)"


class AssessmentGrade(models.Model):
    """A grade the OPCC gives a measure, in its own words (e.g. “Content”)."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=60, unique=True)
    description = models.CharField(
        max_length=250, blank=True, help_text="What the grade means, shown with it."
    )
    tone = models.CharField(
        max_length=8,
        choices=GradeTone.choices,
        help_text="Its colour, and whether a measure with it is counted as of concern.",
    )
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["position", "label"]

    def __str__(self):
        return self.label

    @property
    def is_concern(self) -> bool:
        return self.tone == GradeTone.CONCERN


class MeasureAssessment(QuarterlyJudgement):
    """The OPCC's judgement of a measure for a quarter, with the reason: shown beside the
    computed comparison and control-chart reading, never instead of them."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="assessments")
    grade = models.ForeignKey(AssessmentGrade, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(max_length=2000, help_text="Why this grade, for readers.")

    SIGNED_FIELDS = ("measure_id", "period_start", "period_end", "grade_id", "reason")

    history = ChangeHistory()

    class Meta:
        ordering = ["measure", "-period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period_start", "period_end"],
                name="assessment_one_per_measure_quarter",
                violation_error_message="This measure already has an assessment for this quarter.",
            ),
            period_ends_after_start("assessment_period_end_after_start", QUARTER_ENDS_AFTER_START),
        ]
        permissions = signoff_permissions("measureassessment", "measure assessments")

    def __str__(self):
        return f"Assessment of {self.measure} in {self.period.label}"
