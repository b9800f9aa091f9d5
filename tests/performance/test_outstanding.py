"""The staff "outstanding data" page: missing values for the quarter, figures awaiting sign-off."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from core.periods import Period, latest_complete_quarter
from performance import staff_views
from performance.models import Status
from performance.staff_selectors import expected_periods
from tests.factories import AreaFactory, MeasureFactory, ObservationFactory, UserFactory
from tests.performance.import_helpers import table_rows

pytestmark = pytest.mark.django_db
URL = reverse("performance:staff_outstanding")
Q3 = Period.quarter(2020, 3)  # October–December 2020


@pytest.mark.parametrize(
    ("today", "quarter"),
    [
        (dt.date(2021, 1, 5), Period.quarter(2020, 3)),
        (dt.date(2021, 3, 31), Period.quarter(2020, 3)),
        (dt.date(2021, 4, 1), Period.quarter(2020, 4)),
        (dt.date(2021, 6, 30), Period.quarter(2020, 4)),
        (dt.date(2021, 7, 1), Period.quarter(2021, 1)),
    ],
)
def test_latest_complete_quarter(today, quarter):
    assert latest_complete_quarter(today) == quarter


def test_each_frequency_expects_its_own_periods():
    assert expected_periods("quarter", Q3) == [Q3]
    assert expected_periods("year", Q3) == [Period(dt.date(2020, 1, 1), dt.date(2020, 12, 31))]
    assert [p.label for p in expected_periods("month", Q3)] == [
        "October 2020",
        "November 2020",
        "December 2020",
    ]


@pytest.fixture
def force():
    return AreaFactory(code="LANC", name="Lancashire")


def _section(page: str, section_id: str) -> str:
    return page.split(f'id="{section_id}"', 1)[1].split("<h2", 1)[0]


def _page(client, quarter="2020-Q3"):
    return " ".join(client.get(URL, {"quarter": quarter}).content.decode().split())


def test_measures_without_a_value_for_the_quarter_are_listed(force, officer_client):
    done = MeasureFactory(name="Referrals", frequency="quarter")
    ObservationFactory(measure=done, area=force, period=Q3, status=Status.DRAFT)
    MeasureFactory(name="Calls answered", frequency="quarter")
    annual = MeasureFactory(name="All crime", frequency="year")
    ObservationFactory(measure=annual, area=force)  # 12 months to March 2021: not this one
    monthly = MeasureFactory(name="Average calls per day", frequency="month", unit="rate")
    ObservationFactory(measure=monthly, area=force, period=Period.month(2020, 10))

    page = officer_client.get(URL, {"quarter": "2020-Q3"}).content.decode()
    missing = _section(page, "missing")

    assert "Referrals" not in missing
    assert table_rows(page, "missing-table") == [
        ["All crime", "12 months to December 2020", "31 March 2021"],
        ["Average calls per day", "November 2020; December 2020", "31 October 2020"],
        ["Calls answered", "Q3 2020/21", "No value yet"],
    ]


def test_drafts_are_listed_with_who_entered_them_and_verified_with_who_verified(
    force, officer_client, officer, lead
):
    measure = MeasureFactory(name="Referrals", frequency="quarter")
    colleague = UserFactory(username="colleague")
    figures = dict(measure=measure, area=force)
    ObservationFactory(
        **figures, period=Q3, status=Status.DRAFT, entered_by=officer, value=Decimal("1234")
    )
    ObservationFactory(
        **figures, period=Period.quarter(2020, 2), status=Status.DRAFT, entered_by=colleague
    )
    ObservationFactory(
        **figures,
        period=Period.quarter(2020, 1),
        status=Status.VERIFIED,
        entered_by=colleague,
        verified_by=lead,
        value=Decimal("77"),
    )

    raw = officer_client.get(URL, {"quarter": "2020-Q3"}).content.decode()
    page = " ".join(raw.split())
    drafts, verified = _section(page, "drafts"), _section(page, "verified")

    assert "2 drafts, entered by: colleague (1), test-officer (1)." in drafts
    assert table_rows(raw, "drafts-table") == [
        ["Referrals", "Lancashire", "Q2 2020/21", "100", "colleague"],
        ["Referrals", "Lancashire", "Q3 2020/21", "1,234", "test-officer"],
    ]
    assert "1 verified figure." in verified
    assert table_rows(raw, "verified-table") == [
        ["Referrals", "Lancashire", "Q1 2020/21", "77", "colleague", "test-lead"],
    ]


def test_published_figures_are_not_outstanding(force, officer_client):
    measure = MeasureFactory(name="Referrals", frequency="quarter")
    ObservationFactory(measure=measure, area=force, period=Q3, value=Decimal("4321"))
    page = _page(officer_client)
    assert "No drafts await verification." in page
    assert "No verified figures await publication." in page
    assert "Every measure has a Lancashire value for Q3 2020/21." in page


def test_the_default_quarter_is_the_latest_complete_one(force, officer_client, monkeypatch):
    monkeypatch.setattr(staff_views.timezone, "localdate", lambda: dt.date(2021, 5, 20))
    page = " ".join(officer_client.get(URL).content.decode().split())
    assert "Measures without a value for Q4 2020/21" in page


@pytest.mark.parametrize("quarter", ["2020-Q5", "last", "1066-Q1", "9999-Q1", "%00"])
def test_a_bad_quarter_parameter_is_explained_not_an_error(force, officer_client, quarter):
    response = officer_client.get(URL, {"quarter": quarter})
    assert response.status_code == 200
    assert "is not a quarter such as 2020-Q4" in response.content.decode()


def test_outstanding_page_is_for_staff_only(force, panel_client, anon_client, lead_client):
    assert panel_client.get(URL).status_code == 403
    response = anon_client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "Outstanding data" in lead_client.get(URL).content.decode()


@pytest.mark.parametrize("count", [5, 60])
def test_outstanding_queries_do_not_grow_with_the_data(
    force, officer_client, officer, django_assert_max_num_queries, count
):
    for _ in range(count):
        measure = MeasureFactory(frequency="quarter")
        for quarter, status in ((1, Status.DRAFT), (2, Status.VERIFIED)):
            ObservationFactory(
                measure=measure,
                area=force,
                status=status,
                entered_by=officer,
                period=Period.quarter(2019, quarter),
            )
    with django_assert_max_num_queries(19):
        page = _page(officer_client)
    assert f"{count} measures lack a Lancashire value" in page
    assert len(re.findall("Q1 2019/20", _section(page, "drafts"))) == count
