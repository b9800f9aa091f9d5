"""Loads the panel demo data (fixtures/panel.yaml), taken from the published panel papers.

Keyed on natural keys (member name, body and date, item position, decision reference…) with
update_or_create, so loading twice changes nothing. Needs the performance demo loaded first:
decisions point at the 2016–2021 plan's priorities.
"""

import datetime as dt
from pathlib import Path

from django.db import transaction

from pcc_portal.demo import fixture, text
from performance.models import Priority

from .models import (
    AgendaItem,
    Attendance,
    AttendanceKind,
    ComplaintReturn,
    Decision,
    DecisionScope,
    Meeting,
    Member,
    MemberKind,
    Minutes,
    Paper,
    PaperSection,
    Report,
    TaskGroup,
)


@transaction.atomic
def load(fixtures_dir: Path) -> dict[str, int]:
    data = fixture(fixtures_dir, "panel.yaml")
    members = {row["name"]: _member(row) for row in data["members"]}
    meetings = {}
    items = 0
    for row in data["meetings"]:
        meeting = _meeting(row)
        meetings[f"{meeting.body}/{meeting.date.isoformat()}"] = meeting
        items += _agenda(meeting, row.get("items") or [])
        _attendance(meeting, row.get("attendance") or {}, members)
    for row in data["decisions"]:
        _decision(row)
    for row in data.get("task_groups") or []:
        _task_group(row, members)
    for row in data.get("complaints") or []:
        _complaints(row, meetings)
    papers = fixture(fixtures_dir, "papers.yaml")["papers"]
    for row in papers:
        _paper(row, meetings)
    return {
        "members": len(members),
        "meetings": len(meetings),
        "agenda items": items,
        "decisions": len(data["decisions"]),
        "task and finish groups": len(data.get("task_groups") or []),
        "composed papers": len(papers),
    }


def _unchanged_or_saved(obj, values: dict) -> None:
    """Set `values` and save only if something differs: loading twice writes no history.

    Fields and constraints are validated as a form would; figure references are not, because
    they name performance measures and the panel demo may be loaded on its own (a reference
    that names nothing prints as a gap, and the admin names it when the paper is edited)."""
    changed = obj.pk is None
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    if changed:
        obj.clean_fields()
        obj.validate_constraints()
        obj.save()


def _paper(row, meetings) -> None:
    meeting = meetings[row["meeting"]]
    item = AgendaItem.objects.get(meeting=meeting, position=row["item"])
    # The item's paper is the composed one: an older typed report of it goes.
    Report.objects.filter(item=item).delete()
    paper = Paper.objects.filter(item=item).first() or Paper(item=item)
    _unchanged_or_saved(
        paper,
        {
            "kind": row["kind"],
            "title": row["title"],
            "period_start": _date(row.get("period_start")),
            "period_end": _date(row.get("period_end")),
            "contact_name": row.get("contact_name", ""),
            "contact_phone": str(row.get("contact_phone", "")),
            "contact_email": row.get("contact_email", ""),
            "executive_summary": text(row, "executive_summary"),
            "recommendation": text(row, "recommendation"),
            "signatory_name": row.get("signatory_name", ""),
            "signatory_role": row.get("signatory_role", ""),
            "status": row.get("status", "draft"),
        },
    )
    for position, spec in enumerate(row["sections"], start=1):
        section = PaperSection.objects.filter(paper=paper, position=position).first()
        _unchanged_or_saved(
            section or PaperSection(paper=paper, position=position),
            {
                "kind": "figures" if spec.get("figure") else "narrative",
                "heading": spec.get("heading", ""),
                "heading_level": spec.get("level", 2),
                "text": text(spec, "text"),
                "figure": spec.get("figure", ""),
                "subject": spec.get("subject", ""),
            },
        )
    PaperSection.objects.filter(paper=paper, position__gt=len(row["sections"])).delete()


def _member(row) -> Member:
    member, _ = Member.objects.update_or_create(
        name=row["name"],
        defaults={
            "kind": row.get("kind", MemberKind.COUNCILLOR),
            "authority": row.get("authority", ""),
            "role": row.get("role", "member"),
        },
    )
    return member


