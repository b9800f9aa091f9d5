"""One cache rule (pcc_portal.caching, pcc_portal.versions): a data version that every write
path moves (its public number only where a reader outside the OPCC can see the change), keys
on known parameters in canonical form only, and shared pages that are the same for the public
and a panel member outside the personal regions."""

import random
import string
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import get_resolver, reverse

from core.periods import Period
from finance.models import FinancialYear
from funds.models import Fund, Grant, Organisation
from panel.models import Decision, Meeting
from panel.reports.documents import DocumentRequest
from pcc_portal import caching
from pcc_portal.versions import code_version, data_tables, data_version, sign_off_tables
from performance.delivery.models import Commitment
from performance.models import Measure, Observation, Plan, Priority, Status
from performance.services import quarter_entry_save
from tests.factories import (
    AreaFactory,
    MeasureFactory,
    ObservationFactory,
    PriorityFactory,
    UserFactory,
)
from tests.funds.factories import GrantFactory

pytestmark = pytest.mark.django_db

GRANTS = "/funds/grants/"


def entries() -> int:
    return len(cache._cache)  # the tests' local-memory cache


# --- The data version ---------------------------------------------------------------------


def _raw_sql():
    with connection.cursor() as cursor:
        cursor.execute("UPDATE performance_measure SET name = name")


# Each write path, on data made before the version is read.
WRITES = {
    "save": lambda grant, measure: GrantFactory(),
    "queryset_update": lambda grant, measure: Measure.objects.update(name="Renamed in bulk"),
    "bulk_create": lambda grant, measure: Organisation.objects.bulk_create(
        [Organisation(name="Bulk Org", slug="bulk-org")]
    ),
    "queryset_delete": lambda grant, measure: Grant.objects.filter(pk=grant.pk).delete(),
    "many_to_many": lambda grant, measure: measure.priorities.add(PriorityFactory()),
    "raw_sql": lambda grant, measure: _raw_sql(),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_every_write_path_moves_the_data_version(write):
    grant, measure = GrantFactory(), MeasureFactory()
    before = data_version()
    write(grant, measure)
    assert data_version() != before


def test_writes_outside_the_data_apps_leave_it(db):
    before = data_version()
    UserFactory()
    cache.set("anything", 1)
    assert data_version() == before


def test_every_table_of_the_data_apps_has_the_triggers():
    tables = data_tables()
    through = Measure.priorities.through._meta.db_table  # the measures' place in each priority
    for expected in ("performance_observation", through, "panel_meeting"):
        assert expected in tables
    assert "performance_historicalobservation" in tables
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE 'portal_data_version%'"
            )
            events = {(table, name.rsplit("_", 1)[1].upper()) for table, name in cursor.fetchall()}
        else:
            cursor.execute(
                "SELECT event_object_table, event_manipulation FROM information_schema.triggers "
                "WHERE trigger_name LIKE 'portal_data_version%'"
            )
            events = set(cursor.fetchall())
    missing = {
        (table, event)
        for table in tables
        for event in ("INSERT", "UPDATE", "DELETE")
        if (table, event) not in events
    }
    assert missing == set()


def test_the_tables_of_signed_off_records_are_the_ones_that_decide_by_their_rows():
    tables = sign_off_tables()
    for expected in (
        "performance_observation",
        "performance_historicalobservation",
        "performance_commentary",
        "performance_progressupdate",
    ):
        assert expected in tables
    # Its own statuses ("published" there is a draft for approval): every write counts.
    assert "panel_meeting" not in tables and "performance_measure" not in tables


# --- What the public and the panel see: the public data version ----------------------------


def _public_version() -> int:
    return data_version(public=True)


def _figure(status: str, measure, area, year: int = 2020) -> Observation:
    return ObservationFactory(
        status=status, measure=measure, area=area, period=Period.financial_year(year)
    )


def _save_value(figure: Observation, value: Decimal) -> None:
    figure.value = value
    figure.save()


def _set_status(figure: Observation, status: str) -> None:
    Observation.objects.filter(pk=figure.pk).update(status=status)


