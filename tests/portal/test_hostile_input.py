"""No 500 from any input: every public URL pattern, asked with hostile parameters (negative,
huge, NUL bytes, unknown export formats, Unicode), answers with a page or a 4xx, never a 5xx.
CI runs this on PostgreSQL too, where a NUL byte in a query is an error of its own."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from panel.models import Paper, PaperSection, PaperStatus, Question
from performance.models import Commentary, Status
from tests.factories import MeasureFactory, ObservationFactory, PriorityFactory, UserFactory
from tests.finance.factories import FinancialYearFactory
from tests.funds.factories import GrantFactory
from tests.panel.scenario import build_world
from tests.performance.delivery_factories import ProgressUpdateFactory

pytestmark = pytest.mark.django_db

HOSTILE_VALUES = (
    "-1",
    "0",
    "01",
    "9" * 40,
    "1e309",
    "\x00",
    "abc\x00def",
    "ods",
    "yaml",
    "𝔘ñí©ødé ✓ \u202e",
    "' OR 1=1 --",
    "2021-02-30",
    "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "x" * 2000,
)
ALONE_VALUES = ("-1", "9" * 40, "ods", "𝔘ñí©ødé")
PARAMETERS = (
    "q",
    "page",
    "per_page",
    "sort",
    "_export",
    "year",
    "period",
    "kind",
    "area",
    "plan",
    "priority",
    "measure",
    "fund",
    "status",
    "table",
    "drafts",
    "retry",
    "body",
    "date",
    "\x00",
)
# Staff, sign-in and admin pages are not public patterns; PDFs have their own tests (renders
# are slow), but their hostile keys are asked below.
SKIPPED_PREFIXES = ("admin/", "accounts/", "panel/reports/")


def _public_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(SKIPPED_PREFIXES) or "staff/" in route:
            continue
        if isinstance(entry, URLResolver):
            yield from _public_patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def _world() -> dict[str, str]:
    """One real address for each public pattern with parameters in its path."""
    panel = build_world()
    priority = PriorityFactory()
    measure = MeasureFactory(code="all-crime", name='=HYPERLINK("http://evil.example")')
    measure.priorities.add(priority)
    ObservationFactory(measure=measure, value=Decimal("120000"))
    ObservationFactory(
        measure=measure,
        value=Decimal("110000"),
        period_start=dt.date(2019, 4, 1),
        period_end=dt.date(2020, 3, 31),
    )
    Commentary.objects.create(
        priority=priority,
        period_start=dt.date(2020, 4, 1),
        period_end=dt.date(2021, 3, 31),
        text="Published narrative.",
        status=Status.PUBLISHED,
    )
    grant = GrantFactory()
    FinancialYearFactory()
    meeting = panel.published
    update = ProgressUpdateFactory(commitment__priority=priority)
    paper = Paper.objects.create(
        title="Performance Monitoring Report",
        period_start=dt.date(2020, 4, 1),
        period_end=dt.date(2021, 3, 31),
        status=PaperStatus.PUBLISHED,
    )
    PaperSection.objects.create(paper=paper, position=1, text="Published paragraph.")
    question = Question.objects.create(
        meeting=meeting, raised_by=UserFactory(), measure=measure, text="Why did it rise?"
    )
    return {
        "performance/plans/<slug:plan>/": reverse(
            "performance:plan", kwargs={"plan": priority.plan.code}
        ),
        "performance/plans/<slug:plan>/<slug:priority>/": priority.get_absolute_url(),
        "performance/measures/<slug:measure>/": measure.get_absolute_url(),
        "performance/plans/<slug:plan>/delivery/": reverse(
            "performance:delivery", kwargs={"plan": priority.plan.code}
        ),
        "performance/commitments/<int:pk>/": update.commitment.get_absolute_url(),
        "panel/paper/<int:pk>/": reverse("panel:paper", kwargs={"pk": paper.pk}),
        # A staff page (anonymous readers are sent to sign in), asked all the same.
        "panel/questions/<int:pk>/": reverse("panel:question", kwargs={"pk": question.pk}),
        "panel/meetings/<str:body>/<str:date>/": meeting.get_absolute_url(),
        "panel/decisions/<int:year>/<int:number>/": panel.public.get_absolute_url(),
        "funds/<int:year>/<slug:slug>/": grant.fund.get_absolute_url(),
        "funds/organisations/<slug:slug>/": grant.organisation.get_absolute_url(),
        # Files answer 404 here; their content checks are in tests/panel/test_files.py.
        "panel/papers/<int:pk>/": "/panel/papers/999999/",
        "panel/decision-documents/<int:pk>/": "/panel/decision-documents/999999/",
    }


def _address(route: str, samples: dict[str, str]) -> str | None:
    if "<" not in route:
        return "/" + route
    return samples.get(route)


def test_every_public_pattern_survives_hostile_parameters():
    samples = _world()
    client = Client(raise_request_exception=False)
    routes = list(_public_patterns())
    unvisited = [r for r in routes if _address(r, samples) is None]
    assert not unvisited, f"give _world() an address for {unvisited}"
    failures = []
    for route in routes:
        url = _address(route, samples)
        # Every parameter at once with each hostile value, then each parameter alone (a bad
        # value of one must not hide another's failure behind an early 404).
        queries = [dict.fromkeys(PARAMETERS, value) for value in HOSTILE_VALUES]
        queries += [{name: value} for name in PARAMETERS for value in ALONE_VALUES]
        for query in queries:
            response = client.get(url, query)
            if response.status_code >= 500:
                failures.append((url, query, response.status_code))
    assert not failures, failures[:20]


@pytest.mark.parametrize(
    "path",
    [
        "/panel/meetings/panel/2021-13-45/",
        "/panel/meetings/panel/\x00/",
        "/panel/meetings/%00/2021-12-06/",
        "/performance/measures/%00/",
        "/panel/reports/pack/%00.pdf",
        "/panel/reports/performance/2021-02-30.pdf",
        "/panel/reports/annual/9999999999-10000000000.pdf",
        "/panel/search/?q=%00",
        "/panel/search/?q=" + "%F0%9D%94%98" * 300,
    ],
)
def test_hostile_paths_are_not_server_errors(path):
    build_world()
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code < 500, (path, response.status_code)


LISTS = [
    "/performance/observations/",
    "/performance/measures/",
    "/funds/grants/",
    "/panel/",
    "/panel/decisions/",
]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("per_page", ["-1", "0", "100000", "26", "abc"])
def test_per_page_outside_the_offered_sizes_gets_the_default(url, per_page):
    _world()
    response = Client().get(url, {"per_page": per_page})
    assert response.status_code == 200
    assert response.context["table"].paginator.per_page == 25


@pytest.mark.parametrize("url", LISTS)
def test_an_offered_page_size_is_used(url):
    _world()
    response = Client().get(url, {"per_page": "100"})
    assert response.context["table"].paginator.per_page == 100
    assert 'id="page-sizes"' in response.content.decode()


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("export", ["ods", "yaml", "json", "latex", "xls", "tsv"])
def test_only_the_offered_export_formats_are_served(url, export):
    _world()
    response = Client().get(url, {"_export": export})
    assert response.status_code == 404
    assert "CSV or XLSX" in response.content.decode()
