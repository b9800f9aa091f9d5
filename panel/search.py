"""The portal's one search, in the header of every page: measures, priorities, meetings,
papers, minutes, decisions, grants, organisations and finance, grouped by kind.

Each kind reads only what the reader may see: published grants only (search never shows a
draft, not even to staff, so a result list is the same for everyone who may see it),
restricted decisions without their withheld text (panel.selectors), embargoed papers not at
all. Each kind takes at most `PER_KIND` rows, so the work is bounded whatever is asked.
"""

from django.db.models import Exists, OuterRef
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from core.search import SearchResult, clean_query, excerpt, highlighted, matching
from finance.models import FinancialYear
from funds.models import Grant, Organisation
from panel.models import AgendaItem
from panel.selectors import search_papers
from pcc_portal.forms import SearchForm
from performance.models import Measure, Priority

PER_KIND = 10


def _measures(query) -> list[SearchResult]:
    measures = matching(
        Measure.objects.all(), query, [("name", "A"), ("source", "C"), ("notes", "C")]
    )[:PER_KIND]
    return [
        SearchResult("Measure", m.name, m.get_absolute_url(), m.source, excerpt(query, m.notes))
        for m in measures
    ]


def _priorities(query) -> list[SearchResult]:
    priorities = matching(
        Priority.objects.select_related("plan"),
        query,
        [("title", "A"), ("summary", "B")],
    )[:PER_KIND]
    return [
        SearchResult(
            "Priority",
            p.title,
            p.get_absolute_url(),
            str(p.plan),
            excerpt(query, p.summary),
        )
        for p in priorities
    ]


def _meetings(query, user) -> list[SearchResult]:
    items = matching(
        AgendaItem.objects.visible_to(user).select_related("meeting"),
        query,
        [("title", "A"), ("description", "B"), ("presenter", "C")],
    )[:PER_KIND]
    return [
        SearchResult(
            "Agenda item",
            str(item),
            item.get_absolute_url(),
            str(item.meeting),
            excerpt(query, item.description),
        )
        for item in items
    ]


def _published_grants():
    return Grant.objects.published()


def _grants(query) -> list[SearchResult]:
    grants = matching(
        _published_grants().select_related("organisation", "fund"),
        query,
        [("title", "A"), ("organisation__name", "A"), ("purpose", "B"), ("fund__name", "C")],
    )[:PER_KIND]
    return [
        SearchResult(
            "Grant",
            g.title,
            g.fund.get_absolute_url(),
            " · ".join(filter(None, [g.organisation and g.organisation.name, str(g.fund)])),
            excerpt(query, g.purpose),
        )
        for g in grants
    ]


def _organisations(query) -> list[SearchResult]:
    """Only organisations with a published grant have a page anyone but staff can open."""
    funded = Exists(_published_grants().filter(organisation=OuterRef("pk")))
    organisations = matching(Organisation.objects.filter(funded), query, [("name", "A")])
    return [
        SearchResult("Organisation", o.name, o.get_absolute_url(), "Grant recipient", "")
        for o in organisations[:PER_KIND]
    ]


def _finance(query) -> list[SearchResult]:
    years = matching(
        FinancialYear.objects.filter(is_published=True).select_related("precept"),
        query,
        [("notes", "B"), ("source", "C"), ("precept__note", "A")],
    )[:PER_KIND]
    results = []
    for year in years:
        precept = getattr(year, "precept", None)
        title = f"Finance {year}" + (f": Band D precept £{precept.band_d}" if precept else "")
        note = precept.note if precept else ""
        url = f"{reverse('finance:index')}?{urlencode({'year': year.start_year})}"
        results.append(
            SearchResult("Finance", title, url, year.source, excerpt(query, note, year.notes))
        )
    return results


def site_search(*, query: str, user) -> dict[str, list[SearchResult]]:
    """Results by kind, best first within each kind; kinds with no result are left out."""
    query = clean_query(query)
    if not query:
        return {}
    papers = search_papers(query=query, user=user)
    groups = {
        "Measures": _measures(query),
        "Priorities": _priorities(query),
        "Meetings": _meetings(query, user),
        "Papers": papers["reports"],
        "Minutes": papers["minutes"],
        "Decisions": papers["decisions"],
        "Grants": _grants(query),
        "Organisations": _organisations(query),
        "Finance": _finance(query),
    }
    return {kind: rows for kind, rows in groups.items() if rows}


@require_GET
def search(request):
    query = clean_query(SearchForm(request.GET).query())
    groups = site_search(query=query, user=request.user) if query else None
    shown = {
        kind: [(r, highlighted(r.snippet, query)) for r in rows]
        for kind, rows in (groups or {}).items()
    }
    return render(
        request,
        "search.html",
        {
            "query": query,
            "searched": groups is not None,
            "groups": shown,
            "total": sum(len(rows) for rows in shown.values()),
        },
    )
