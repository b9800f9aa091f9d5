"""Reads for the delivery pages, the dashboard's assessment cell and the panel papers.

The delivery page, its export and a paper's "commitments and their progress" section all read
`commitments_with_progress`, so a status can never differ between them; `as_of` gives the
latest update published for a quarter ending by that date, as a paper for a past period must.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Case, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from core.periods import Period, add_months
from pcc_portal.access import is_opcc_staff
from performance.models import Status

from .models import (
    COMPLETE_STATES,
    NOT_REPORTED,
    STATUS_CHOICES,
    AssessmentGrade,
    Commitment,
    CommitmentKind,
    Evidence,
    MeasureAssessment,
    ProgressUpdate,
)


# What the Commissioner will do comes before what he holds the Chief Constable to account for,
# as in the plan.
def kind_order(prefix: str = "") -> Case:
    return Case(When(**{f"{prefix}kind": CommitmentKind.PCC}, then=0), default=1)


def _updates(*, user, show_drafts: bool, as_of: dt.date | None) -> QuerySet[ProgressUpdate]:
    updates = ProgressUpdate.objects.visible_to(user, show_drafts=show_drafts)
    return updates.filter(period_end__lte=as_of) if as_of else updates


def commitments_with_progress(
    *,
    plan=None,
    priorities: Iterable | None = None,
    as_of: dt.date | None = None,
    user=None,
    show_drafts: bool = False,
) -> QuerySet[Commitment]:
    """The commitments of a plan (or of some priorities) in the plan's order, each annotated
    with its latest update the user may see (ending by `as_of`, if given): `status` (a
    Progress value or "not_reported"), `status_update_id`, `status_period_start/_end`,
    `status_narrative` and `status_sign_off` (draft, verified or published)."""
    latest = _updates(user=user, show_drafts=show_drafts, as_of=as_of).filter(
        commitment=OuterRef("pk")
    )
    latest = latest.order_by("-period_end", "-period_start")

    def newest(name):
        return Subquery(latest.values(name)[:1])

    commitments = Commitment.objects.select_related("priority__plan", "lead_officer")
    if plan is not None:
        commitments = commitments.filter(priority__plan=plan)
    if priorities is not None:
        commitments = commitments.filter(priority__in=list(priorities))
    return commitments.annotate(
        status=Coalesce(newest("progress"), Value(NOT_REPORTED)),
        status_update_id=newest("pk"),
        status_period_start=newest("period_start"),
        status_period_end=newest("period_end"),
        status_narrative=newest("narrative"),
        status_sign_off=newest("status"),
    ).order_by("priority__position", "priority__title", kind_order(), "position")


def attach_latest_updates(commitments: Iterable[Commitment]) -> list[Commitment]:
    """Loads the update each annotated commitment shows as `latest_update`, in one query."""
    commitments = list(commitments)
    ids = [c.status_update_id for c in commitments if c.status_update_id]
    updates = ProgressUpdate.objects.in_bulk(ids)
    for commitment in commitments:
        commitment.latest_update = updates.get(commitment.status_update_id)
    return commitments


def commitments_by_kind(commitments: Iterable[Commitment]) -> list[tuple[str, list[Commitment]]]:
    """(heading, commitments) for what the Commissioner will do, then what he holds the Chief
    Constable to account for: the two lists under each priority of the plan."""
    commitments = list(commitments)
    return [
        (label, [c for c in commitments if c.kind == kind])
        for kind, label in CommitmentKind.choices
    ]


@dataclass
class DeliverySummary:
    """How many commitments show each status: the delivery page's and the paper's headline."""

    counts: dict[str, int]
    total: int

    @property
    def complete(self) -> int:
        return sum(self.counts[state] for state in COMPLETE_STATES)

    @property
    def reported(self) -> int:
        return self.total - self.counts[NOT_REPORTED]

    @property
    def rows(self) -> list[tuple[str, str, int]]:
        """(status, label, count) for every status, zeros included, in the page's order."""
        return [(code, label, self.counts[code]) for code, label in STATUS_CHOICES]

    @property
    def text(self) -> str:
        return f"{self.complete} of {self.total} complete"


def delivery_summary(commitments: Iterable[Commitment]) -> DeliverySummary:
    """Counts by status of annotated commitments (commitments_with_progress)."""
    counted = Counter(c.status for c in commitments)
    return DeliverySummary(
        counts={code: counted.get(code, 0) for code, _ in STATUS_CHOICES},
        total=sum(counted.values()),
    )


@dataclass
class PriorityDelivery:
    priority: object
    commitments: list[Commitment] = field(default_factory=list)

    @property
    def summary(self) -> DeliverySummary:
        return delivery_summary(self.commitments)


def by_priority(commitments: Iterable[Commitment]) -> list[PriorityDelivery]:
    """Annotated commitments grouped under their priorities, in the order given."""
    sections: dict[int, PriorityDelivery] = {}
    for commitment in commitments:
        section = sections.setdefault(commitment.priority_id, PriorityDelivery(commitment.priority))
        section.commitments.append(commitment)
    return list(sections.values())


def evidence_visible_to(user) -> QuerySet[Evidence]:
    """Evidence a reader may follow: a grant only once published, a panel paper only once its
    meeting's papers are; decisions are always listed (a restricted one by reference only,
    through panel.presenters' rule on what its title shows)."""
    evidence = Evidence.objects.select_related("decision", "grant", "paper__meeting", "measure")
    if is_opcc_staff(user):
        return evidence
    grant_model = Evidence._meta.get_field("grant").related_model
    paper_model = Evidence._meta.get_field("paper").related_model
    return evidence.filter(
        Q(grant=None) | Q(grant__in=grant_model.objects.visible_to(user)),
        Q(paper=None) | Q(paper__in=paper_model.objects.visible_to(user)),
    )


