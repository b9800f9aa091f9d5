"""Panel pages. Thin: the selectors decide what each reader may see."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from pcc_portal.access import is_opcc_staff, is_panel_member, wants_drafts
from pcc_portal.caching import shared_page
from pcc_portal.lists import PortalListView
from performance.models import Measure

from . import selectors, services
from .feeds import meetings_calendar
from .files import content_type_for, safe_download_name
from .filtersets import DecisionFilterSet, MeetingFilterSet
from .forms import AnswerForm, QuestionForm
from .models import Attachment, Body, Decision, DecisionDocument, Meeting, Question, Report
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
        "Meetings of the Police and Crime Panel and the Commissioner's Strategic Scrutiny "
        "meetings with the Chief Constable, with their agendas, papers and minutes."
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
        "Decisions of the Police and Crime Commissioner, and of the Director under delegated "
        "authority. The details of a restricted decision are not published."
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
    _add_paper_bodies(pack, request.user)
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


def _add_paper_bodies(pack, user) -> None:
    """Each composed paper on the agenda as the PDF prints it (`entry.paper_html`)."""
    from .papers import selectors as papers

    for entry in pack.items:
        if entry.paper is not None:
            document = papers.paper_document(paper=entry.paper, user=user)
            entry.paper_html = mark_safe(papers.paper_body_html(document))  # noqa: S308


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


def paper_detail(request, pk: int):
    """A composed paper on the web: the same body the PDF and the pack print."""
    from .papers import selectors as papers

    show_drafts = wants_drafts(request)
    paper = papers.paper_for(pk=pk, user=request.user, show_drafts=show_drafts)
    if paper is None and (withdrawn := papers.withdrawn_paper_for(pk=pk, user=request.user)):
        return render(request, "papers/paper_withdrawn.html", {"paper": withdrawn})
    if paper is None or papers.has_nothing_to_report(paper):
        raise Http404("There is no such paper, or it has not been published.")
    document = papers.paper_document(paper=paper, user=request.user, show_drafts=show_drafts)
    return render(
        request,
        "papers/paper_detail.html",
        {"document": document, "body": papers.paper_body_html(document)},
    )


# My panel and the question log ------------------------------------------------------------


def _panel_member_or_staff(user) -> bool:
    return is_panel_member(user) or is_opcc_staff(user)


@login_required
@require_GET
def my_panel(request):
    """A panel member's own page: the next meeting, what is new since the last, questions."""
    if not _panel_member_or_staff(request.user):
        raise PermissionDenied("This page is for members of the Police and Crime Panel.")
    return render(
        request,
        "panel/my_panel.html",
        {"my": selectors.my_panel(user=request.user), "staff": is_opcc_staff(request.user)},
    )


def _question_subject(params, user) -> dict:
    """The measure, decision or paper named in the query (measure=code, decision=17/2021,
    report=pk), as keyword arguments for question_raise; 404 when it does not exist or the
    reader may not see it."""
    if code := params.get("measure"):
        return {"measure": get_object_or_404(Measure, code=code[:80])}
    if reference := params.get("decision"):
        decision = get_object_or_404(Decision, reference=reference[:20], restricted=False)
        return {"decision": decision}
    if (pk := params.get("report", "")).isdigit():
        report = get_object_or_404(Report.objects.visible_to(user), pk=int(pk))
        return {"report": report}
    raise Http404("Choose a measure, a decision or a paper to ask about.")


@login_required
def question_new(request):
    """A panel member raises a question about a measure, a decision or a paper."""
    if not is_panel_member(request.user):
        raise PermissionDenied("Only panel members raise questions for the panel.")
    subject = _question_subject(request.GET, request.user)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_raise(user=request.user, text=form.cleaned_data["text"], **subject)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your question has been sent to the OPCC.")
            return redirect("panel:my-panel")
    label = Question(**subject).subject_label
    return render(
        request, "panel/question_form.html", {"form": form, "subject": subject, "label": label}
    )


@login_required
@require_GET
def questions(request):
    """OPCC staff's list of the panel's questions still to answer or publish."""
    if not is_opcc_staff(request.user):
        raise PermissionDenied("The list of open questions is for OPCC staff.")
    return render(request, "panel/questions.html", {"questions": selectors.open_questions()})


@login_required
def question_detail(request, pk):
    """OPCC staff record the Commissioner's answer, then publish question and answer."""
    if not is_opcc_staff(request.user):
        raise PermissionDenied("Answers are recorded by OPCC staff.")
    question = get_object_or_404(
        Question.objects.select_related("measure", "decision", "report", "raised_by"), pk=pk
    )
    form = AnswerForm(request.POST or None, instance=question)
    if request.method == "POST":
        try:
            if "publish" in request.POST:
                services.question_publish(question=question, user=request.user)
                messages.success(request, "The question and its answer are published.")
                return redirect("panel:questions")
            if form.is_valid():
                services.question_answer(
                    question=question, user=request.user, answer=form.cleaned_data["answer"]
                )
                messages.success(request, "The answer is saved. Publish it when it is agreed.")
                return redirect("panel:question", pk=question.pk)
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "panel/question_detail.html", {"question": question, "form": form})
