"""Composed panel papers: the same words and figures on the web page and in the PDF, paragraph
numbers running across sections, figure references worded by the portal, period-correct
figures, sign-off by the lead only, drafts hidden, and the paper as its item's pack pages."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from panel.models import AgendaItem, Meeting, Paper, PaperSection, PaperStatus
from panel.papers import services
from panel.papers.selectors import paper_body_html, paper_document
from panel.reports.pack import render_meeting_pack
from panel.reports.paper_pdf import render_paper
from tests.reports.conftest import assert_in_order, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db
DRAFT_TEXT = "Sentinel draft narrative 737373 not for the public"
# The headings of the December 2020 Performance Monitoring Report, in the seed's order.
PMR_HEADINGS = [
    "Background",
    "Performance Headlines",
    "Covid-19",
    "Finance Update",
    "Criminal Justice",
    "Reducing Crime and Re-offending",
    "Commissioned Services",
    "Public Engagement",
    "Violence Reduction Network (VRN)",
    "Complaints",
    "Staff Welfare",
    "Recommendation",
]


def _words(text: str) -> str:
    return " ".join(text.split())


def _markers(text: str) -> set[int]:
    """The list numbers printed in a PDF's text (the tagged PDF gives them as separate runs)."""
    return {int(n) for n in re.findall(r"(?<![\d£.,])(\d{1,2})\.(?=\s)", text)}


def _paper(**fields) -> Paper:
    values = {
        "title": "Test paper",
        "period_start": dt.date(2020, 4, 1),
        "period_end": dt.date(2021, 3, 31),
        "status": PaperStatus.PUBLISHED,
    }
    values.update(fields)
    return Paper.objects.create(**values)


def _section(paper, position, text="", **fields) -> PaperSection:
    return PaperSection.objects.create(paper=paper, position=position, text=text, **fields)


def test_the_demo_december_2020_report_has_the_seeds_headings_paragraphs_and_figures(demo):
    paper = Paper.objects.get(item__meeting__date=dt.date(2020, 12, 7))
    pages = pdf_pages(render_paper(pk=paper.pk).pdf)
    text = "\n".join(pages)
    assert pages[0].startswith("POLICE AND CRIME PANEL Meeting to be held on 7 December 2020")
    assert "Police & Crime Plan Performance Monitoring Report" in pages[0]
    assert "Ian Dickinson, 01772 533587" in pages[0]
    assert "Period covered: 1 July – 30 September 2020" in pages[0]
    headings = ["EXECUTIVE SUMMARY", "RECOMMENDATION", *PMR_HEADINGS[:-1]]
    assert_in_order(text, headings)
    # The LVS figures come from the published observations, worded as the seed prints them.
    for figure in ("LVS received 13,005 referrals", "was 11,022", "was 3,940", "received 551"):
        assert figure in _words(text), figure
    assert "{{" not in text
    # Paragraphs 1 to 44 as in the seed, 44 the recommendation; the signature closes it.
    assert _markers(text) >= set(range(1, 45))
    last = next(page for page in pages if "Panel Members are recommended" in page)
    assert "44." in last and "45." not in text
    assert "Angela Harrison Director" in last


def test_web_page_and_pdf_print_the_same_words_and_figures(demo, anon_client):
    paper = Paper.objects.get(item__meeting__date=dt.date(2020, 12, 7))
    response = anon_client.get(reverse("panel:paper", kwargs={"pk": paper.pk}))
    assert response.status_code == 200
    page = response.content.decode()
    pdf = _words(pdf_text(render_paper(pk=paper.pk).pdf))
    for phrase in (
        "Meeting to be held on 7 December 2020",
        "LVS received <strong>13,005</strong> referrals",
        "NEST, delivered by Lancashire Victim Services, received <strong>989</strong>",
        "The Panel is asked to consider the report.",
    ):
        assert phrase in page, phrase
        assert re.sub(r"</?strong>", "", phrase) in pdf, phrase
    starts = re.findall(r'<ol start="(\d+)"', page)
    assert starts[:4] == ["1", "4", "5", "6"]
    assert starts[-1] == "44"