def _meeting(row) -> Meeting:
    meeting, _ = Meeting.objects.update_or_create(
        body=row["body"],
        date=_date(row["date"]),
        defaults={
            "time": dt.time.fromisoformat(row["time"]) if row.get("time") else None,
            "venue": row.get("venue", ""),
            "webcast_url": row.get("webcast_url", ""),
            "status": row["status"],
            "rescheduled_to": _date(row.get("rescheduled_to")),
            "agenda_published_on": _date(row.get("agenda_published_on")),
            "note": row.get("note", ""),
            "summary": text(row, "summary"),
        },
    )
    meeting.full_clean()
    return meeting


def _agenda(meeting, rows) -> int:
    for position, row in enumerate(rows, start=1):
        item, _ = AgendaItem.objects.update_or_create(
            meeting=meeting,
            position=position,
            defaults={
                "number": str(row.get("number", position)),
                "title": row["title"],
                "presenter": row.get("presenter") or "",
                "description": text(row, "description"),
            },
        )
        if row.get("report"):
            report = row["report"]
            Report.objects.update_or_create(
                item=item,
                defaults={
                    "title": report["title"],
                    "contact": report.get("contact", ""),
                    "executive_summary": text(report, "executive_summary"),
                    "recommendation": text(report, "recommendation"),
                    "body": text(report, "body"),
                },
            )
        if row.get("minutes"):
            minutes = row["minutes"]
            Minutes.objects.update_or_create(
                item=item,
                defaults={
                    "text": text(minutes, "text"),
                    "resolution": minutes.get("resolution", ""),
                    "status": minutes.get("status", "draft"),
                },
            )
    # A shorter agenda in the fixture removes the items it no longer lists.
    AgendaItem.objects.filter(meeting=meeting, position__gt=len(rows)).delete()
    return len(rows)


def _attendance(meeting, attendance, members) -> None:
    kinds = {
        "present": AttendanceKind.PRESENT,
        "apologies": AttendanceKind.APOLOGIES,
        "in_attendance": AttendanceKind.IN_ATTENDANCE,
    }
    for key, kind in kinds.items():
        for position, entry in enumerate(attendance.get(key) or [], start=1):
            if isinstance(entry, str):
                Attendance.objects.update_or_create(
                    meeting=meeting,
                    member=members[entry],
                    defaults={"kind": kind, "position": position, "name": "", "capacity": ""},
                )
            else:
                name, capacity = entry
                Attendance.objects.update_or_create(
                    meeting=meeting,
                    member=None,
                    name=name,
                    defaults={"kind": kind, "position": position, "capacity": capacity},
                )


def _decision(row) -> None:
    priority = None
    scope = row.get("scope", DecisionScope.PRIORITY)
    if row.get("priority"):
        plan_code, _, code = row["priority"].partition("/")
        priority = Priority.objects.filter(plan__code=plan_code, code=code).first()
        if priority is None:
            raise LookupError(
                f"Decision {row['reference']} needs the priority {row['priority']}: "
                "load the performance demo data first."
            )
    Decision.objects.update_or_create(
        reference=row["reference"],
        defaults={
            "title": row["title"],
            "scope": scope,
            "priority": priority,
            "decided_on": _date(row["decided_on"]),
            "decision_maker": row.get("decision_maker", "pcc"),
            "restricted": row.get("restricted", False),
            "withhold_title": row.get("withhold_title", False),
        },
    )


def _task_group(row, members) -> None:
    group, _ = TaskGroup.objects.update_or_create(
        year=row["year"],
        title=row["title"],
        defaults={
            "remit": row.get("remit", ""),
            "places": row.get("places"),
            "status": row.get("status", "forming"),
            "report_due": _date(row.get("report_due")),
            "outcome": row.get("outcome", ""),
            "notes": row.get("notes", ""),
        },
    )
    group.members.set([members[name] for name in row.get("members") or []])


def _complaints(row, meetings) -> None:
    counts = {name: row.get(name, 0) for name in ComplaintReturn.STATUS_FIELDS}
    ComplaintReturn.objects.update_or_create(
        period_start=_date(row["period_start"]),
        period_end=_date(row["period_end"]),
        defaults={
            **counts,
            "reported_at": meetings.get(row.get("reported_at")),
            "note": row.get("note", ""),
        },
    )


def _date(value):
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
