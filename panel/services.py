"""Writes for the panel: each checks the whole record and saves all or nothing."""

from django.core.exceptions import ValidationError
from django.db import transaction

from pcc_portal.publication import lead_change, require_lead

from .models import Meeting, Minutes, MinutesStatus


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
