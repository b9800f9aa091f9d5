"""factory_boy factories shared by every app's tests."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core.periods import Period
from performance.models import Area, Measure, Observation, Plan, Priority, Status


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("a-long-test-password")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"plan-{n}")
    title = factory.Sequence(lambda n: f"Police and Crime Plan {n}")
    start = dt.date(2021, 4, 1)
    end = dt.date(2025, 3, 31)


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"priority-{n}")
    title = factory.Sequence(lambda n: f"Priority {n}")
    position = factory.Sequence(lambda n: n)


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ["code"]

    code = "LANC"
    name = "Lancashire"
    kind = "force"
    # The home force (settings.HOME_FORCE) is found by its ONS code.
    ons_code = factory.LazyAttribute(lambda area: "E23000003" if area.code == "LANC" else "")
    position = 0


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure
        django_get_or_create = ["code"]

    class Params:
        # Percentages are kept and shown to one decimal place.
        percentage = factory.Trait(unit="percentage", decimal_places=1)

    code = factory.Sequence(lambda n: f"measure-{n}")
    name = factory.Sequence(lambda n: f"Measure {n}")
    unit = "count"
    direction_of_good = "down"
    source = "Recorded crime dashboard"


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    class Params:
        # A figure covers one period; 2020/21 (12 months to March 2021) unless a test names one.
        period = Period.financial_year(2020)

    measure = factory.SubFactory(MeasureFactory)
    area = factory.SubFactory(AreaFactory)
    period_start = factory.LazyAttribute(lambda o: o.period.start)
    period_end = factory.LazyAttribute(lambda o: o.period.end)
    value = Decimal("100")
    status = Status.PUBLISHED
