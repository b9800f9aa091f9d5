"""Bad input gets a clear message on the field it concerns, in the admin forms too."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.forms import modelform_factory

from panel.models import Decision, Meeting, Minutes
from panel.services import minutes_approve, minutes_publish
from tests.factories import PriorityFactory

from .factories import AgendaItemFactory, DecisionFactory, MeetingFactory, MinutesFactory

pytestmark = pytest.mark.django_db

MeetingForm = modelform_factory(
    Meeting,
    fields=["body", "date", "time", "venue", "status", "rescheduled_to", "agenda_published_on"],
)


def decision_data(**overrides):
    data = {
        "reference": "25/2021",
        "title": "Estates strategy",
        "scope": "governance",
        "decided_on": "2021-12-01",
        "decision_maker": "pcc",
    }
    data.update(overrides)
    return data


# The fields a valid decision needs, and the optional ones the rules below concern.
DecisionForm = modelform_factory(
    Decision, fields=[*decision_data(), "priority", "restricted", "withhold_title"]
)


def meeting_on_6_december(**fields):
    """The meeting form for a panel meeting scheduled for 6 December 2021."""
    return MeetingForm(
        data={"body": "panel", "date": "2021-12-06", "status": "scheduled", **fields}
    )


@pytest.mark.parametrize("reference", ["17-2021", "2021/17", "17/21", "0/2021", "abc", "17/2021x"])
def test_reference_must_be_number_slash_year(reference):
    form = DecisionForm(data=decision_data(reference=reference))
    assert not form.is_valid()
    assert form.errors["reference"] == ["Enter the reference as number/year, such as 17/2021."]


def test_reference_number_is_unique_within_a_year_with_one_clear_message():
    DecisionFactory(reference="17/2021")
    form = DecisionForm(data=decision_data(reference="17/2021"))
    assert not form.is_valid()
    assert form.errors["reference"] == [
        "Decision 17/2021 already exists: each number is used once a year."
    ]


def test_same_number_in_another_year_is_allowed_and_sets_number_and_year():
    DecisionFactory(reference="17/2021")
    form = DecisionForm(data=decision_data(reference="17/2022"))
    assert form.is_valid(), form.errors
    decision = form.save()
    assert (decision.number, decision.year) == (17, 2022)
    assert decision.get_absolute_url() == "/panel/decisions/2022/17/"


def test_database_refuses_a_second_number_in_the_same_year():
    DecisionFactory(reference="17/2021")
    with pytest.raises(IntegrityError):
        Decision.objects.create(
            reference="17/2021", title="Twin", scope="governance", decided_on=dt.date(2021, 1, 1)
        )


def test_withheld_title_needs_restricted():
    form = DecisionForm(data=decision_data(withhold_title="on"))
    assert not form.is_valid()
    assert form.errors["withhold_title"] == [
        "Only a restricted decision can have its title withheld."
    ]


def test_priority_scope_needs_a_priority_and_other_scopes_none():
    form = DecisionForm(data=decision_data(scope="priority"))
    assert not form.is_valid()
    assert "Choose the plan priority" in form.errors["priority"][0]
    priority = PriorityFactory()
    form = DecisionForm(data=decision_data(scope="governance", priority=priority.pk))
    assert not form.is_valid()
    assert "Leave the priority empty" in form.errors["priority"][0]
    form = DecisionForm(data=decision_data(scope="priority", priority=priority.pk))
    assert form.is_valid(), form.errors


def test_agenda_must_be_published_on_or_before_the_meeting_date():
    form = meeting_on_6_december(agenda_published_on="2021-12-07")
    assert not form.is_valid()
    assert form.errors["agenda_published_on"] == [
        "The agenda must be published on or before the meeting date (6 December 2021); "
        "7 December 2021 is after it."
    ]


def test_agenda_published_on_the_meeting_day_is_accepted():
    form = meeting_on_6_december(agenda_published_on="2021-12-06")
    assert form.is_valid(), form.errors


def test_rescheduled_meeting_needs_its_new_date():
    form = MeetingForm(data={"body": "panel", "date": "2022-01-17", "status": "rescheduled"})
    assert not form.is_valid()
    assert form.errors["rescheduled_to"] == ["Give the new date of the rescheduled meeting."]


def test_cancelled_meeting_cannot_get_minutes():
    meeting = MeetingFactory(status="cancelled", agenda_published_on=None)
    minute = Minutes(item=AgendaItemFactory(meeting=meeting), text="Should not exist")
    with pytest.raises(ValidationError) as error:
        minute.full_clean()
    assert "a cancelled meeting has no minutes" in error.value.messages[0]


def test_meeting_with_minutes_cannot_be_marked_cancelled():
    minute = MinutesFactory()
    meeting = minute.item.meeting
    form = MeetingForm(
        instance=meeting,
        data={
            "body": meeting.body,
            "date": meeting.date.isoformat(),
            "status": "cancelled",
            "agenda_published_on": meeting.agenda_published_on.isoformat(),
        },
    )
    assert not form.is_valid()
    assert form.errors["status"] == [
        "A cancelled meeting has no minutes: delete this meeting's minutes before marking it "
        "cancelled or rescheduled."
    ]


def test_officer_sees_the_reference_message_in_the_admin(officer_client):
    DecisionFactory(reference="17/2021")
    response = officer_client.post(
        "/admin/panel/decision/add/",
        {
            **decision_data(reference="17/2021"),
            "documents-TOTAL_FORMS": "0",
            "documents-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Decision 17/2021 already exists: each number is used once a year." in (
        response.content.decode()
    )
    assert Decision.objects.filter(reference="17/2021").count() == 1


def test_panel_member_cannot_reach_the_admin(panel_client):
    response = panel_client.get("/admin/panel/decision/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_minutes_approval_marks_them_approved_at_the_later_meeting(lead):
    minute = MinutesFactory(status="draft")
    earlier = minute.item.meeting
    later = MeetingFactory(date=earlier.date + dt.timedelta(days=50))
    assert minutes_publish(meeting=earlier, user=lead) == 1
    assert minutes_approve(meeting=earlier, approved_at=later, user=lead) == 1
    minute.refresh_from_db()
    assert (minute.status, minute.approved_at) == ("approved", later)
    assert minute.history.count() == 3


def test_minutes_cannot_be_approved_at_an_earlier_meeting(lead):
    minute = MinutesFactory()
    earlier = MeetingFactory(date=minute.item.meeting.date - dt.timedelta(days=50))
    with pytest.raises(ValidationError, match="is not after"):
        minutes_approve(meeting=minute.item.meeting, approved_at=earlier, user=lead)


def test_an_officer_cannot_publish_minutes(officer):
    minute = MinutesFactory(status="draft")
    with pytest.raises(PermissionDenied):
        minutes_publish(meeting=minute.item.meeting, user=officer)
    minute.refresh_from_db()
    assert minute.status == "draft"


def test_decision_changes_are_audited():
    decision = DecisionFactory(reference="19/2021", title="Section 22 - NPoCC")
    decision.restricted = True
    decision.save()
    assert [h.restricted for h in decision.history.all()] == [True, False]


@pytest.mark.parametrize(
    "url,label",
    [
        ("/admin/panel/meeting/add/", "Agenda published on"),
        ("/admin/panel/agendaitem/add/", "Executive summary"),
        ("/admin/panel/report/add/", "Attachments"),
        ("/admin/panel/decision/add/", "Withhold title"),
        ("/admin/panel/minutes/", "Select minutes to change"),
        ("/admin/panel/minutes/add/", "Printed as written in Markdown"),
        ("/admin/panel/member/add/", "Term start"),
    ],
)
def test_officer_can_open_the_panel_admin_forms(officer_client, url, label):
    response = officer_client.get(url)
    assert response.status_code == 200
    assert label in response.content.decode()
