"""Writes on grants that change what the public sees: the performance lead's acts."""

from pcc_portal.publication import lead_change

from .models import Grant


def grant_set_publication(*, grant: Grant, user, changes: dict, reason: str) -> list[str]:
    """Publishes a grant or withdraws it from the public pages and the 360Giving file, with
    the reason kept in its history and the audit log."""
    published = changes.get("is_published", grant.is_published)
    return lead_change(
        record=grant,
        user=user,
        changes={"is_published": bool(published)},
        reason=reason,
        event="grant_published" if published else "grant_withdrawn",
        action="publish or withdraw a grant",
    )
