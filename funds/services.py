"""Writes on grants that change what the public sees: the performance lead's acts."""

from pcc_portal.publication import set_published


def grant_set_publication(*, grant, user, changes: dict, reason: str) -> list[str]:
    """Publishes a grant or withdraws it from the public pages and the 360Giving file."""
    return set_published(record=grant, user=user, changes=changes, reason=reason, noun="a grant")
