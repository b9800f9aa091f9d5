"""Reads for the performance pages, exports and reports.

Everything that shows a comparison gets it from here, so the page, the CSV and the PDF can
never disagree about a figure.
"""

from collections.abc import Iterable

from django.db.models import Prefetch

from .comparisons import Comparison, compare_measure
from .models import Measure, Observation, Plan, Priority


def previous_observations(
    *, observations: Iterable[Observation], user=None, show_drafts: bool = False
) -> dict[int, Observation]:
    """For each observation, the same measure and area one year earlier, in one query."""
    observations = list(observations)
    if not observations:
        return {}
    wanted = {}
    for obs in observations:
        previous = obs.period.previous_equivalent()
        wanted[(obs.measure_id, obs.area_id, previous.start, previous.end)] = obs.pk
    candidates = Observation.objects.visible_to(user, show_drafts=show_drafts).filter(
        measure_id__in={key[0] for key in wanted},
        area_id__in={key[1] for key in wanted},
        period_end__in={key[3] for key in wanted},
    )
    found = {}
    for candidate in candidates:
        key = (
            candidate.measure_id,
            candidate.area_id,
            candidate.period_start,
            candidate.period_end,
        )
        if key in wanted:
            found[wanted[key]] = candidate
    return found


def comparisons_for(
    *, observations: Iterable[Observation], user=None, show_drafts: bool = False
) -> dict[int, Comparison]:
    """The year-on-year comparison of each observation, keyed by observation id.

    The observations need their measure loaded (select_related) to avoid a query each.
    """
    observations = list(observations)
    previous = previous_observations(observations=observations, user=user, show_drafts=show_drafts)
    return {
        obs.pk: compare_measure(
            obs.measure, obs.value, previous[obs.pk].value if obs.pk in previous else None
        )
        for obs in observations
    }


def observation_comparison(
    *, observation: Observation, user=None, show_drafts: bool = False
) -> Comparison:
    return comparisons_for(observations=[observation], user=user, show_drafts=show_drafts)[
        observation.pk
    ]


def current_plan() -> Plan | None:
    """The plan in force: the one that started most recently."""
    return Plan.objects.order_by("-start").first()


def plans_with_priorities():
    return Plan.objects.prefetch_related(
        Prefetch("priorities", queryset=Priority.objects.order_by("position"))
    )


def measures_for_priority(*, priority: Priority):
    return Measure.objects.filter(priorities=priority).order_by("name")
