"""Reads for the panel pages, the iCalendar feed, search, exports and the document pack.

Every read of papers goes through the models' `visible_to(user)` and every decision through
`DecisionPresenter`, so what a reader may see is decided in one place for all of them.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from core.search import SearchResult, clean_query, excerpt, matching

from .models import (
    AgendaItem,
    Attachment,
    Attendance,
    AttendanceKind,
    Body,
    ComplaintReturn,
    Decision,
    DecisionDocument,
    Meeting,
    MeetingStatus,
    Member,
    MemberRole,
    Minutes,
    MinutesStatus,
    Paper,
    PaperSection,
    Question,
    Report,
    TaskGroup,
)
from .papers.markup import plain
from .presenters import DecisionPresenter, present_decision, present_decisions


@dataclass
class PackItem:
    """An agenda item with what the reader may see of its report, attachments and minute."""

    item: AgendaItem
    report: Report | None = None
    attachments: list[Attachment] = field(default_factory=list)
    minutes: Minutes | None = None
    # The composed paper of the item, published (or any, for staff who asked for drafts).
    paper: Paper | None = None
    # A paper of the item the lead withdrew: its place says when and why.
    withdrawn_paper: Paper | None = None


@dataclass
class MeetingPack:
    """What the Public Document Pack of a meeting holds, for the page and the PDF alike."""

    meeting: Meeting
    papers_visible: bool
    items: list[PackItem]
    previous_meeting: Meeting | None
    previous_minutes: list[PackItem]
    decisions: list[DecisionPresenter]


def meeting_list(*, user=None):
    """Every meeting (dates, venues and statuses are public; papers are not listed here)."""
    return Meeting.objects.order_by("-date", "body")


def upcoming_meetings(*, limit: int = 4) -> list[Meeting]:
    return list(
        Meeting.objects.upcoming()
        .exclude(status__in=[MeetingStatus.CANCELLED, MeetingStatus.RESCHEDULED])
        .order_by("date", "time")[:limit]
    )


def previous_meeting(*, meeting: Meeting) -> Meeting | None:
    """The last meeting of the same body before this one that was not called off."""
    return (
        Meeting.objects.filter(body=meeting.body, date__lt=meeting.date)
        .exclude(status__in=[MeetingStatus.CANCELLED, MeetingStatus.RESCHEDULED])
        .order_by("-date")
        .first()
    )


def agenda_with_papers(*, meeting: Meeting, user, show_drafts: bool = False) -> list[PackItem]:
    """The agenda in order, with each item's report, composed paper, attachments and minute
    the user may see.

    Five queries whatever the number of items.
    """
    items = list(AgendaItem.objects.visible_to(user).filter(meeting=meeting).order_by("position"))
    if not items:
        return []
    reports = {
        report.item_id: report
        for report in Report.objects.visible_to(user)
        .filter(item__meeting=meeting)
        .prefetch_related(
            Prefetch(
                "attachments",
                queryset=Attachment.objects.visible_to(user).order_by("position", "title"),
            )
        )
    }
    minutes = {
        minute.item_id: minute
        for minute in Minutes.objects.visible_to(user)
        .filter(item__meeting=meeting)
        .select_related("approved_at")
    }
    papers, withdrawn = {}, {}
    for paper in (
        Paper.objects.visible_to(user, show_drafts=show_drafts)
        | Paper.objects.withdrawn_visible_to(user)
    ).filter(item__meeting=meeting):
        (withdrawn if paper.is_withdrawn else papers)[paper.item_id] = paper
    pack = []
    for item in items:
        report = reports.get(item.pk)
        pack.append(
            PackItem(
                item=item,
                report=report,
                attachments=list(report.attachments.all()) if report else [],
                minutes=minutes.get(item.pk),
                paper=papers.get(item.pk),
                withdrawn_paper=withdrawn.get(item.pk),
            )
        )
    return pack


def minutes_of(*, meeting: Meeting, user) -> list[PackItem]:
    """A meeting's minutes the user may read, item by item, in agenda order (one query)."""
    minutes = (
        Minutes.objects.visible_to(user)
        .filter(item__meeting=meeting)
        .select_related("item", "approved_at")
        .order_by("item__position")
    )
    return [PackItem(item=minute.item, minutes=minute) for minute in minutes]


