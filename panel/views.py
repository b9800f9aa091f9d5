"""Panel pages. Thin: the selectors decide what each reader may see."""

import datetime as dt

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from pcc_portal.caching import shared_page
from pcc_portal.forms import SearchForm
from pcc_portal.lists import PortalListView

from . import selectors
from .feeds import meetings_calendar
from .files import content_type_for, safe_download_name
from .filtersets import DecisionFilterSet, MeetingFilterSet
from .models import Attachment, Body, DecisionDocument, Meeting
from .presenters import present_decisions
from .tables import DecisionTable, MeetingTable


class MeetingListView(PortalListView):
    model = Meeting
    filterset_class = MeetingFilterSet
    table_class = MeetingTable
    template_name = "panel/meeting_list.html"
    export_name = "panel-meetings"
    title = "Police and Crime Panel meetings"
    intro = (
        "Meetings of the Police and Crime Panel for Lancashire and the Commissioner's "
        "Strategic Scrutiny meetings with the Chief Constable, with their agendas, papers "
        "and minutes."
    )

    def get_queryset(self):
        return selectors.meeting_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["upcoming"] = selectors.upcoming_meetings()
        return context


class DecisionListView(PortalListView):
    model = None
    filterset_class = DecisionFilterSet
    table_class = DecisionTable
    template_name = "panel/decision_list.html"
    export_name = "pcc-decisions"
    title = "PCC decisions"
    intro = (
        "Decisions of the Police and Crime Commissioner for Lancashire, and of the Director "
        "under delegated authority. The details of a restricted decision are not published."
    )

    def get_queryset(self):
        return selectors.decision_log(user=self.request.user)

    def get_table_data(self):
        # The table and its exports see decisions only through the presenter.
        return present_decisions(self.object_list, self.request.user)


def _meeting_or_404(body: str, date: str) -> Meeting:
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        raise Http404("No meeting on that date.") from None
    if body not in Body.values:
        raise Http404("No such meeting body.")
    return get_object_or_404(Meeting, body=body, date=day)


@require_GET
@shared_page
def meeting_detail(request, body, date):
    meeting = _meeting_or_404(body, date)
    pack = selectors.meeting_pack_contents(meeting=meeting, user=request.user)
    record = selectors.meeting_record(meeting=meeting, user=request.user)
    state = selectors.minutes_state(pack.items)
    return render(
        request,
        "panel/meeting_detail.html",
        {
            "meeting": meeting,
            "pack": pack,
            "record": record,
            "has_minutes": state is not None,
            "minutes_state": state,
        },
    )


@require_GET
@shared_page
def decision_detail(request, year, number):
    decision = selectors.decision_detail(year=year, number=number, user=request.user)
    if decision is None:
        raise Http404("No such decision.")
    return render(request, "panel/decision_detail.html", {"decision": decision})


@require_GET
@shared_page
def members(request):
    return render(request, "panel/members.html", {"members": selectors.panel_members()})


@require_GET
@shared_page
def groups(request):
    return render(
        request,
        "panel/groups.html",
        {"groups": selectors.task_groups(), "complaints": selectors.complaint_returns()},
    )


@require_GET
def search(request):
    query = SearchForm(request.GET).query()
    results = selectors.search_papers(query=query, user=request.user) if query.strip() else None
    total = sum(len(rows) for rows in results.values()) if results else 0
    return render(
        request, "panel/search.html", {"query": query, "results": results, "total": total}
    )


@require_GET
@shared_page
def meetings_ics(request):
    body = meetings_calendar(user=request.user, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="panel-meetings.ics"'
    return response


def _serve_paper(record) -> FileResponse:
    """A stored paper as a download: a fixed content type, never rendered by the browser."""
    name = safe_download_name(record.original_name or record.file.name)
    try:
        handle = record.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type=content_type_for(name)
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def attachment_download(request, pk):
    return _serve_paper(get_object_or_404(Attachment.objects.visible_to(request.user), pk=pk))


@require_GET
def decision_document_download(request, pk):
    return _serve_paper(get_object_or_404(DecisionDocument.objects.visible_to(request.user), pk=pk))
