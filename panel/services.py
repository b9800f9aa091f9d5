"""Writes for the panel: each checks the whole record and saves all or nothing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from pcc_portal.access import is_opcc_staff, is_panel_member
from pcc_portal.publication import lead_change, require_lead

from .models import Body, Meeting, MeetingStatus, Minutes, MinutesStatus, Question, QuestionStatus


@transaction.atomic
def minutes_publish(*, meeting: Meeting, user) -> int:
    """Publish a meeting's draft minutes for the public ahead of their approval."""
    require_lead(user, "publish minutes")
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
def minutes_approve(*, meeting: Meeting, approved_at: Meeting, user) -> int:
    """Record that `approved_at` agreed `meeting`'s minutes as a correct record."""
    require_lead(user, "record the approval of minutes")
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


def decision_set_restriction(*, decision, user, changes: dict, reason: str) -> list[str]:
    """Restricts a decision (or its title) or lifts the restriction: what the public reads of
    it. The lead's act, with the reason kept in the decision's history and the audit log."""
    return lead_change(
        record=decision,
        user=user,
        changes=changes,
        fields=("restricted", "withhold_title"),
        reason=reason,
        event="decision_restriction_changed",
        action="restrict a decision or lift its restriction",
    )


def meeting_set_agenda_publication(*, meeting, user, changes: dict, reason: str) -> list[str]:
    """Sets the day a meeting's papers become public (or takes them back under embargo)."""
    return lead_change(
        record=meeting,
        user=user,
        changes=changes,
        fields=("agenda_published_on",),
        reason=reason,
        event="meeting_agenda_publication_changed",
        action="set when a meeting's papers are published",
    )


def minutes_set_status(*, minutes, user, changes: dict, reason: str) -> list[str]:
    """Publishes a minute, records its approval or takes it back to draft."""
    return lead_change(
        record=minutes,
        user=user,
        changes=changes,
        fields=("status", "approved_at"),
        reason=reason,
        event="minutes_status_changed",
        action="publish or approve minutes",
    )


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