def test_numbered_paragraphs_continue_across_sections():
    paper = _paper(period_start=None, period_end=None)
    _section(paper, 1, "1. First.\n1. Second.", heading="Background")
    _section(paper, 2, "Text between.\n\n1. Third.\n\n   - a bullet\n\n1. Fourth.", heading="Next")
    _section(paper, 3, "1. Fifth.", heading="Recommendation")
    document = paper_document(paper=paper)
    assert [number for number, _ in document.paragraphs] == [1, 2, 3, 4, 5]
    html = paper_body_html(document)
    assert re.findall(r'<ol start="(\d+)"', html) == ["1", "3", "5"]
    text = _words(pdf_text(render_paper(pk=paper.pk).pdf))
    assert _markers(text) == {1, 2, 3, 4, 5}
    assert text.index("Second.") < text.index("Third.") < text.index("Fifth.")


def test_inline_reference_renders_the_computed_wording(demo):
    paper = _paper()
    _section(paper, 1, "1. All crime: {{ all-crime.change }} ({{ all-crime.period }}).")
    html = paper_body_html(paper_document(paper=paper))
    assert "All crime: Decrease (16%, -22,859) (12 months to March 2021)" in html
    assert "Decrease (16%, -22,859)" in pdf_text(render_paper(pk=paper.pk).pdf)


def test_unknown_reference_and_figures_are_named_in_the_admin_not_a_server_error(demo, lead_client):
    paper = _paper(status=PaperStatus.DRAFT)  # a published paper is read-only
    section = PaperSection(paper=paper, position=1, text="{{ no-such-measure.change }}")
    with pytest.raises(ValidationError) as error:
        section.full_clean()
    assert "there is no measure with the code “no-such-measure”" in str(error.value)
    section = PaperSection(paper=paper, position=1, text="{{ all-crime.colour }}")
    with pytest.raises(ValidationError, match="“colour” is not something a figure has"):
        section.full_clean()
    figures = PaperSection(paper=paper, position=2, kind="figures", figure="priority-measures")
    with pytest.raises(ValidationError, match="is not a priority of the Police and Crime Plan"):
        figures.full_clean()
    # Through the admin form: the page answers with the message, nothing is saved.
    url = reverse("admin:panel_paper_change", args=[paper.pk])
    form = {
        "kind": "other",
        "title": paper.title,
        "body_name": "Police and Crime Panel",
        "period_start": "2020-04-01",
        "period_end": "2021-03-31",
        "contact_organisation": "",
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "0",
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000",
        "sections-0-position": "1",
        "sections-0-kind": "narrative",
        "sections-0-heading": "Headlines",
        "sections-0-heading_level": "2",
        "sections-0-text": "1. Crime: {{ all-crimes.change }}",
        "sections-0-figure": "",
        "sections-0-subject": "",
    }
    response = lead_client.post(url, form)
    assert response.status_code == 200
    assert "there is no measure with the code “all-crimes”" in response.content.decode()
    assert not paper.sections.exists()


def test_period_correct_plan_and_one_sentence_when_nothing_is_published(demo):
    paper = _paper(period_start=dt.date(2020, 7, 1), period_end=dt.date(2020, 9, 30))
    _section(
        paper, 1, kind="figures", figure="priority-measures", subject="protecting-local-policing"
    )
    document = paper_document(paper=paper)
    assert document.plan.code == "PCP-2016"
    # Inside the 2021–25 plan, with nothing published in the three years to its end.
    later = _paper(period_start=dt.date(2024, 7, 1), period_end=dt.date(2024, 9, 30))
    _section(
        later, 1, kind="figures", figure="priority-measures", subject="targeting-dangerous-drivers"
    )
    html = paper_body_html(paper_document(paper=later))
    assert paper_document(paper=later).plan.code == "PCP-2021"
    assert html.count("No figures for targeting dangerous drivers have been published") == 1
    assert "<table" not in html


def test_a_paper_for_a_period_with_no_published_figures_answers_404(demo, anon_client):
    paper = _paper(period_start=dt.date(2030, 1, 1), period_end=dt.date(2030, 3, 31))
    _section(paper, 1, kind="figures", figure="measure-chart", subject="all-crime")
    assert anon_client.get(reverse("panel:paper", kwargs={"pk": paper.pk})).status_code == 404
    pdf_url = reverse("panel:report_pdf", kwargs={"kind": "paper", "key": paper.pk})
    assert anon_client.get(pdf_url).status_code == 404
    report_url = reverse("panel:report_pdf", kwargs={"kind": "performance", "key": "2030-03-31"})
    assert anon_client.get(report_url).status_code == 404


