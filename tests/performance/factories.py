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


def add_measures(priority, count, *, offset=0, code, name, **fields):
    """`count` measures under `priority`, saved in one insert, with the measure factory's
    defaults; `code` and `name` are patterns each measure's number is put into."""
    measures = Measure.objects.bulk_create(
        Measure(
            code=code.format(n),
            name=name.format(n),
            unit="count",
            direction_of_good="down",
            source="Recorded crime dashboard",
            **fields,
        )
        for n in range(offset, offset + count)
    )
    Through = Measure.priorities.through
    Through.objects.bulk_create(Through(measure=m, priority=priority) for m in measures)
    return measures


def add_figures(rows):
    """Figures given as (measure, area, period, value, status) rows, saved in one insert."""
    Observation.objects.bulk_create(
        Observation(
            measure=measure,
            area=area,
            period_start=period.start,
            period_end=period.end,
            value=Decimal(value),
            unit=measure.unit,
            status=status,
        )
        for measure, area, period, value, status in rows
    )


def grow_measures(priority, count, *, offset=0):
    """`count` count measures on `priority`, each with two published years for the force and
    England and Wales, a published quarter and a draft for the next year."""
    lanc, ew = force(), england_and_wales()
    measures = add_measures(
        priority, count, offset=offset, code="bulk-{}", name="Bulk measure {:04d}"
    )
    rows = []
    for i, measure in enumerate(measures):
        for area, factor in ((lanc, 1), (ew, 40)):
            for period, value in ((YEAR_2019, 1000 + i), (YEAR_2020, 900 + i)):
                rows.append((measure, area, period, value * factor, Status.PUBLISHED))
        rows.append((measure, lanc, Q4_2020, 250 + i, Status.PUBLISHED))
        rows.append((measure, lanc, Period.financial_year(2021), 5, Status.DRAFT))
    add_figures(rows)
    return measures