def decisions_window(*, meeting: Meeting, previous: Meeting | None):
    """The dates a meeting's decisions report covers: after the previous meeting's papers
    were published, up to and including this meeting's publication date (or the meeting date
    when either is not set). That is why 17/2021 of 8 October 2021 was reported on
    6 December 2021: it came after the 12 October papers had gone out."""
    end = meeting.agenda_published_on or meeting.date
    start = None
    if previous is not None:
        start = previous.agenda_published_on or previous.date
    return start, end


def decisions_since_last_meeting(
    *, meeting: Meeting, user, previous: Meeting | None = ...
) -> list[DecisionPresenter]:
    """The “Police & Crime Commissioner Decisions” table for a meeting, from the decision log."""
    if previous is ...:
        previous = previous_meeting(meeting=meeting)
    start, end = decisions_window(meeting=meeting, previous=previous)
    decisions = Decision.objects.visible_to(user).filter(decided_on__lte=end)
    if start is not None:
        decisions = decisions.filter(decided_on__gt=start)
    decisions = decisions.select_related("priority").order_by("year", "number")
    return present_decisions(decisions, user)


def meeting_pack_contents(*, meeting: Meeting, user, show_drafts: bool = False) -> MeetingPack:
    """Agenda items in order with report and attachments, the previous meeting's minutes and
    the decisions since the last meeting, as `user` may see them. The PDF pack reuses this."""
    papers_visible = meeting.papers_visible_to(user)
    previous = previous_meeting(meeting=meeting)
    previous_minutes = []
    if previous is not None and papers_visible:
        previous_minutes = minutes_of(meeting=previous, user=user)
    return MeetingPack(
        meeting=meeting,
        papers_visible=papers_visible,
        items=(
            agenda_with_papers(meeting=meeting, user=user, show_drafts=show_drafts)
            if papers_visible
            else []
        ),
        previous_meeting=previous,
        previous_minutes=previous_minutes,
        decisions=(
            decisions_since_last_meeting(meeting=meeting, user=user, previous=previous)
            if papers_visible and meeting.body == Body.PANEL
            else []
        ),
    )


@dataclass(frozen=True)
class MinutesState:
    status: str
    label: str
    approved_at: Meeting | None


def minutes_state(items: list[PackItem]) -> MinutesState | None:
    """How far a meeting's minutes have gone: the least advanced of its items decides."""
    minutes = [entry.minutes for entry in items if entry.minutes is not None]
    if not minutes:
        return None
    labels = {
        MinutesStatus.DRAFT: "Draft minutes, not published",
        MinutesStatus.PUBLISHED: "Draft minutes",
        MinutesStatus.APPROVED: "Approved minutes",
    }
    rank = [MinutesStatus.DRAFT, MinutesStatus.PUBLISHED, MinutesStatus.APPROVED]
    least = min(minutes, key=lambda m: rank.index(m.status))
    approved_at = least.approved_at if least.status == MinutesStatus.APPROVED else None
    return MinutesState(least.status, labels[least.status], approved_at)


@dataclass
class MeetingRecord:
    """The rest of a meeting page: who attended and what was declared or asked."""

    present: list[Attendance]
    apologies: list[Attendance]
    in_attendance: list[Attendance]
    declarations: list
    public_questions: list
    minutes_approved_here: list[Meeting]


ROLE_RANK = {MemberRole.CHAIR: 0, MemberRole.VICE_CHAIR: 1}


def _role_rank(attendance: Attendance) -> int:
    return ROLE_RANK.get(attendance.member.role, 2) if attendance.member else 2


def meeting_record(*, meeting: Meeting, user) -> MeetingRecord:
    """Attendance, declarations and questions are part of the papers: embargoed with them."""
    if not meeting.papers_visible_to(user):
        return MeetingRecord([], [], [], [], [], [])
    attendance = list(
        meeting.attendance.select_related("member").order_by("kind", "position", "pk")
    )
    by_kind = {kind: [a for a in attendance if a.kind == kind] for kind in AttendanceKind.values}
    return MeetingRecord(
        # The chair first, then the vice-chair, then the committee members, as minutes list them.
        present=sorted(by_kind[AttendanceKind.PRESENT], key=_role_rank),
        apologies=by_kind[AttendanceKind.APOLOGIES],
        in_attendance=by_kind[AttendanceKind.IN_ATTENDANCE],
        declarations=list(meeting.declarations.select_related("member", "item")),
        public_questions=list(meeting.public_questions.all()),
        minutes_approved_here=list(
            Meeting.objects.filter(
                items__minutes__in=Minutes.objects.visible_to(user).filter(approved_at=meeting)
            ).distinct()
        ),
    )