# Writes to records still going through sign-off, by every path; a write that first makes the
# figure it changes makes it in the same transaction.
DRAFT_WRITES = {
    "save": lambda m, a: _figure(Status.DRAFT, m, a),
    "verify": lambda m, a: _set_status(_figure(Status.DRAFT, m, a), Status.VERIFIED),
    "change_a_draft": lambda m, a: _save_value(_figure(Status.VERIFIED, m, a), Decimal("7")),
    "bulk_create": lambda m, a: Observation.objects.bulk_create(
        [ObservationFactory.build(status=Status.DRAFT, measure=m, area=a)]
    ),
    # Not a draft's delete: its cascades write other tables (no rows, but PostgreSQL's
    # triggers run once per statement), so it moves the public version there: a needless
    # new rendering of the pages, never a stale one.
}
# Writes that change what a reader outside the OPCC sees.
PUBLIC_WRITES = {
    "publish": lambda m, a: _set_status(_figure(Status.VERIFIED, m, a), Status.PUBLISHED),
    "change_a_published_figure": lambda m, a: _save_value(
        _figure(Status.PUBLISHED, m, a), Decimal("7")
    ),
    "withdraw": lambda m, a: _set_status(_figure(Status.PUBLISHED, m, a), Status.WITHDRAWN),
    "back_to_draft": lambda m, a: _set_status(_figure(Status.PUBLISHED, m, a), Status.DRAFT),
    "delete_a_published_figure": lambda m, a: _figure(Status.PUBLISHED, m, a).delete(),
    "bulk_create_published": lambda m, a: Observation.objects.bulk_create(
        [ObservationFactory.build(measure=m, area=a)]
    ),
    "raw_sql": lambda m, a: _raw_sql(),
    "a_measure": lambda m, a: MeasureFactory(),
}


@pytest.mark.parametrize(
    ("write", "seen_outside"),
    [pytest.param(write, False, id=name) for name, write in DRAFT_WRITES.items()]
    + [pytest.param(write, True, id=name) for name, write in PUBLIC_WRITES.items()],
)
def test_every_write_moves_the_data_version_and_the_public_one_if_others_can_see_it(
    write, seen_outside
):
    measure, area = MeasureFactory(), AreaFactory()
    before, public = data_version(), _public_version()
    with transaction.atomic():
        write(measure, area)
    assert data_version() != before
    assert (_public_version() != public) is seen_outside


def test_a_quarter_entered_as_drafts_leaves_the_public_pages_cached_until_it_is_published(
    anon_client, officer
):
    measure, area = MeasureFactory(), AreaFactory()
    page = _figure(Status.PUBLISHED, measure, area).measure.get_absolute_url()
    first = anon_client.get(page)
    assert "100" in first.content.decode()
    count, public = entries(), _public_version()
    draft = ObservationFactory.build(
        measure=measure, area=area, period=Period.financial_year(2021), value=123456
    )
    quarter_entry_save(user=officer, figures=[draft], commentary=[])
    assert _public_version() == public
    again = anon_client.get(page)
    assert again.content == first.content and entries() == count  # served from the cache
    assert "123,456" not in again.content.decode()
    _set_status(draft, Status.PUBLISHED)
    assert "123,456" in anon_client.get(page).content.decode()


def test_a_staff_preview_follows_every_draft_and_the_public_document_does_not():
    measure, area = MeasureFactory(), AreaFactory()
    public = DocumentRequest.make("performance", "2021-03-31")
    preview = DocumentRequest.make("performance", "2021-03-31", preview=True)
    versions = public.version(), preview.version()
    _figure(Status.DRAFT, measure, area)
    assert public.version() == versions[0]
    assert preview.version() != versions[1]
    _figure(Status.PUBLISHED, measure, area, year=2021)
    assert public.version() != versions[0]


def test_the_code_version_is_in_every_key(settings):
    settings.CODE_VERSION = ""
    assert len(code_version()) == 12
    key = caching._key(("page", "x"))
    code_version.cache_clear()
    settings.CODE_VERSION = "release-2026.11"
    try:
        assert code_version() == "release-2026.11"
        assert caching._key(("page", "x")) != key
    finally:
        code_version.cache_clear()


# --- Canonical keys -----------------------------------------------------------------------


@pytest.fixture
def grants():
    for n in range(30):
        GrantFactory(title=f"Community safety grant {n:02d}")


def test_page_01_and_page_1_are_one_entry(grants, anon_client):
    first = anon_client.get(GRANTS + "?page=1")
    count = entries()
    second = anon_client.get(GRANTS + "?page=01")
    third = anon_client.get(GRANTS + "?page=001&")
    assert first.status_code == second.status_code == third.status_code == 200
    assert first.content == second.content == third.content
    assert "Community safety grant" in first.content.decode()
    assert entries() == count


def test_the_first_page_and_page_sizes_not_offered_are_the_page_without_them(grants, anon_client):
    canonical = anon_client.get(GRANTS).content
    count = entries()
    for query in ("page=1", "page=001", "per_page=100000", "per_page=025&page=01", "per_page=0"):
        response = anon_client.get(f"{GRANTS}?{query}")
        assert response.status_code == 200
        assert response.content == canonical, query
    assert entries() == count
    # An offered size or a later page is a page of its own.
    assert "Community safety grant 29" in anon_client.get(GRANTS + "?per_page=50").content.decode()
    assert entries() == count + 1
    anon_client.get(GRANTS + "?page=2")
    assert entries() == count + 2


