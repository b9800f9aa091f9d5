"""factory_boy factories for the funds app's tests."""

import datetime as dt
from decimal import Decimal

import factory

from funds.models import Fund, Grant, Organisation


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fund
        django_get_or_create = ["slug", "start_year"]

    name = factory.Sequence(lambda n: f"Fund {n}")
    slug = factory.Sequence(lambda n: f"fund-{n}")
    funder = "pcc"
    start_year = 2020


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    district = "preston"


class GrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grant

    fund = factory.SubFactory(FundFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Project {n}")
    purpose = "Keeping people safe."
    amount_awarded = Decimal("1000.00")
    award_date = dt.date(2020, 8, 31)
    status = "approved"
    is_published = True
