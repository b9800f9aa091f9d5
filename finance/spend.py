"""Reads of the spend over £500 payments: the public page's totals by month, by category and by
supplier, for whatever the reader has filtered. Each total is one aggregate query, bounded."""

from django.db.models import Count, Sum

from core.periods import financial_year_label, financial_year_of

from .models import SpendPayment

TOP = 15  # the longest totals list a page shows


def spend_years() -> list[tuple[str, str]]:
    """(start year, "2023/24") for each financial year with payments, newest first."""
    months = SpendPayment.objects.dates("month", "month", order="DESC")
    years = sorted({financial_year_of(m) for m in months}, reverse=True)
    return [(str(y), financial_year_label(y)) for y in years]


def monthly_totals(payments) -> list[dict]:
    """Each month's number of payments and total, to the penny, newest first."""
    return list(
        payments.order_by()
        .values("month")
        .annotate(payments=Count("pk"), total=Sum("amount"))
        .order_by("-month")
    )


def totals_by(payments, field: str, limit: int = TOP) -> list[dict]:
    """The largest totals by category or supplier across the filtered years."""
    assert field in ("category", "supplier")
    return list(
        payments.order_by()
        .values(field)
        .annotate(payments=Count("pk"), total=Sum("amount"))
        .order_by("-total", field)[:limit]
    )


def grand_total(payments):
    return payments.order_by().aggregate(total=Sum("amount"), payments=Count("pk"))
