"""The stored PDFs: served when nothing changed, rendered afresh after any write to the data —
bulk ones included (the data version, pcc_portal.versions) — and older files pruned."""

import datetime as dt
import time
from decimal import Decimal

import pytest

from panel.reports.documents import DocumentRequest, get_pdf
from pcc_portal.versions import version_tag
from performance.models import Area, Measure, Observation

pytestmark = pytest.mark.django_db


def _report(preview=False):
    return DocumentRequest.make("performance", "2021-03-31", preview=preview)


def test_nothing_changed_serves_the_cached_file(demo, renders):
    first = get_pdf(_report())
    second = get_pdf(_report())
    assert first == second
    assert len(renders) == 1


def test_cached_lookup_is_quick(demo, renders):
    get_pdf(_report())
    started = time.perf_counter()
    get_pdf(_report())
    assert time.perf_counter() - started < 1.0  # the bench measures it: well under 0.2 s
    assert len(renders) == 1


def test_editing_a_figure_renders_afresh(demo, renders):
    get_pdf(_report())
    observation = Observation.objects.get(
        measure__code="all-crime", area__code="LANC", period_end=dt.date(2021, 3, 31)
    )
    observation.value = Decimal("119516")
    observation.save()
    get_pdf(_report())
    assert len(renders) == 2


def test_renaming_a_measure_renders_afresh(demo, renders):
    """A QuerySet.update sends no signal: the data version's triggers still see it."""
    get_pdf(_report())
    Measure.objects.filter(code="all-crime").update(name="All recorded crime")
    get_pdf(_report())
    assert len(renders) == 2


def test_deleting_a_figure_renders_afresh(demo, renders):
    get_pdf(_report())
    Observation.objects.filter(measure__code="rape").delete()
    get_pdf(_report())
    assert len(renders) == 2


def test_moving_a_measure_to_another_priority_renders_afresh(demo, renders):
    get_pdf(_report())
    Measure.objects.get(code="rape").priorities.clear()
    get_pdf(_report())
    assert len(renders) == 2


def test_public_version_and_staff_preview_are_cached_apart(demo, renders, officer):
    get_pdf(_report())
    get_pdf(_report(preview=True), officer)
    get_pdf(_report(preview=True), officer)
    assert renders == [("2021-03-31", False), ("2021-03-31", True)]


def test_a_bulk_create_renders_afresh(demo, renders):
    get_pdf(_report())
    observation = Observation.objects.filter(period_end=dt.date(2021, 3, 31)).first()
    observation.pk = None
    observation.area = Area.objects.create(code="XTEST", name="Test district", kind="district")
    Observation.objects.bulk_create([observation])
    get_pdf(_report())
    assert len(renders) == 2


def test_a_new_version_prunes_every_older_file(demo, renders, settings, officer):
    get_pdf(_report())
    get_pdf(_report(preview=True), officer)
    Observation.objects.filter(measure__code="rape").delete()
    get_pdf(_report())
    folder = settings.STORAGES["reports"]["OPTIONS"]["location"]
    files = sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*.pdf"))
    assert files == [f"{version_tag(public=True)}/performance-2021-03-31-public.pdf"]


def test_only_staff_may_have_a_preview_rendered(demo, renders, panel_member):
    with pytest.raises(PermissionError):
        get_pdf(_report(preview=True), panel_member)
    assert renders == []
