"""Writes on a financial year that change what the public sees: the performance lead's acts."""

from pcc_portal.publication import set_published


def financial_year_set_publication(*, year, user, changes: dict, reason: str) -> list[str]:
    """Publishes a year's finance tables or withdraws them."""
    return set_published(
        record=year, user=user, changes=changes, reason=reason, noun="a year's finance tables"
    )