def test_draft_narrative_never_reaches_the_public_or_panel_members(
    demo, anon_client, panel_client, officer_client, officer
):
    meeting = Meeting.objects.get(body="panel", date=dt.date(2021, 12, 6))
    item = AgendaItem.objects.get(meeting=meeting, position=8)
    paper = _paper(item=item, status=PaperStatus.DRAFT, entered_by=officer)
    _section(paper, 1, f"1. {DRAFT_TEXT}")
    url = reverse("panel:paper", kwargs={"pk": paper.pk})
    for client in (anon_client, panel_client, officer_client):
        assert client.get(url).status_code == 404
    assert DRAFT_TEXT in officer_client.get(url + "?drafts=1").content.decode()
    for client in (anon_client, panel_client):
        assert DRAFT_TEXT not in client.get(meeting.get_absolute_url()).content.decode()
    public_pack = pdf_text(render_meeting_pack(meeting_date=meeting.date, user=AnonymousUser()).pdf)
    assert DRAFT_TEXT not in public_pack
    preview = pdf_text(
        render_meeting_pack(meeting_date=meeting.date, user=officer, preview=True).pdf
    )
    assert DRAFT_TEXT in _words(preview)


def test_sign_off_is_the_leads_and_never_of_their_own_paper(officer, lead):
    paper = services.paper_save(paper=Paper(title="Update"), user=officer)
    with pytest.raises(PermissionDenied):
        services.paper_verify(paper=paper, user=officer)
    with pytest.raises(services.SignOffError, match="only verified records can be published"):
        services.paper_publish(paper=paper, user=lead)
    services.paper_verify(paper=paper, user=lead)
    services.paper_publish(paper=paper, user=lead)
    assert paper.status == PaperStatus.PUBLISHED
    assert (paper.entered_by, paper.published_by) == (officer, lead)
    history = list(paper.history.order_by("history_date"))
    assert [(h.history_change_reason, h.history_user) for h in history] == [
        ("Written", officer),
        ("Verified", lead),
        ("Published", lead),
    ]
    own = services.paper_save(paper=Paper(title="The lead's own"), user=lead)
    with pytest.raises(services.SignOffError, match="someone else must verify"):
        services.paper_verify(paper=own, user=lead)


def test_the_pcc_update_report_is_at_the_page_range_its_agenda_prints(demo):
    rendered = render_meeting_pack(meeting_date=dt.date(2021, 12, 6), user=AnonymousUser())
    pages = pdf_pages(rendered.pdf)
    first, last = rendered.item_pages["6"]
    agenda = _words(pages[0] + " " + pages[1])
    assert re.search(
        rf"6\. PCC Update Report Police & Crime Commissioner's update {first} - {last}", agenda
    )
    paper_pages = [
        number
        for number, text in enumerate(pages, start=1)
        if "Police & Crime Commissioner's update" in text and number > 2
    ]
    assert paper_pages[0] == first
    assert "Agenda Item 6" in pages[first - 1]
    assert "Panel Members are recommended" in " ".join(pages[first - 1 : last])
    assert 12 in _markers(" ".join(pages[first - 1 : last]))
    assert sum(page.count("Agenda Item 6") for page in pages) == 1


def test_a_template_starts_a_new_paper_with_the_seeds_sections(demo):
    paper = _paper(period_start=dt.date(2020, 7, 1), period_end=dt.date(2020, 9, 30))
    services.sections_from_template(paper=paper, template="performance")
    headings = list(paper.sections.order_by("position").values_list("heading", "figure"))
    narrative = [heading for heading, figure in headings if not figure]
    assert narrative == PMR_HEADINGS
    tables = [heading for heading, figure in headings if figure == "priority-measures"]
    assert len(tables) == 4  # the 2016–21 plan's priorities, in force at 30 September 2020


def test_strategic_scrutiny_meetings_have_no_pack_link(demo, anon_client):
    meeting = Meeting.objects.filter(body="scrutiny", items__isnull=False).first()
    page = anon_client.get(meeting.get_absolute_url()).content.decode()
    assert "Download the Public Document Pack" not in page