def test_unknown_parameters_get_the_canonical_page_and_add_no_entry(grants, anon_client):
    canonical = anon_client.get(GRANTS).content
    count = entries()
    rng = random.Random(15)
    for _ in range(400):
        name = "".join(rng.choices(string.ascii_lowercase, k=8))
        value = "".join(rng.choices(string.ascii_letters + string.digits, k=12))
        response = anon_client.get(GRANTS, {name: value})
        assert response.status_code == 200
        assert response.content == canonical
    assert entries() == count


def test_random_orderings_and_searches_add_no_entry(grants, anon_client):
    anon_client.get(GRANTS)
    count = entries()
    rng = random.Random(16)
    for _ in range(100):
        junk = "".join(rng.choices(string.ascii_letters, k=10))
        assert anon_client.get(GRANTS, {"sort": junk}).status_code == 200
        assert anon_client.get(GRANTS, {"q": junk}).status_code == 200
    assert entries() == count


def test_a_search_is_answered_but_not_kept(grants, anon_client):
    count = entries()
    response = anon_client.get(GRANTS, {"q": "grant 07"})
    assert "Community safety grant 07" in response.content.decode()
    assert entries() == count


# --- The public and a panel member get the same shared pages -------------------------------


def _shared_page_names() -> set[str]:
    names = set()

    def walk(resolver, namespace):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern, pattern.namespace or namespace)
            elif getattr(pattern.callback, "shares_pages", False):
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver(), "")
    return names


def _shared_page_urls() -> dict[str, str]:
    plan = Plan.objects.order_by("-start").first()
    priority = Priority.objects.filter(plan=plan).first()
    meeting = Meeting.objects.filter(agenda_published_on__isnull=False).order_by("date").last()
    decision = Decision.objects.filter(restricted=False).first()
    return {
        "home": reverse("home"),
        "about-data": reverse("about-data"),
        "accessibility": reverse("accessibility"),
        "performance:index": reverse("performance:index"),
        "performance:plan": plan.get_absolute_url(),
        "performance:priority": priority.get_absolute_url(),
        "performance:measures": reverse("performance:measures") + "?sort=name",
        "performance:measure": Observation.objects.published().first().measure.get_absolute_url(),
        "performance:observations": reverse("performance:observations") + "?page=2",
        "performance:delivery-current": reverse("performance:delivery-current"),
        "performance:delivery": reverse("performance:delivery", kwargs={"plan": plan.code}),
        "performance:commitment": Commitment.objects.first().get_absolute_url(),
        "performance:assessments": reverse("performance:assessments"),
        "finance:index": reverse("finance:index")
        + f"?year={FinancialYear.objects.filter(is_published=True).first().start_year}",
        "finance:spend": reverse("finance:spend"),
        "funds:index": reverse("funds:index"),
        "funds:grants": reverse("funds:grants"),
        "funds:360giving-json": reverse("funds:360giving-json"),
        "funds:360giving-csv": reverse("funds:360giving-csv"),
        "funds:organisation": Organisation.objects.filter(grants__isnull=False)
        .first()
        .get_absolute_url(),
        "funds:fund": Fund.objects.first().get_absolute_url(),
        "panel:index": reverse("panel:index"),
        "panel:meetings_ics": reverse("panel:meetings_ics"),
        "panel:meeting": meeting.get_absolute_url(),
        "panel:decisions": reverse("panel:decisions"),
        "panel:decision": decision.get_absolute_url(),
        "panel:members": reverse("panel:members"),
        "panel:groups": reverse("panel:groups"),
    }


def _outside_personal_regions(content: bytes) -> str:
    return caching._REGION.sub(r"\1…\3", content.decode())


def test_every_shared_page_is_the_same_for_the_public_and_a_panel_member(anon_client, panel_client):
    call_command("load_demo", verbosity=0)
    urls = _shared_page_urls()
    assert set(urls) == _shared_page_names(), "every shared page is compared"
    different = []
    for name, url in urls.items():
        cache.clear()  # each rendered afresh for its reader, not served from the other's
        public = anon_client.get(url)
        cache.clear()
        member = panel_client.get(url)
        assert public.status_code == member.status_code == 200, (name, url)
        assert len(public.content) > 100, (name, url)
        if public["Content-Type"].startswith("text/html"):
            page = member.content.decode()
            assert ">My panel</a>" in page, "the panel member's own account region"
            assert ">My panel</a>" not in public.content.decode()
            same = _outside_personal_regions(public.content) == _outside_personal_regions(
                member.content
            )
        else:
            same = public.content == member.content
        if not same:
            different.append(url)
    assert different == []
