"""Data for the dashboard tests: a plan with priorities, measures, the force and comparators.

`grow_measures` adds many measures with bulk_create so the query-count tests can compare a
small and a large data set quickly."""

from decimal import Decimal

from core.periods import Period
from performance.models import Measure, Observation, Status
from tests.factories import AreaFactory, MeasureFactory
from tests.performance.periods import Q4_2020, YEAR_2019, YEAR_2020


def force():
    return AreaFactory(code="LANC", name="Lancashire", kind="force", position=0)


def england_and_wales():
    return AreaFactory(code="EW", name="England and Wales", kind="national", position=1)


def msg():
    return AreaFactory(code="MSG", name="Most Similar Group", kind="msg", position=2)


def grade_1_measure(**extra):
    """Grade 1 median time to arrive: minutes to one decimal place, with a target under 15."""
    return MeasureFactory(
        code="grade-1",
        name="Grade 1 median time to arrive",
        unit="minutes",
        decimal_places=1,
        target_operator="<",
        target_value=Decimal("15"),
        **extra,
    )


def observation(measure, area, period, value, status=Status.PUBLISHED, **extra):
    return Observation.objects.create(
        measure=measure,
        area=area,
        period_start=period.start,
        period_end=period.end,
        value=Decimal(str(value)),
        status=status,
        **extra,
    )


def grow_measures(priority, count, *, offset=0):
    """`count` count measures on `priority`, each with two published years for the force and
    England and Wales, a published quarter and a draft for the next year."""
    lanc, ew = force(), england_and_wales()
    measures = Measure.objects.bulk_create(
        Measure(
            code=f"bulk-{offset + i}",
            name=f"Bulk measure {offset + i:04d}",
            unit="count",
            direction_of_good="down",
            source="Recorded crime dashboard",
        )
        for i in range(count)
    )
    Through = Measure.priorities.through
    Through.objects.bulk_create(Through(measure=m, priority=priority) for m in measures)
    rows = []
    for i, measure in enumerate(measures):
        for area, factor in ((lanc, 1), (ew, 40)):
            for period, value in ((YEAR_2019, 1000 + i), (YEAR_2020, 900 + i)):
                rows.append((measure, area, period, value * factor, Status.PUBLISHED))
        rows.append((measure, lanc, Q4_2020, 250 + i, Status.PUBLISHED))
        rows.append((measure, lanc, Period.financial_year(2021), 5, Status.DRAFT))
    Observation.objects.bulk_create(
        Observation(
            measure=m,
            area=a,
            period_start=p.start,
            period_end=p.end,
            value=Decimal(v),
            unit="count",
            status=s,
        )
        for m, a, p, v, s in rows
    )
    return measures
