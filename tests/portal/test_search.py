"""The one search of the portal (/search/): across every kind of thing, grouped by kind,
never showing a restricted decision's content, an embargoed paper or a draft."""

import re

import pytest
from django.core.management import call_command

from tests.funds.factories import GrantFactory, OrganisationFactory
from tests.panel.scenario import RESTRICTED_SUMMARY, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def search(client, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, kind: str) -> str:
    """The results listed under the heading of one kind."""
    match = re.search(rf">{kind}</h2>(.*?)(<h2|</main>)", html, re.DOTALL)
    return match.group(1) if match else ""


def test_search_finds_the_rape_measure(anon_client, demo):
    html = search(anon_client, "rape")
    measures = section(html, "Measures")
    assert 'href="/performance/measures/rape/"' in measures
    assert ">Rape</a>" in measures


def test_search_finds_the_precept(anon_client, demo):
    html = search(anon_client, "precept")
    finance = section(html, "Finance")
    assert "Band D precept £226.45" in finance
    assert "<mark>increase</mark>" not in finance  # only the words asked for are marked
    assert "/finance/?year=2021" in finance
    assert "<mark>Precept</mark> decision" in section(html, "Meetings")  # an agenda item


def test_search_finds_a_grant_by_its_organisations_name(anon_client, demo):
    html = search(anon_client, "Wish Centre")
    grants = section(html, "Grants")
    assert "The Wish Centre" in grants and "MoJ Domestic Abuse" in grants
    assert 'href="/funds/organisations/the-wish-centre/"' in section(html, "Organisations")


def test_search_highlights_the_words_asked_for(anon_client, demo):
    html = search(anon_client, "burglary")
    assert "<mark>" in html and "Burglary" in section(html, "Measures")


def test_search_never_shows_a_draft_grant_or_its_organisation(anon_client, officer_client, db):
    draft = GrantFactory(
        title="SENTINEL-DRAFT-GRANT",
        organisation=OrganisationFactory(name="Quokka Trust", slug="quokka-trust"),
        is_published=False,
    )
    for client in (anon_client, officer_client):
        assert "0 results" in search(client, "SENTINEL-DRAFT-GRANT")
        assert "0 results" in search(client, "Quokka")
    draft.is_published = True
    draft.save()
    assert "Quokka Trust" in section(search(anon_client, "Quokka"), "Organisations")


def test_search_never_shows_a_restricted_decision(public_client, db):
    build_world()
    html = search(public_client, RESTRICTED_SUMMARY)
    assert "0 results" in html
    assert "18/2021" not in html


@pytest.mark.parametrize(
    "q", ["\x00", "rape\x00", "a" * 5000, "' OR 1=1 --", "!!!", "a & b | c", "<script>", "\t\n"]
)
def test_hostile_queries_are_answered_without_error(anon_client, db, q):
    response = anon_client.get("/search/", {"q": q})
    # A NUL byte anywhere in a request is refused as a bad request before any view runs.
    assert response.status_code == (400 if "\x00" in q else 200)
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_the_panels_old_search_address_leads_to_the_portals_search(anon_client, db):
    response = anon_client.get("/panel/search/", {"q": "knife crime"})
    assert response.status_code == 301
    assert response["Location"] == "/search/?q=knife+crime"


def test_every_page_has_the_search_box_in_its_header(anon_client, db):
    for url in ("/", "/performance/", "/funds/grants/", "/panel/", "/accessibility/"):
        html = anon_client.get(url).content.decode()
        header = html.split("</header>", 1)[0]
        assert 'action="/search/"' in header and 'name="q"' in header, url
