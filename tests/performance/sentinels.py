"""Delivery sentinels for the site-wide crawl: a commitment of the current plan with a
published update, a newer draft and a verified update, and a draft and a verified OPCC
assessment of a measure with published figures, so the delivery page, its exports, the
commitment's page, the dashboard and the measure page are all reached."""

from core.periods import Period
from performance.models import Status
from tests.factories import MeasureFactory, ObservationFactory, PlanFactory, PriorityFactory
from tests.portal.crawler import Sentinels

from .delivery_factories import (
    CommitmentFactory,
    MeasureAssessmentFactory,
    ProgressUpdateFactory,
    grade,
)

DRAFT_NARRATIVE = "SENTINEL-DRAFT-PROGRESS-5b1e"
VERIFIED_NARRATIVE = "SENTINEL-VERIFIED-PROGRESS-5b1e"
DRAFT_REASON = "SENTINEL-DRAFT-ASSESSMENT-5b1e"
VERIFIED_REASON = "SENTINEL-VERIFIED-ASSESSMENT-5b1e"


def make() -> Sentinels:
    plan = PlanFactory(code="pcp-2099", title="Sentinel plan", start="2099-04-01", end="2103-03-31")
    priority = PriorityFactory(plan=plan, title="Sentinel priority")
    commitment = CommitmentFactory(priority=priority, text="Reopen the front counters.")
    ProgressUpdateFactory(commitment=commitment, quarter=Period.quarter(2099, 1))
    ProgressUpdateFactory(
        commitment=commitment,
        quarter=Period.quarter(2099, 2),
        status=Status.DRAFT,
        progress="closed",
        narrative=DRAFT_NARRATIVE,
    )
    ProgressUpdateFactory(
        commitment=CommitmentFactory(priority=priority, text="Launch a fund."),
        quarter=Period.quarter(2099, 1),
        status=Status.VERIFIED,
        narrative=VERIFIED_NARRATIVE,
    )
    measure = MeasureFactory(name="Sentinel measure", frequency="quarter")
    measure.priorities.add(priority)
    quarter = Period.quarter(2099, 1)
    ObservationFactory(measure=measure, period_start=quarter.start, period_end=quarter.end)
    MeasureAssessmentFactory(
        measure=measure,
        quarter=quarter,
        grade=grade("of-concern"),
        status=Status.DRAFT,
        reason=DRAFT_REASON,
    )
    MeasureAssessmentFactory(
        measure=measure,
        quarter=Period.quarter(2098, 4),
        status=Status.VERIFIED,
        reason=VERIFIED_REASON,
    )
    return Sentinels(
        texts=[
            DRAFT_NARRATIVE,
            VERIFIED_NARRATIVE,
            DRAFT_REASON,
            VERIFIED_REASON,
        ],
        urls=[
            commitment.get_absolute_url(),
            f"/performance/plans/{plan.code}/delivery/",
            measure.get_absolute_url(),
        ],
    )
