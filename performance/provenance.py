"""Reads of where imported figures come from, for the measure page and the open data.

A figure's provenance is the latest edition that gave it (publisher, publication, edition,
table, cell). A figure the publisher marked as not available has provenance and no value: it is
shown as not available, with the publication's note, once the performance lead has published
that edition (before then it is staff-only, like a draft).
"""

from dataclasses import dataclass

from django.db.models import Q

from core.formatting import format_value
from core.periods import Period
from pcc_portal.access import is_opcc_staff

from .models import Area, AreaKind, FigureSource, Measure, Observation
from .selectors import shown_areas

MAX_ROWS = 200


def _visible_sources(user, show_drafts: bool):
    """Sources of figures the user may see: published ones, or everything for staff asking."""
    if show_drafts and is_opcc_staff(user):
        return FigureSource.objects.all()
    return FigureSource.objects.filter(
        Q(observation__status="published")
        | Q(observation__isnull=True, edition__published_at__isnull=False)
    )


def latest_sources(*, measure: Measure, home: Area | None, user=None, show_drafts=False) -> list:
    """The provenance of the measure's figures for the force (`home`) and the areas beside
    it, newest period first (each figure's latest edition only), at most MAX_ROWS."""
    rows = (
        _visible_sources(user, show_drafts)
        .filter(shown_areas(home), measure=measure, value__isnull=False)
        .select_related("edition__publication", "area")
        .order_by("-period_end", "area__position", "area__name", "-edition__imported_at")
    )
    seen, found = set(), []
    for source in rows[: MAX_ROWS * 3]:
        key = (source.area_id, source.period_start, source.period_end)
        if key not in seen:
            seen.add(key)
            found.append(source)
    return found[:MAX_ROWS]


@dataclass(frozen=True)
class Unavailable:
    area: Area
    period: Period
    note: str
    citation: str


def unavailable_figures(*, measure: Measure, user=None, show_drafts: bool = False) -> list:
    """Figures the publisher could not give for this measure, with its explanation: shown as
    not available, never as a gap or a zero."""
    rows = (
        _visible_sources(user, show_drafts)
        .filter(measure=measure, value__isnull=True)
        .select_related("edition__publication", "area")
        .order_by("-period_end", "area__position", "area__name")[:MAX_ROWS]
    )
    return [Unavailable(s.area, s.period, s.note, s.citation) for s in rows]


@dataclass(frozen=True)
class DistrictFigure:
    area: Area
    value_text: str
    is_published: bool


def district_figures(*, measure: Measure, home: Area | None, user=None, show_drafts=False):
    """(period, figures) of the home force's districts for the latest period they have."""
    if home is None:
        return None, []
    visible = Observation.objects.visible_to(user, show_drafts=show_drafts).filter(
        measure=measure, area__parent=home, area__kind=AreaKind.DISTRICT
    )
    latest = visible.order_by("-period_end", "period_start").first()
    if latest is None:
        return None, []
    rows = visible.filter(
        period_start=latest.period_start, period_end=latest.period_end
    ).select_related("area")
    figures = [
        DistrictFigure(o.area, format_value(measure, o.value), o.is_published)
        for o in sorted(rows, key=lambda o: o.area.name)
    ]
    return latest.period, figures
