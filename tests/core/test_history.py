"""The audit trail records changes, not saves: re-saving an unchanged object writes no
history row, while every real change (and the creation) still does."""

from decimal import Decimal

import pytest

from tests.factories import MeasureFactory, ObservationFactory

pytestmark = pytest.mark.django_db


def test_saving_an_unchanged_measure_writes_no_history_row():
    measure = MeasureFactory(name="Calls answered")
    assert measure.history.count() == 1  # its creation

    measure.save()
    measure.save()
    assert measure.history.count() == 1

    measure.name = "999 calls answered"
    measure.save()
    assert [record.name for record in measure.history.all()] == [
        "999 calls answered",
        "Calls answered",
    ]


def test_a_changed_figure_is_recorded_even_though_only_its_timestamp_would_differ_otherwise():
    observation = ObservationFactory(value=Decimal("100"))
    observation.save()  # updated_at moves on; nothing a reader cares about changed
    assert observation.history.count() == 1

    observation.value = Decimal("101")
    observation.save()
    assert [r.value for r in observation.history.all()] == [Decimal("101"), Decimal("100")]


def test_deleting_is_always_recorded():
    measure = MeasureFactory()
    pk = measure.pk
    measure.delete()
    assert list(measure.__class__.history.filter(id=pk).values_list("history_type", flat=True)) == [
        "-",
        "+",
    ]
