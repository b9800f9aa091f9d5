"""Loads the performance demo data (fixtures/performance.yaml), taken from the seed papers.

Keyed on natural keys with update_or_create, so loading twice changes nothing.
"""

from decimal import Decimal
from pathlib import Path

import yaml
from django.db import transaction

from pcc_portal.demo import saved

from .delivery.models import Commitment, CommitmentKind
from .models import (
    Area,
    Commentary,
    Measure,
    Observation,
    Plan,
    Priority,
    PriorityMeasure,
    Status,
)


@transaction.atomic
def load(fixtures_dir: Path) -> dict[str, int]:
    data = yaml.safe_load((fixtures_dir / "performance.yaml").read_text(encoding="utf-8"))
    areas = {row["code"]: _area(position, row) for position, row in enumerate(data["areas"])}
    priorities = {}
    for plan_row in data["plans"]:
        plan, _ = Plan.objects.update_or_create(
            code=plan_row["code"],
            defaults={k: plan_row[k] for k in ("title", "start", "end")},
        )
        for row in plan_row["priorities"]:
            priority, _ = Priority.objects.update_or_create(
                plan=plan,
                code=row["code"],
                defaults={
                    "title": row["title"],
                    "position": row.get("position", 1),
                    "summary": row.get("summary") or "",
                },
            )
            _commitments(priority, CommitmentKind.PCC, row.get("commitments") or [])
            _commitments(priority, CommitmentKind.ACCOUNTABILITY, row.get("accountability") or [])
            priorities[f"{plan.code}/{priority.code}"] = priority
    observations = 0
    positions: dict[str, int] = {}
    for row in data["measures"]:
        measure = _measure(row)
        _link(measure, [priorities[key] for key in row.get("priorities") or []], positions)
        for obs in row.get("observations") or []:
            _observation(measure, areas[obs.get("area", "LANC")], obs)
            observations += 1
    for row in data.get("commentary") or []:
        Commentary.objects.update_or_create(
            priority=priorities[row["priority"]],
            measure=None,
            period_start=row["start"],
            period_end=row["end"],
            defaults={"text": row["text"].strip(), "status": Status.PUBLISHED},
        )
    return {
        "areas": len(areas),
        "priorities": len(priorities),
        "measures": len(data["measures"]),
        "observations": observations,
    }


def _commitments(priority, kind, lines):
    """The priority's commitments of one kind, in the plan's order, as the seed prints them."""
    for position, text in enumerate(lines, start=1):
        saved(
            Commitment, {"priority": priority, "kind": kind, "position": position}, {"text": text}
        )
    Commitment.objects.filter(priority=priority, kind=kind, position__gt=len(lines)).delete()


def _link(measure, priorities, positions: dict) -> None:
    """Lists the measure under its priorities, after the measures listed before it: the
    fixture follows the order of the seed papers' tables, which is the plan's order."""
    PriorityMeasure.objects.filter(measure=measure).exclude(priority__in=priorities).delete()
    for priority in priorities:
        positions[priority.pk] = positions.get(priority.pk, 0) + 1
        PriorityMeasure.objects.update_or_create(
            priority=priority, measure=measure, defaults={"position": positions[priority.pk]}
        )


def _area(position, row):
    area, _ = Area.objects.update_or_create(
        code=row["code"],
        defaults={"name": row["name"], "kind": row["kind"], "position": position},
    )
    return area


# The published papers the demo figures were typed from, as a reader would cite them; the
# fixture names them by the files they were read from.
PAPERS = {
    "2018-12-panel-performance-monitoring-report.txt": (
        "Police and Crime Panel, 10 December 2018, Performance Monitoring Report"
    ),
    "2020-12-panel-performance-monitoring-report.txt": (
        "Police and Crime Panel, 7 December 2020, Performance Monitoring Report"
    ),
    "2020-21-pcc-annual-report.txt": "Police and Crime Commissioner, Annual Report 2020/21",
    "2021-06-strategic-scrutiny-quarterly-performance-report.txt": (
        "Strategic Scrutiny Meeting, 23 June 2021, Quarterly Performance Report"
    ),
    "2021-12-panel-public-document-pack.txt": (
        "Police and Crime Panel, 6 December 2021, Public Document Pack"
    ),
}


def reader_citation(source: str) -> str:
    for filename, citation in PAPERS.items():
        source = source.replace(filename, citation)
    return source


def _measure(row):
    target = row.get("target") or {}
    measure, _ = Measure.objects.update_or_create(
        code=row["code"],
        defaults={
            "name": row["name"],
            "unit": row["unit"],
            "decimal_places": row.get("decimal_places", 0),
            "direction_of_good": row.get("direction_of_good", "neither"),
            "frequency": row.get("frequency", "year"),
            "target_operator": target.get("operator", ""),
            "target_value": Decimal(str(target["value"])) if target else None,
            "tolerance": Decimal(str(row["tolerance"])) if row.get("tolerance") else None,
            "source": row.get("source") or "",
            "notes": row.get("notes") or "",
        },
    )
    return measure


def _observation(measure, area, row):
    observation, _ = Observation.objects.update_or_create(
        measure=measure,
        area=area,
        period_start=row["start"],
        period_end=row["end"],
        defaults={
            "value": Decimal(str(row["value"])),
            "status": row.get("status", Status.PUBLISHED),
            "note": row.get("note") or reader_citation(row.get("source_doc") or ""),
        },
    )
    observation.full_clean()
    return observation
