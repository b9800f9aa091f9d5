"""Writes on a financial year that change what the public sees: the performance lead's acts."""

from pcc_portal.publication import lead_change

from .models import FinancialYear


def financial_year_set_publication(
    *, year: FinancialYear, user, changes: dict, reason: str
) -> list[str]:
    """Publishes a year's finance tables or withdraws them, with the reason kept in the year's
    history and the audit log."""
    published = changes.get("is_published", year.is_published)
    return lead_change(
        record=year,
        user=user,
        changes={"is_published": bool(published)},
        reason=reason,
        event="financial_year_published" if published else "financial_year_withdrawn",
        action="publish or withdraw a year's finance tables",
    )
