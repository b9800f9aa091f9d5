"""Reads of the revisions of published figures, for the public measure page.

A revision is made only to a published figure and leaves it published, so what it says
("revised on … : was …", and why) is public. Hidden figures stay hidden all the same: the
revisions are filtered through the observations the user may see.
"""

from collections import defaultdict

from .models import Measure, Observation, Revision


def published_revisions(*, measure: Measure, user=None) -> list[Revision]:
    """The revisions of the measure's published figures, newest first, in one query.

    Include `performance/includes/revisions.html` with `revisions=` this list.
    """
    visible = Observation.objects.visible_to(user).filter(measure=measure)
    return list(
        Revision.objects.filter(observation__in=visible)
        .select_related("observation__measure", "observation__area")
        .order_by("-revised_at", "-pk")
    )


def revisions_by_observation(revisions: list[Revision]) -> dict[int, list[Revision]]:
    """The same revisions keyed by observation id, for a "revised" mark beside each figure."""
    found = defaultdict(list)
    for revision in revisions:
        found[revision.observation_id].append(revision)
    return dict(found)


def withdrawn_figures(*, measure: Measure) -> list[Observation]:
    """The measure's withdrawn figures, newest withdrawal first: each was published, so the
    page says where it used to be, when it was withdrawn and why."""
    return list(
        Observation.objects.withdrawn()
        .filter(measure=measure)
        .select_related("area")
        .order_by("-withdrawn_at", "-pk")
    )
