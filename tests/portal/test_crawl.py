"""Hidden data stays hidden everywhere: crawl every internal link the public and a panel member
can reach from the entry pages — pages, exports, feeds, files — and look in each response for
sentinels, texts that exist only in unpublished or restricted data.

Each app can add sentinels in tests/<app>/sentinels.py (see tests/portal/crawler.py).
"""

import datetime as dt
import importlib
import warnings
from decimal import Decimal

import pytest
from django.apps import apps
from django.test import Client

from core.periods import Period
from performance.models import Commentary, Status
from tests.factories import MeasureFactory, ObservationFactory, PriorityFactory
from tests.portal.crawler import Crawler, Sentinels

pytestmark = pytest.mark.django_db

ENTRY_PAGES = ["/", "/performance/", "/finance/", "/funds/", "/panel/"]
LIMIT = 400

DRAFT_VALUE = Decimal("987654321")
PUBLISHED_VALUE = Decimal("1000")
DRAFT_COMMENTARY = "SENTINEL-DRAFT-COMMENTARY-3f9c1"


def _performance_sentinels() -> tuple[Sentinels, str]:
    """A published measure under a published plan, with hidden data all round it: a draft and
    a verified (not yet published) figure, a draft previous year (which a leaking comparison
    would turn into a change of -987,653,321), and unpublished commentary."""
    priority = PriorityFactory(title="Tackling crime and re-offending")
    measure = MeasureFactory(name="All crime", unit="count")
    measure.priorities.add(priority)
    ObservationFactory(measure=measure, value=PUBLISHED_VALUE)  # 2020/21, published
    for year, value, status in (
        (2021, DRAFT_VALUE, Status.DRAFT),
        (2019, DRAFT_VALUE, Status.DRAFT),
        (2022, DRAFT_VALUE + 1, Status.VERIFIED),
    ):
        ObservationFactory(
            measure=measure, period=Period.financial_year(year), value=value, status=status
        )
    for target in ({"measure": measure}, {"priority": priority}):
        Commentary.objects.create(
            period_start=dt.date(2020, 4, 1),
            period_end=dt.date(2021, 3, 31),
            text=DRAFT_COMMENTARY,
            status="draft",
            **target,
        )
    texts = [
        "987654321",
        "987,654,321",
        "987654322",
        "987,654,322",
        "987653321",  # 1,000 compared with the draft 2019/20 figure
        "987,653,321",
        DRAFT_COMMENTARY,
    ]
    return Sentinels(texts=texts, urls=[measure.get_absolute_url()]), measure.get_absolute_url()


def _app_sentinels() -> Sentinels:
    """Sentinels from tests/<app>/sentinels.py of every app that has one."""
    sentinels = Sentinels()
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"tests.{config.label}.sentinels")
        except ModuleNotFoundError:
            continue
        sentinels += module.make()
    return sentinels


@pytest.fixture
def hidden_data():
    sentinels, measure_url = _performance_sentinels()
    sentinels += _app_sentinels()
    return sentinels, measure_url


def _crawl(client, sentinels):
    result = Crawler(client, sentinel_texts=sentinels.texts, limit=LIMIT).crawl(
        ENTRY_PAGES + sentinels.urls
    )
    if result.capped:
        warnings.warn(f"crawl stopped at {LIMIT} URLs; raise LIMIT", stacklevel=2)
    return result


def test_public_and_panel_member_never_see_hidden_data(public_client, hidden_data):
    sentinels, measure_url = hidden_data
    public_client.raise_request_exception = False
    result = _crawl(public_client, sentinels)
    assert result.server_errors == {}
    assert result.leaks == []
    # The crawl did reach the pages around the hidden data, and the exports of any list.
    assert result.statuses[measure_url] == 200
    assert "1,000" in result.bodies[measure_url]
    assert result.statuses[f"{measure_url}?drafts=1"] == 200
    assert all(result.statuses[url] < 500 for url in result.statuses if "_export=" in url)


def test_the_sentinels_would_be_caught_where_staff_see_drafts(officer, hidden_data):
    """The crawl's check is live: for an officer asking for drafts the measure page does hold
    the sentinel figures, and the comparison with the draft previous year."""
    sentinels, measure_url = hidden_data
    client = Client()
    client.force_login(officer)
    crawler = Crawler(client, sentinel_texts=sentinels.texts, limit=1)
    result = crawler.crawl([f"{measure_url}?drafts=1"])
    leaked = {text for _, text in result.leaks}
    assert {"987,654,321", "987,654,322", "987,653,321"} <= leaked
