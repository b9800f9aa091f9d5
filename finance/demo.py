"""Loads the finance demo data (fixtures/finance.yaml), typed from the published panel papers.

Keyed on natural keys with update_or_create, so loading twice changes nothing. Every row is
validated with full_clean so the demo obeys the same rules as the admin forms.
"""

from pathlib import Path

from django.db import transaction

from pcc_portal.demo import decimal_or_none, fixture, saved, text

from .models import (
    BudgetLine,
    FinancialYear,
    FrontlineSpend,
    FundingLine,
    Precept,
    PrintedTotal,
    SpecificGrant,
)


@transaction.atomic
def load(fixtures_dir: Path) -> dict[str, int]:
    data = fixture(fixtures_dir, "finance.yaml")
    counts = {"years": 0, "budget lines": 0, "funding lines": 0, "specific grants": 0}
    for row in data["years"]:
        year = saved(
            FinancialYear,
            {"start_year": row["start_year"]},
            {
                "brought_forward_requirement": decimal_or_none(
                    row.get("brought_forward_requirement")
                ),
                "is_published": row.get("is_published", True),
                "source": row.get("source", ""),
                "notes": text(row, "notes"),
            },
        )
        counts["years"] += 1
        counts["budget lines"] += _lines(year, row)
        counts["funding lines"] += len(row.get("funding") or [])
        counts["specific grants"] += _specific_grants(year, row.get("specific_grants") or {})
    return counts


def _lines(year, row) -> int:
    for position, line in enumerate(row.get("budget_lines") or [], start=1):
        saved(
            BudgetLine,
            {"year": year, "kind": line["kind"], "label": line["label"]},
            {"amount": decimal_or_none(line["amount"]), "position": position},
        )
    for position, line in enumerate(row.get("funding") or [], start=1):
        saved(
            FundingLine,
            {"year": year, "source": line["source"]},
            {"amount": decimal_or_none(line["amount"]), "position": position},
        )
    for position, line in enumerate(row.get("frontline") or [], start=1):
        saved(
            FrontlineSpend,
            {"year": year, "category": line["category"]},
            {
                "amount": decimal_or_none(line["amount"]),
                "reported_percentage": decimal_or_none(line.get("reported_percentage")),
                "position": position,
            },
        )
    for line in row.get("printed_totals") or []:
        saved(
            PrintedTotal,
            {"year": year, "figure": line["figure"]},
            {"amount": decimal_or_none(line["amount"]), "source": line.get("source", "")},
        )
    if row.get("precept"):
        saved(
            Precept,
            {"year": year},
            {
                "band_d": decimal_or_none(row["precept"]["band_d"]),
                "note": row["precept"].get("note", ""),
            },
        )
    return len(row.get("budget_lines") or [])


def _specific_grants(year, groups: dict) -> int:
    count = 0
    for timing in ("original", "in_year"):
        for position, grant in enumerate(groups.get(timing) or [], start=1):
            saved(
                SpecificGrant,
                {"year": year, "timing": timing, "name": grant["name"]},
                {"amount": decimal_or_none(grant["amount"]), "position": position},
            )
            count += 1
    return count
