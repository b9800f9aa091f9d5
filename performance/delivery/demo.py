"""Loads the demo progress on the plan's commitments (fixtures/delivery.yaml).

Run by `load_demo` after the panel demo, because the updates cite its papers and decisions.
Keyed on natural keys, so loading twice changes nothing.
"""

import datetime as dt
from pathlib import Path

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pcc_portal.demo import fixture, saved
from performance.models import Status

from .models import Commitment, Evidence, ProgressUpdate

PLAN = "PCP-2021"


@transaction.atomic
def load(fixtures_dir: Path) -> dict[str, int]:
    data = fixture(fixtures_dir, "delivery.yaml")
    quarter = data["quarter"]
    published_at = timezone.make_aware(dt.datetime.combine(data["published_on"], dt.time(9)))
    for row in data["updates"]:
        update = saved(
            ProgressUpdate,
            {
                "commitment": _commitment(row),
                "period_start": quarter["start"],
                "period_end": quarter["end"],
            },
            {
                "progress": row["progress"],
                "narrative": row["narrative"].strip(),
                "status": Status.PUBLISHED,
                "published_at": published_at,
            },
        )
        for position, item in enumerate(row.get("evidence") or [], start=1):
            saved(Evidence, {"update": update, "position": position}, _evidence(item))
        update.evidence.filter(position__gt=len(row.get("evidence") or [])).delete()
    return {"progress updates": len(data["updates"])}


def _commitment(row) -> Commitment:
    commitment = Commitment.objects.get(
        priority__plan__code=PLAN,
        priority__code=row["priority"],
        kind=row["kind"],
        position=row["number"],
    )
    if not commitment.text.startswith(row["quote"]):
        raise ValidationError(
            f"delivery.yaml: {row['priority']} {row['kind']} {row['number']} is now "
            f"“{commitment.text}”, not “{row['quote']}…”."
        )
    return commitment


def _evidence(item) -> dict:
    targets = {"decision": None, "grant": None, "paper": None, "measure": None}
    if "decision" in item:
        Decision = apps.get_model("panel", "Decision")
        targets["decision"] = Decision.objects.get(reference=item["decision"])
    elif "paper" in item:
        AgendaItem = apps.get_model("panel", "AgendaItem")
        targets["paper"] = AgendaItem.objects.get(
            meeting__body="panel",
            meeting__date=item["paper"]["meeting"],
            title=item["paper"]["title"],
        )
    elif "measure" in item:
        targets["measure"] = apps.get_model("performance", "Measure").objects.get(
            code=item["measure"]
        )
    return {**targets, "detail": item.get("detail", "")}
