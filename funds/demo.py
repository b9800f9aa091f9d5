"""Loads the funds demo data (fixtures/funds.yaml), typed from the published panel papers.

Funds are keyed on (slug, year), organisations on slug and grants on (fund, organisation,
title), with update-or-create, so loading twice changes nothing. Plan priorities are looked up
by "plan code/priority code" and left empty if the performance demo data is not loaded.
"""

from pathlib import Path

from django.db import transaction

from pcc_portal.demo import decimal_or_none, fixture, saved, text
from performance.models import Priority

from .models import DatePrecision, Fund, Grant, GrantStatus, Organisation


@transaction.atomic
def load(fixtures_dir: Path) -> dict[str, int]:
    data = fixture(fixtures_dir, "funds.yaml")
    organisations = {
        row["slug"]: saved(
            Organisation,
            {"slug": row["slug"]},
            {"name": row["name"], "district": row.get("district") or ""},
        )
        for row in data["organisations"]
    }
    priorities = {f"{p.plan.code}/{p.code}": p for p in Priority.objects.select_related("plan")}
    grants = 0
    for row in data["funds"]:
        fund = saved(
            Fund,
            {"slug": row["slug"], "start_year": row["start_year"]},
            {
                "name": row["name"],
                "funder": row["funder"],
                "pot": decimal_or_none(row.get("pot")),
                "description": text(row, "description"),
                "source": row.get("source", ""),
            },
        )
        for grant in row.get("grants") or []:
            _grant(fund, grant, row.get("default_title", ""), organisations, priorities)
            grants += 1
    return {"organisations": len(organisations), "funds": len(data["funds"]), "grants": grants}


def _grant(fund, row, default_title, organisations, priorities):
    organisation = organisations[row["organisation"]] if row.get("organisation") else None
    title = row.get("title") or default_title
    return saved(
        Grant,
        {"fund": fund, "organisation": organisation, "title": title},
        {
            "purpose": text(row, "purpose"),
            "amount_awarded": decimal_or_none(row.get("amount_awarded")),
            "amount_requested": decimal_or_none(row.get("amount_requested")),
            "award_date": row.get("award_date") or fund.period.end,
            "award_date_precision": row.get("precision", DatePrecision.YEAR),
            "status": row.get("status", GrantStatus.APPROVED),
            "priority": priorities.get(row.get("priority", "")),
            "people_reached": row.get("people_reached"),
            "decision_reference": row.get("decision_reference", ""),
            "is_published": row.get("is_published", True),
            "note": text(row, "note"),
        },
    )
