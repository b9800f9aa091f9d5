"""The shared page cache (pcc_portal.caching): one rendering serves the public and panel
members alike, with each reader's own account links, sign-out token and messages; staff
never get it; any change to the portal's data or today's date gives a fresh page."""

import datetime as dt
import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from pcc_portal import caching
from pcc_portal.middleware import LOGIN_TIME_KEY
from tests.factories import MeasureFactory
from tests.funds.factories import GrantFactory
from tests.panel.factories import AgendaItemFactory, MeetingFactory, ReportFactory

pytestmark = pytest.mark.django_db

GRANTS = "/funds/grants/"


def body(response) -> str:
    return response.content.decode()


def csrf_token_in(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


@pytest.fixture
def grant():
    return GrantFactory(title="Safer streets in Preston")


def test_a_page_rendered_for_a_panel_member_reaches_the_public_without_their_account(
    grant, panel_client, anon_client, django_assert_num_queries
):
    first = body(panel_client.get(GRANTS))
    assert ">Sign out</button>" in first and "csrfmiddlewaretoken" in first
    assert "My panel" in first

    with django_assert_num_queries(1):  # the data version only: served from the cache
        page = body(anon_client.get(GRANTS))

    assert "Safer streets in Preston" in page
    assert "Sign in" in page
    assert "Sign out" not in page and "csrfmiddlewaretoken" not in page
    assert "My panel" not in page


def test_a_panel_member_gets_the_public_page_with_their_own_working_sign_out(
    grant, panel_member, anon_client
):
    assert "Sign in" in body(anon_client.get(GRANTS))
    client = Client(enforce_csrf_checks=True)
    client.force_login(panel_member)

    page = body(client.get(GRANTS))

    assert "Safer streets in Preston" in page
    assert ">Sign out</button>" in page and ">Sign in<" not in page
    response = client.post(reverse("logout"), {"csrfmiddlewaretoken": csrf_token_in(page)})
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_staff_never_get_the_shared_page(anon_client, officer_client):
    MeasureFactory(name="All crime")
    measures = reverse("performance:measures")
    assert "All crime" in body(anon_client.get(measures))
    page = body(officer_client.get(measures))
    assert ">Sign out</button>" in page and "Data entry" in page
    assert "Show drafts and verified figures not yet published" in page


def test_a_message_is_shown_on_a_shared_page(grant, panel_client, anon_client, settings):
    """The page is already cached for the public; a panel member whose session has run its
    course is signed out on it, and reads why on that same page."""
    anon_client.get(GRANTS)
    session = panel_client.session
    session[LOGIN_TIME_KEY] = (
        int(timezone.now().timestamp()) - settings.SESSION_ABSOLUTE_SECONDS - 1
    )
    session.save()

    page = body(panel_client.get(GRANTS))

    assert "You have been signed out because a session lasts at most" in page
    assert "Safer streets in Preston" in page and "Sign in" in page
    assert "You have been signed out" not in body(panel_client.get(GRANTS))


def test_a_grant_published_later_shows_at_once(grant, anon_client):
    hidden = GrantFactory(title="Rural crime watch", is_published=False)
    assert "Rural crime watch" not in body(anon_client.get(GRANTS))
    hidden.is_published = True
    hidden.save()
    assert "Rural crime watch" in body(anon_client.get(GRANTS))


def test_papers_come_out_of_embargo_on_their_publication_date(anon_client, monkeypatch):
    today = timezone.localdate()
    meeting = MeetingFactory(date=today + dt.timedelta(days=7), agenda_published_on=today)
    meeting.agenda_published_on = today + dt.timedelta(days=1)
    meeting.save()
    ReportFactory(item=AgendaItemFactory(meeting=meeting), title="Embargoed budget report")
    url = reverse("panel:meeting", args=[meeting.body, meeting.date.isoformat()])
    assert "Embargoed budget report" not in body(anon_client.get(url))

    # Nothing is saved at midnight: the date in the key alone gives the fresh page.
    monkeypatch.setattr(timezone, "localdate", lambda *args: today + dt.timedelta(days=1))
    assert "Embargoed budget report" in body(anon_client.get(url))


def test_an_export_is_streamed_never_kept_in_place_of_the_page(grant, anon_client):
    export = anon_client.get(GRANTS + "?_export=csv")
    assert export.streaming and b"Safer streets in Preston" in export.getvalue()
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    assert export["Content-Disposition"] == 'attachment; filename="grants.csv"'
    page = anon_client.get(GRANTS)
    assert page["Content-Type"].startswith("text/html") and b"Safer streets in Preston" in (
        page.content
    )


def test_a_page_with_a_form_that_posts_is_never_shared(panel_member):
    renders = []

    def view(request):
        renders.append(request)
        return HttpResponse('<form method="post"><input name="csrfmiddlewaretoken" value="x">')

    shared = caching.shared_page(view)
    for _ in range(2):
        request = RequestFactory().get("/form/")
        request.user = panel_member
        shared(request)
    assert len(renders) == 2
