"""Writes for the panel: each checks the whole record and saves all or nothing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from pcc_portal.access import is_opcc_staff, is_panel_member

from .models import Body, Meeting, MeetingStatus, Minutes, MinutesStatus, Question, QuestionStatus


@transaction.atomic
def minutes_publish(*, meeting: Meeting) -> int:
    """Publish a meeting's draft minutes for the public ahead of their approval."""
    minutes = list(Minutes.objects.select_for_update().filter(item__meeting=meeting))
    changed = 0
    for minute in minutes:
        if minute.status == MinutesStatus.DRAFT:
            minute.status = MinutesStatus.PUBLISHED
            minute.full_clean()
            minute.save(update_fields=["status"])
            changed += 1
    return changed


@transaction.atomic
def minutes_approve(*, meeting: Meeting, approved_at: Meeting) -> int:
    """Record that `approved_at` agreed `meeting`'s minutes as a correct record."""
    if approved_at.date <= meeting.date:
        raise ValidationError(
            f"Minutes are approved at a later meeting; {approved_at} is not after {meeting}."
        )
    minutes = list(Minutes.objects.select_for_update().filter(item__meeting=meeting))
    if not minutes:
        raise ValidationError(f"{meeting} has no minutes to approve.")
    for minute in minutes:
        minute.status = MinutesStatus.APPROVED
        minute.approved_at = approved_at
        minute.full_clean()
        minute.save(update_fields=["status", "approved_at"])
    return len(minutes)


def _next_panel_meeting():
    return (
        Meeting.objects.upcoming()
        .filter(body=Body.PANEL, status=MeetingStatus.SCHEDULED)
        .order_by("date")
        .first()
    )


@transaction.atomic
def question_raise(*, user, text: str, measure=None, decision=None, report=None) -> Question:
    """A panel member's question about one measure, decision or paper, for the next meeting."""
    if not is_panel_member(user):
        raise PermissionDenied("Only panel members raise questions for the panel.")
    question = Question(
        raised_by=user,
        text=text.strip(),
        measure=measure,
        decision=decision,
        report=report,
        meeting=_next_panel_meeting(),
    )
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_answer(*, question: Question, user, answer: str) -> Question:
    """Record the Commissioner's answer (OPCC staff); an answer stays unpublished until
    `question_publish`, and a published answer may be corrected, staying published."""
    if not is_opcc_staff(user):
        raise PermissionDenied("Only OPCC staff record the Commissioner's answers.")
    question = Question.objects.select_for_update().get(pk=question.pk)
    question.answer = answer.strip()
    question.answered_by = user
    question.answered_on = timezone.localdate()
    if question.status == QuestionStatus.RAISED:
        question.status = QuestionStatus.ANSWERED
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_publish(*, question: Question, user) -> Question:
    """Publish an answered question: it then shows on its subject's page and in the pack."""
    if not is_opcc_staff(user):
        raise PermissionDenied("Only OPCC staff publish the panel's questions and answers.")
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.status == QuestionStatus.RAISED:
        raise ValidationError("Record the Commissioner's answer before publishing the question.")
    question.status = QuestionStatus.PUBLISHED
    question.full_clean()
    question.save(update_fields=["status"])
    return question
