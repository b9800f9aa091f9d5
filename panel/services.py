"""Writes for the panel: each checks the whole record and saves all or nothing."""

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Meeting, Minutes, MinutesStatus


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
