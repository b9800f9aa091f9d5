"""The panel's question log: a panel member raises a question, OPCC staff record the
Commissioner's answer and publish it; only then does it appear on the measure's page, the
decision's page and the meeting's document pack."""

import pytest
from django.urls import reverse

from panel.models import Question, QuestionStatus
from panel.reports.pack import pack_from_contents
from panel.selectors import meeting_pack_contents, meeting_questions
from tests.factories import MeasureFactory

from .factories import DecisionFactory, MeetingFactory, days_from_today

pytestmark = pytest.mark.django_db

QUESTION = "Why did reported rape fall while referrals to support services rose?"
ANSWER = "The Commissioner has asked the Constabulary for a breakdown by district."


@pytest.fixture
def measure():
    return MeasureFactory(code="rape", name="Rape")


@pytest.fixture
def next_meeting():
    return MeetingFactory(date=days_from_today(20), status="scheduled", agenda_published_on=None)


def raise_question(client, query, text=QUESTION):
    return client.post(f"{reverse('panel:question-new')}?{query}", {"text": text})


def test_a_question_goes_from_raised_to_answered_to_published_and_only_then_shows(
    panel_client, officer_client, anon_client, measure, next_meeting
):
    page = reverse("performance:measure", args=["rape"])
    response = raise_question(panel_client, "measure=rape")
    assert response.status_code == 302 and response["Location"] == reverse("panel:my-panel")
    question = Question.objects.get()
    assert question.status == QuestionStatus.RAISED and question.meeting == next_meeting
    assert QUESTION not in anon_client.get(page).content.decode()
    # Staff see it in their list of open questions.
    staff_list = officer_client.get(reverse("panel:questions")).content.decode()
    assert "Why did reported rape fall" in staff_list and "To answer" in staff_list

    detail = reverse("panel:question", args=[question.pk])
    assert officer_client.post(detail, {"answer": ANSWER, "save": ""}).status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED and question.answer == ANSWER
    for client in (anon_client, panel_client):
        html = client.get(page).content.decode()
        assert QUESTION not in html and ANSWER not in html

    assert officer_client.post(detail, {"answer": ANSWER, "publish": ""}).status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.PUBLISHED
    for client in (anon_client, panel_client):
        html = client.get(page).content.decode()
        assert QUESTION in html and ANSWER in html
    assert (
        "Why did reported rape fall"
        not in officer_client.get(reverse("panel:questions")).content.decode()
    )


def test_a_published_question_is_in_its_meetings_document_pack(
    panel_member, officer, measure, next_meeting
):
    from panel.services import question_answer, question_publish, question_raise

    question = question_raise(user=panel_member, text=QUESTION, measure=measure)
    question_answer(question=question, user=officer, answer=ANSWER)
    assert meeting_questions(meeting=next_meeting) == []  # answered is not published
    question_publish(question=question, user=officer)
    questions = meeting_questions(meeting=next_meeting)
    contents = meeting_pack_contents(meeting=next_meeting, user=None)
    pack = pack_from_contents(contents, questions=questions)
    last = pack.items[-1]
    assert last.title == "Questions from panel members and the Commissioner's answers"
    assert QUESTION in last.body_html and ANSWER in last.body_html
    assert "the measure “Rape”" in last.body_html


def test_a_question_about_a_decision_shows_on_the_decision_page_once_published(
    panel_member, officer, anon_client
):
    from panel.services import question_answer, question_publish, question_raise

    decision = DecisionFactory(reference="23/2021", restricted=False)
    question = question_raise(user=panel_member, text=QUESTION, decision=decision)
    question_answer(question=question, user=officer, answer=ANSWER)
    page = decision.get_absolute_url()
    assert ANSWER not in anon_client.get(page).content.decode()
    question_publish(question=question, user=officer)
    assert ANSWER in anon_client.get(page).content.decode()


def test_only_panel_members_raise_questions_and_only_staff_answer(
    panel_client, officer_client, anon_client, measure
):
    assert raise_question(officer_client, "measure=rape").status_code == 403
    assert raise_question(anon_client, "measure=rape").status_code == 302  # to sign in
    assert not Question.objects.exists()
    raise_question(panel_client, "measure=rape")
    question = Question.objects.get()
    detail = reverse("panel:question", args=[question.pk])
    assert panel_client.post(detail, {"answer": ANSWER}).status_code == 403
    assert panel_client.get(reverse("panel:questions")).status_code == 403
    assert anon_client.get(reverse("panel:my-panel")).status_code == 302


def test_bad_questions_are_refused_with_a_message_and_nothing_saved(panel_client, measure):
    response = raise_question(panel_client, "measure=rape", text="   ")
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert raise_question(panel_client, "measure=no-such-measure").status_code == 404
    assert raise_question(panel_client, "").status_code == 404
    assert raise_question(panel_client, "report=abc").status_code == 404
    assert not Question.objects.exists()


def test_publishing_needs_an_answer_first(panel_client, officer_client, measure):
    raise_question(panel_client, "measure=rape")
    question = Question.objects.get()
    response = officer_client.post(
        reverse("panel:question", args=[question.pk]), {"answer": "", "publish": ""}
    )
    assert response.status_code == 200
    assert "Record the Commissioner" in response.content.decode()
    question.refresh_from_db()
    assert question.status == QuestionStatus.RAISED


def test_my_panel_shows_the_next_meeting_new_decisions_and_my_questions(
    panel_client, measure, next_meeting
):
    MeetingFactory(date=days_from_today(-30))
    DecisionFactory(
        reference="30/2021", title="Serious violence funding", decided_on=days_from_today(-3)
    )
    raise_question(panel_client, "measure=rape")
    html = panel_client.get(reverse("panel:my-panel")).content.decode()
    assert f"{next_meeting.date:%-d %B %Y}" in html
    assert "Serious violence funding" in html
    assert "Waiting for an answer" in html and QUESTION in html


def test_a_panel_member_opening_the_admin_is_told_it_is_for_opcc_staff(panel_client):
    response = panel_client.get("/admin/", follow=True)
    html = response.content.decode()
    assert response.status_code == 403
    assert "Data entry is for OPCC staff" in html
    assert 'name="password"' not in html
