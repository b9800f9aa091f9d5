"""Loads the performance demo data (fixtures/performance.yaml), taken from the published panel
papers.

Keyed on natural keys with update_or_create, so loading twice changes nothing.
"""

from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

import publications
from pcc_portal.access import PERFORMANCE_LEAD
from pcc_portal.demo import fixture, saved
from pcc_portal.open_data import import_paths

from .delivery.models import Commitment, CommitmentKind
from .models import (
    Area,
    Commentary,
    Measure,
    MeasureSource,
    Observation,
    PeerGroup,
    Plan,
    Priority,
    PriorityMeasure,
    Publication,
    Status,
)

# The account recorded as importing and publishing the official statistics of the demo.
IMPORT_ACCOUNT = "official-statistics"


@transaction.atomic
def load(fixtures_dir: Path) -> dict[str, int]:
    data = fixture(fixtures_dir, "performance.yaml")
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
    counts = {
        "areas": len(areas),
        "priorities": len(priorities),
        "measures": len(data["measures"]),
        "observations": observations,
    }
    counts.update(_open_data(fixtures_dir, priorities, positions))
    return counts


def _open_data(fixtures_dir: Path, priorities: dict, positions: dict) -> dict[str, int]:
    """The published files in fixtures/open-data, imported by the same importers as
    `import_open_data` and published as the official statistics they are."""
    data = fixture(fixtures_dir, "open_data.yaml")
    for row in data["measures"]:
        _link(_measure(row), [priorities[key] for key in row.get("priorities") or []], positions)
    for code, columns in data["columns"].items():
        title, publisher = publications.PUBLICATIONS[code]
        publication, _ = Publication.objects.update_or_create(
            code=code, defaults={"title": title, "publisher": publisher}
        )
        for column, measure_code in columns.items():
            MeasureSource.objects.update_or_create(
                publication=publication,
                column=column,
                defaults={"measure": Measure.objects.get(code=measure_code)},
            )
    paths = [fixtures_dir / "open-data" / name for name in settings.DEMO_OPEN_DATA]
    run = import_paths(paths, user=_import_account(), publish=True) if paths else None
    if run is not None and not run.ok:
        raise ValueError("The demo's published files did not import:\n" + "\n".join(run.problems))
    for row in data["peer_groups"]:
        group, _ = PeerGroup.objects.update_or_create(
            name=row["name"],
            defaults={"description": row.get("description", ""), "is_default": row["default"]},
        )
        group.members.set(Area.objects.filter(ons_code__in=row["members"]))
    return {"published files": len(run.reports) if run else 0}


def _import_account():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user, created = get_user_model().objects.get_or_create(
        username=IMPORT_ACCOUNT,
        defaults={"first_name": "Official statistics", "last_name": "(import)", "is_staff": False},
    )
    if created:
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=PERFORMANCE_LEAD))
    return user


def _commitments(priority, kind, lines):
    """The priority's commitments of one kind, in the plan's order, as the papers print them."""
    for position, text in enumerate(lines, start=1):
        saved(
            Commitment, {"priority": priority, "kind": kind, "position": position}, {"text": text}
        )
    Commitment.objects.filter(priority=priority, kind=kind, position__gt=len(lines)).delete()


def _link(measure, priorities, positions: dict) -> None:
    """Lists the measure under its priorities, after the measures listed before it: the
    fixture follows the order of the published papers' tables, which is the plan's order."""
    PriorityMeasure.objects.filter(measure=measure).exclude(priority__in=priorities).delete()
    for priority in priorities:
        positions[priority.pk] = positions.get(priority.pk, 0) + 1
        PriorityMeasure.objects.update_or_create(
            priority=priority, measure=measure, defaults={"position": positions[priority.pk]}
        )


def _area(position, row):
    area, _ = Area.objects.update_or_create(
        code=row["code"],
        defaults={
            "name": row["name"],
            "kind": row["kind"],
            "position": position,
            "ons_code": row.get("ons_code", ""),
        },
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
