from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from performance.models import Observation
from tests.factories import AreaFactory, MeasureFactory, ObservationFactory

pytestmark = pytest.mark.django_db


def _unsaved(unit, value, **kwargs):
    measure = MeasureFactory(unit=unit)
    fields = {
        "measure": measure,
        "area": AreaFactory(),
        "period_start": "2020-04-01",
        "period_end": "2021-03-31",
        "value": Decimal(value),
    }
    fields.update(kwargs)
    return Observation(**fields)


@pytest.mark.parametrize(
    ("unit", "value", "message"),
    [
        ("percentage", "100.5", "A percentage must lie between 0 and 100"),
        ("percentage", "-1", "A percentage must lie between 0 and 100"),
        ("count", "-3", "A count cannot be negative"),
        ("count", "12.5", "A count must be a whole number"),
        ("minutes", "-0.5", "cannot be negative"),
    ],
)
def test_bad_value_is_rejected_with_a_clear_message(unit, value, message):
    obs = _unsaved(unit, value)
    with pytest.raises(ValidationError) as excinfo:
        obs.full_clean()
    assert message in " ".join(excinfo.value.message_dict["value"])


@pytest.mark.parametrize(
    ("unit", "value"), [("percentage", "101"), ("count", "-1"), ("count", "2.5")]
)
def test_database_refuses_bad_value_even_without_validation(unit, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        _unsaved(unit, value).save()


def test_period_must_end_after_it_starts():
    obs = _unsaved("count", "1", period_start="2021-03-31", period_end="2020-04-01")
    with pytest.raises(ValidationError) as excinfo:
        obs.full_clean()
    assert "The period must end after it starts." in excinfo.value.message_dict["period_end"]
    with pytest.raises(IntegrityError), transaction.atomic():
        obs.save()


def test_one_value_per_measure_area_and_period():
    first = ObservationFactory()
    duplicate = Observation(
        measure=first.measure,
        area=first.area,
        period_start=first.period_start,
        period_end=first.period_end,
        value=Decimal(5),
    )
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "There is already a value for this measure, area and period." in str(excinfo.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_good_values_are_accepted():
    for unit, value in [("percentage", "83.8"), ("count", "119515"), ("minutes", "10.2")]:
        obs = _unsaved(unit, value)
        obs.full_clean()
        obs.save()
        assert obs.unit == unit
