"""factory_boy factories for the panel app's tests."""

import datetime as dt

import factory
from django.utils import timezone

from panel.models import (
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    Member,
    Minutes,
    MinutesStatus,
    Report,
)


def days_from_today(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Member {n}")
    kind = "councillor"
    authority = "preston"


class MeetingFactory(factory.django.DjangoModelFactory):
    """A held panel meeting whose papers are public."""

    class Meta:
        model = Meeting

    body = "panel"
    date = factory.Sequence(lambda n: dt.date(2021, 1, 4) + dt.timedelta(days=7 * n))
    time = dt.time(18, 0)
    venue = "Blackburn Town Hall, Meeting Room A"
    status = "held"
    agenda_published_on = factory.LazyAttribute(lambda m: m.date - dt.timedelta(days=10))


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda i: str(i.position))
    title = factory.Sequence(lambda n: f"Agenda item {n}")


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    item = factory.SubFactory(AgendaItemFactory)
    title = factory.Sequence(lambda n: f"Report {n}")
    contact = "Ian Dickinson, Office of the Police and Crime Commissioner"
    executive_summary = "The purpose of this report is to update the Panel."
    recommendation = "The Panel is asked to consider the report."
    body = "Background and performance headlines."


class MinutesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Minutes

    item = factory.SubFactory(AgendaItemFactory)
    text = "The Commissioner presented the report."
    resolution = "That the report be noted."
    status = MinutesStatus.PUBLISHED


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    kind = "present"
    member = factory.SubFactory(MemberFactory)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision
        django_get_or_create = ["reference"]

    reference = factory.Sequence(lambda n: f"{n + 1}/2021")
    title = factory.Sequence(lambda n: f"Decision {n}")
    scope = "governance"
    decided_on = dt.date(2021, 11, 3)
    summary = "What was decided."
    reasons = "Why it was decided."