def decision_log(*, user):
    return Decision.objects.visible_to(user).select_related("priority")


def decision_detail(*, year: int, number: int, user) -> DecisionPresenter | None:
    decision = (
        Decision.objects.visible_to(user)
        .select_related("priority", "priority__plan")
        .prefetch_related(Prefetch("documents", queryset=DecisionDocument.objects.all()))
        .filter(year=year, number=number)
        .first()
    )
    return present_decision(decision, user) if decision else None


def decision_years() -> list[int]:
    return list(Decision.objects.order_by("-year").values_list("year", flat=True).distinct())


def meeting_years() -> list[int]:
    return [day.year for day in Meeting.objects.dates("date", "year", order="DESC")]


def panel_members() -> list[Member]:
    """Chair first, then vice-chair, then members by name."""
    today = timezone.localdate()
    members = Member.objects.filter(Q(term_end__isnull=True) | Q(term_end__gte=today))
    return sorted(members, key=lambda m: (ROLE_RANK.get(m.role, 2), m.name))


def task_groups() -> list[TaskGroup]:
    return list(
        TaskGroup.objects.prefetch_related(
            Prefetch("members", queryset=Member.objects.order_by("name"))
        ).annotate(member_count=Count("members"))
    )


def complaint_returns() -> list[ComplaintReturn]:
    return list(ComplaintReturn.objects.select_related("reported_at"))


# Search -----------------------------------------------------------------------------------


SEARCH_LIMIT = 20


def search_papers(*, query: str, user) -> dict[str, list[SearchResult]]:
    """Reports, minutes and decisions matching `query`, as far as `user` may read them
    (core.search decides how text is matched on each database)."""
    query = clean_query(query)
    if not query:
        return {"reports": [], "minutes": [], "decisions": []}
    return {
        "reports": (_search_composed_papers(query, user) + _search_reports(query, user))[
            :SEARCH_LIMIT
        ],
        "minutes": _search_minutes(query, user),
        "decisions": _search_decisions(query, user),
    }


def _search_reports(query, user) -> list[SearchResult]:
    reports = matching(
        Report.objects.visible_to(user).select_related("item__meeting"),
        query,
        [("title", "A"), ("executive_summary", "B"), ("recommendation", "B"), ("body", "C")],
    )[:SEARCH_LIMIT]
    return [
        SearchResult(
            kind="Report",
            title=report.title,
            url=report.get_absolute_url(),
            context=str(report.item.meeting),
            # Typed texts are Markdown: the snippet quotes their words, not "###" or "|".
            snippet=excerpt(
                query,
                plain(report.executive_summary),
                plain(report.body),
                plain(report.recommendation),
                report.title,
            ),
        )
        for report in reports
    ]


def _search_composed_papers(query, user) -> list[SearchResult]:
    """Published composed papers (as the reader may see them) with a matching section."""
    sections = matching(
        PaperSection.objects.filter(paper__in=Paper.objects.visible_to(user)).select_related(
            "paper__item__meeting"
        ),
        query,
        [("heading", "A"), ("text", "C")],
    )[: SEARCH_LIMIT * 3]
    results, seen = [], set()
    for section in sections:
        paper = section.paper
        if paper.pk in seen:
            continue
        seen.add(paper.pk)
        results.append(
            SearchResult(
                kind="Report",
                title=paper.title,
                url=paper.get_absolute_url(),
                context=str(paper.meeting) if paper.meeting else "",
                snippet=excerpt(query, plain(section.text), section.heading, paper.title),
            )
        )
    return results


def _search_minutes(query, user) -> list[SearchResult]:
    minutes = matching(
        Minutes.objects.visible_to(user).select_related("item__meeting"),
        query,
        [("item__title", "A"), ("resolution", "B"), ("text", "C")],
    )[:SEARCH_LIMIT]
    return [
        SearchResult(
            kind="Minutes",
            title=f"Minutes: {minute.item.title}",
            url=minute.item.get_absolute_url().replace("#item-", "#minute-"),
            context=str(minute.item.meeting),
            # Minutes are Markdown too: the snippet quotes their words, not "- ".
            snippet=excerpt(query, plain(minute.text), minute.resolution),
        )
        for minute in minutes
    ]