def commitment_history(*, commitment: Commitment, user=None, show_drafts: bool = False):
    """The commitment's updates the user may see, newest first, each with its evidence; a
    withdrawn update too, for everyone, so the page says where it was, when and why it was
    withdrawn (the page shows that in its place, never its words)."""
    visible = _updates(user=user, show_drafts=show_drafts, as_of=None)
    withdrawn = ProgressUpdate.objects.withdrawn()
    return (
        ProgressUpdate.objects.filter(Q(pk__in=visible.values("pk")) | Q(pk__in=withdrawn))
        .filter(commitment=commitment)
        .select_related("entered_by", "published_by")
        .prefetch_related(Prefetch("evidence", queryset=evidence_visible_to(user)))
        .order_by("-period_end", "-period_start")
    )


# --- The OPCC's assessment of measures ------------------------------------------------------


def assessment_window(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """An assessment is shown for figures up to `as_of` when its quarter ended in the three
    months up to that day: a judgement of an older quarter is history, not the current view."""
    return add_months(as_of, -3), as_of


def assessments_for(
    *, measures: Iterable, as_of: dt.date, user=None, show_drafts: bool = False
) -> dict[int, MeasureAssessment]:
    """Each measure's latest assessment the user may see for a quarter ending in the window
    before `as_of`, keyed by measure id, in one query."""
    after, until = assessment_window(as_of)
    found = (
        MeasureAssessment.objects.visible_to(user, show_drafts=show_drafts)
        .filter(measure__in=list(measures), period_end__gt=after, period_end__lte=until)
        .select_related("grade")
        .order_by("measure_id", "-period_end", "-period_start")
    )
    latest: dict[int, MeasureAssessment] = {}
    for assessment in found:
        latest.setdefault(assessment.measure_id, assessment)
    return latest


def measure_assessments(*, measure=None, user=None, show_drafts: bool = False):
    """The assessments the user may see (of one measure, if given), newest first: a measure
    page's history, or the assessments list. A withdrawn one too, for everyone: the page
    says where it was, when and why it was withdrawn (never its grade or reason)."""
    visible = MeasureAssessment.objects.visible_to(user, show_drafts=show_drafts)
    assessments = (
        (visible | MeasureAssessment.objects.withdrawn())
        .select_related("grade", "measure")
        .order_by("-period_end", "-period_start", "measure__name")
    )
    return assessments.filter(measure=measure) if measure is not None else assessments


@dataclass
class AssessmentSummary:
    """Counts by grade for a set of measures, and the measures of concern with the reason."""

    period_end: dt.date
    grades: list[tuple[AssessmentGrade, int]]
    not_assessed: int
    of_concern: list[MeasureAssessment]

    @property
    def assessed(self) -> int:
        return sum(count for _, count in self.grades)


def assessment_summary(
    *, measures: Iterable, as_of: dt.date, user=None, show_drafts: bool = False
) -> AssessmentSummary:
    measures = list({m.pk: m for m in measures}.values())
    found = assessments_for(measures=measures, as_of=as_of, user=user, show_drafts=show_drafts)
    counted = Counter(a.grade_id for a in found.values())
    names = {m.pk: m for m in measures}
    concern = [a for a in found.values() if a.grade.is_concern]
    for assessment in concern:
        assessment.measure = names[assessment.measure_id]
    return AssessmentSummary(
        period_end=as_of,
        grades=[(grade, counted.get(grade.pk, 0)) for grade in AssessmentGrade.objects.all()],
        not_assessed=len(measures) - len(found),
        of_concern=sorted(concern, key=lambda a: a.measure.name),
    )


@dataclass
class QuarterReview:
    """A quarter's progress updates and assessments still to sign off, for the lead."""

    updates_awaiting: list[ProgressUpdate]
    updates_verified: list[ProgressUpdate]
    assessments_awaiting: list[MeasureAssessment]
    assessments_verified: list[MeasureAssessment]

    @property
    def empty(self) -> bool:
        return not (
            self.updates_awaiting
            or self.updates_verified
            or self.assessments_awaiting
            or self.assessments_verified
        )


def quarter_review(*, priorities, quarter: Period) -> QuarterReview:
    """The quarter's unpublished updates on the priorities' commitments and assessments of
    their measures, drafts and verified apart, in the plan's order."""
    priorities = list(priorities)
    in_quarter = {"period_start": quarter.start, "period_end": quarter.end}
    updates = list(
        ProgressUpdate.objects.awaiting_sign_off()
        .filter(commitment__priority__in=priorities, **in_quarter)
        .select_related("commitment__priority", "entered_by", "verified_by")
        .order_by(
            "commitment__priority__position", kind_order("commitment__"), "commitment__position"
        )
    )
    assessments = list(
        MeasureAssessment.objects.awaiting_sign_off()
        .filter(measure__priorities__in=priorities, **in_quarter)
        .select_related("measure", "grade", "entered_by", "verified_by")
        .order_by("measure__name")
        .distinct()
    )
    return QuarterReview(
        updates_awaiting=[u for u in updates if u.status == Status.DRAFT],
        updates_verified=[u for u in updates if u.status == Status.VERIFIED],
        assessments_awaiting=[a for a in assessments if a.status == Status.DRAFT],
        assessments_verified=[a for a in assessments if a.status == Status.VERIFIED],
    )
