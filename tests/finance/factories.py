"""factory_boy factories for the finance app's tests."""

from decimal import Decimal

import factory

from finance import models as finance


class FinancialYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = finance.FinancialYear
        django_get_or_create = ["start_year"]

    start_year = 2020
    brought_forward_requirement = Decimal("100.000")
    is_published = True


class YearLineFactory(factory.django.DjangoModelFactory):
    """A line of a year's finance tables, in the 2020/21 year unless a test gives another."""

    class Meta:
        abstract = True

    year = factory.SubFactory(FinancialYearFactory)


class BudgetLineFactory(YearLineFactory):
    class Meta:
        model = finance.BudgetLine

    kind = "pressure"
    label = factory.Sequence(lambda n: f"Pressure {n}")
    amount = Decimal("1.000")


class FundingLineFactory(YearLineFactory):
    class Meta:
        model = finance.FundingLine

    source = "core_grant"
    amount = Decimal("100.000")


class SpecificGrantFactory(YearLineFactory):
    class Meta:
        model = finance.SpecificGrant

    name = factory.Sequence(lambda n: f"Specific grant {n}")
    timing = "in_year"
    amount = Decimal("1000")


class PreceptFactory(YearLineFactory):
    class Meta:
        model = finance.Precept

    band_d = Decimal("200.00")


class FrontlineSpendFactory(YearLineFactory):
    class Meta:
        model = finance.FrontlineSpend

    category = "visible"
    amount = Decimal("10.0")


class MonitoringLineFactory(YearLineFactory):
    class Meta:
        model = finance.MonitoringLine

    quarter = 1
    heading = factory.Sequence(lambda n: f"Heading {n}")
    budget = Decimal("10.000")
    forecast_outturn = Decimal("10.500")
