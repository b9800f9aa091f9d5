"""Commitments, progress updates and assessments for the delivery tests."""

import factory

from performance.models import (
    AssessmentGrade,
    Commitment,
    Evidence,
    MeasureAssessment,
    ProgressUpdate,
    Status,
)
from tests.factories import MeasureFactory, PriorityFactory
from tests.performance.periods import Q3_2021


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    priority = factory.SubFactory(PriorityFactory)
    kind = "pcc"
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Commitment number {n}")


class QuarterFactory(factory.django.DjangoModelFactory):
    """A record of one quarter: Q3 2021/22 unless a test names another."""

    class Meta:
        abstract = True

    class Params:
        quarter = Q3_2021

    period_start = factory.LazyAttribute(lambda o: o.quarter.start)
    period_end = factory.LazyAttribute(lambda o: o.quarter.end)


class ProgressUpdateFactory(QuarterFactory):
    class Meta:
        model = ProgressUpdate

    commitment = factory.SubFactory(CommitmentFactory)
    progress = "in_progress"
    narrative = factory.Sequence(lambda n: f"Narrative {n}")
    status = Status.PUBLISHED


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    update = factory.SubFactory(ProgressUpdateFactory)
    measure = factory.SubFactory(MeasureFactory)


def grade(code):
    """One of the grades the migration sets up: content, additional-scrutiny, of-concern."""
    return AssessmentGrade.objects.get(code=code)


class MeasureAssessmentFactory(QuarterFactory):
    class Meta:
        model = MeasureAssessment

    measure = factory.SubFactory(MeasureFactory)
    grade = factory.LazyFunction(lambda: grade("content"))
    reason = factory.Sequence(lambda n: f"Reason {n}")
    status = Status.PUBLISHED