def _search_decisions(query, user) -> list[SearchResult]:
    decisions = matching(
        Decision.objects.searchable_by(user).select_related("priority"),
        query,
        [
            ("reference", "A"),
            ("search_title", "A"),
            ("search_summary", "B"),
            ("search_reasons", "C"),
            ("search_notes", "D"),
        ],
    )[:SEARCH_LIMIT]
    results = []
    for shown in present_decisions(decisions, user):
        results.append(
            SearchResult(
                kind="Decision",
                title=f"{shown.reference} {shown.title}",
                url=shown.get_absolute_url(),
                context=f"{shown.decided_on:%-d %B %Y} · {shown.priority}",
                snippet=excerpt(query, shown.summary, shown.reasons, shown.notes)
                or ("Restricted" if shown.restricted else ""),
            )
        )
    return results


# My panel and the question log -------------------------------------------------------------

MY_PANEL_LIMIT = 20


@dataclass
class MyPanel:
    next_meeting: Meeting | None
    next_papers: list
    last_meeting: Meeting | None
    figures: list  # (measure, count of figures published since the last meeting)
    decisions: list
    papers: list
    my_questions: list
    answered_questions: list


def _panel_meetings():
    return Meeting.objects.filter(body=Body.PANEL).exclude(
        status__in=[MeetingStatus.CANCELLED, MeetingStatus.RESCHEDULED]
    )


def my_panel(*, user) -> MyPanel:
    """What a panel member comes back for: the next meeting and its papers, what has been
    published since the last meeting, and the panel's questions. A bounded number of rows."""
    from performance.models import Observation

    today = timezone.localdate()
    next_meeting = _panel_meetings().filter(date__gte=today).order_by("date", "time").first()
    last_meeting = _panel_meetings().filter(date__lt=today).order_by("-date").first()
    since = last_meeting.date if last_meeting else None
    next_papers = (
        list(
            Report.objects.visible_to(user)
            .filter(item__meeting=next_meeting)
            .select_related("item")
            .order_by("item__position")
        )
        if next_meeting
        else []
    )
    figures = Observation.objects.published()
    decisions = Decision.objects.select_related("priority")
    papers = Report.objects.visible_to(user).select_related("item__meeting")
    if since:
        figures = figures.filter(published_at__date__gt=since)
        decisions = decisions.filter(decided_on__gt=since)
        papers = papers.filter(item__meeting__agenda_published_on__gt=since)
    by_measure = (
        figures.values("measure__name", "measure__code")
        .annotate(count=Count("pk"))
        .order_by("measure__name")[:MY_PANEL_LIMIT]
    )
    questions = Question.objects.select_related(
        "measure", "decision", "report", "meeting"
    ).order_by("-raised_on", "-pk")
    return MyPanel(
        next_meeting=next_meeting,
        next_papers=next_papers,
        last_meeting=last_meeting,
        figures=list(by_measure),
        decisions=present_decisions(decisions.order_by("-decided_on")[:MY_PANEL_LIMIT], user),
        papers=list(papers.order_by("-item__meeting__date", "item__position")[:MY_PANEL_LIMIT]),
        my_questions=list(questions.filter(raised_by=user)[:MY_PANEL_LIMIT]),
        answered_questions=list(questions.published()[:MY_PANEL_LIMIT]),
    )


def open_questions() -> list[Question]:
    """The questions staff still have to answer or publish, oldest first."""
    return list(
        Question.objects.open()
        .select_related("measure", "decision", "report", "meeting", "raised_by")
        .order_by("raised_on", "pk")[:200]
    )


def published_questions(*, measure=None, decision=None, report=None) -> list[Question]:
    """Questions and answers shown on a measure's, decision's or paper's page."""
    subject = {"measure": measure} if measure else {"decision": decision} if decision else {}
    if report:
        subject = {"report": report}
    if not subject:
        return []
    return list(Question.objects.published().filter(**subject).select_related("meeting"))


def meeting_questions(*, meeting: Meeting) -> list[Question]:
    """The published questions raised for `meeting`, for its document pack."""
    return list(
        Question.objects.published()
        .filter(meeting=meeting)
        .select_related("measure", "decision", "report")
        .order_by("raised_on", "pk")
    )
