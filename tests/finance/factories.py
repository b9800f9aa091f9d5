"""factory_boy factories for the finance app's tests."""

from decimal import Decimal

import factory

from finance.models import (
    BudgetLine,
    FinancialYear,
    FrontlineSpend,
    FundingLine,
    MonitoringLine,
    Precept,
    SpecificGrant,
)


class FinancialYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancialYear
        django_get_or_create = ["start_year"]

    start_year = 2020
    brought_forward_requirement = Decimal("100.000")
    is_published = True


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    year = factory.SubFactory(FinancialYearFactory)
    kind = "pressure"
    label = factory.Sequence(lambda n: f"Pressure {n}")
    amount = Decimal("1.000")


class FundingLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingLine

    year = factory.SubFactory(FinancialYearFactory)
    source = "core_grant"
    amount = Decimal("100.000")


class SpecificGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpecificGrant

    year = factory.SubFactory(FinancialYearFactory)
    name = factory.Sequence(lambda n: f"Specific grant {n}")
    timing = "in_year"
    amount = Decimal("1000")


class PreceptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Precept

    year = factory.SubFactory(FinancialYearFactory)
    band_d = Decimal("200.00")


class FrontlineSpendFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FrontlineSpend

    year = factory.SubFactory(FinancialYearFactory)
    category = "visible"
    amount = Decimal("10.0")


class MonitoringLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoringLine

    year = factory.SubFactory(FinancialYearFactory)
    quarter = 1
    heading = factory.Sequence(lambda n: f"Heading {n}")
    budget = Decimal("10.000")
    forecast_outturn = Decimal("10.500")
