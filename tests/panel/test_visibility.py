"""Every visibility rule, for the public, panel members and OPCC staff, on the pages."""

import pytest

from .scenario import (
    DRAFT_MINUTE,
    EMBARGOED_BODY,
    EMBARGOED_ITEM,
    RESTRICTED_NOTES,
    RESTRICTED_REASONS,
    RESTRICTED_SUMMARY,
    WITHHELD_TITLE,
    assert_nothing_hidden,
)

pytestmark = pytest.mark.django_db


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_embargoed_papers_are_hidden_from_public_and_panel_members(public_client, world):
    html = page(public_client, world.embargoed.get_absolute_url())
    assert "will be published on" in html
    assert EMBARGOED_ITEM not in html
    assert EMBARGOED_BODY not in html


def test_officer_sees_embargoed_papers_with_an_embargo_warning(officer_client, world):
    html = page(officer_client, world.embargoed.get_absolute_url())
    assert EMBARGOED_ITEM in html
    assert EMBARGOED_BODY in html
    assert "Embargoed: only OPCC staff can see these papers" in html


def test_published_papers_are_shown_to_everyone(anon_client, panel_client, world):
    for client in (anon_client, panel_client):
        html = page(client, world.published.get_absolute_url())
        assert "Police &amp; Crime Commissioner&#x27;s update" in html
        assert "The knife angel arrived in Lancashire in November." in html
        assert "Members asked about knife crime." in html
        assert "<strong>RESOLVED –</strong> That the report be noted." in html


def test_draft_minutes_are_hidden_from_public_and_panel_members(public_client, world):
    html = page(public_client, world.published.get_absolute_url())
    assert DRAFT_MINUTE not in html
    assert "That the arrangements be approved." not in html


def test_officer_sees_draft_minutes_marked_as_not_published(officer_client, world):
    html = page(officer_client, world.published.get_absolute_url())
    assert DRAFT_MINUTE in html
    assert "Draft minutes, not published" in html


def test_restricted_decision_shows_reference_title_priority_date_and_restricted(
    public_client, world
):
    html = page(public_client, "/panel/decisions/2021/18/")
    assert "18/2021" in html
    assert "Victim Services Contract Award" in html
    assert "Governance" in html
    assert "3 November 2021" in html
    assert "Restricted" in html
    assert "The details of this decision are not published." in html
    for hidden in (RESTRICTED_SUMMARY, RESTRICTED_REASONS, RESTRICTED_NOTES):
        assert hidden not in html


def test_officer_reads_a_restricted_decisions_summary_reasons_and_notes(officer_client, world):
    html = page(officer_client, "/panel/decisions/2021/18/")
    for shown in (RESTRICTED_SUMMARY, RESTRICTED_REASONS, RESTRICTED_NOTES):
        assert shown in html


def test_withheld_title_reads_restricted_decision_for_public_and_panel(public_client, world):
    html = page(public_client, "/panel/decisions/2021/22/")
    assert "Restricted decision" in html
    assert WITHHELD_TITLE not in html
    log = page(public_client, "/panel/decisions/")
    assert "Restricted decision" in log
    assert_nothing_hidden(log)


def test_officer_sees_the_withheld_title(officer_client, world):
    assert WITHHELD_TITLE in page(officer_client, "/panel/decisions/2021/22/")
    assert WITHHELD_TITLE in page(officer_client, "/panel/decisions/")


def test_meeting_decisions_table_honours_restrictions(public_client, officer_client, world):
    html = page(public_client, world.published.get_absolute_url())
    assert "PCC decisions reported to this meeting" in html
    assert "18/2021" in html and "22/2021" in html and "23/2021" in html
    assert_nothing_hidden(html)
    assert WITHHELD_TITLE in page(officer_client, world.published.get_absolute_url())


def test_meeting_list_never_shows_embargoed_item_titles(public_client, world):
    html = page(public_client, "/panel/")
    assert world.embargoed.date.strftime("%-d %b %Y") in html
    assert_nothing_hidden(html)
    searched = page(public_client, "/panel/?q=SENTINEL-EMBARGOED-ITEM")
    assert "0 rows" in searched


def test_officer_finds_a_meeting_by_an_embargoed_item_title(officer_client, world):
    assert "1 row." in page(officer_client, "/panel/?q=SENTINEL-EMBARGOED-ITEM")


def test_decision_log_search_does_not_match_hidden_words(public_client, officer_client, world):
    assert "0 rows" in page(public_client, f"/panel/decisions/?q={RESTRICTED_SUMMARY}")
    assert "0 rows" in page(public_client, f"/panel/decisions/?q={WITHHELD_TITLE}")
    assert "1 row." in page(officer_client, f"/panel/decisions/?q={RESTRICTED_SUMMARY}")


def test_unknown_meeting_and_decision_are_404(anon_client, world):
    assert anon_client.get("/panel/meetings/panel/2021-13-45/").status_code == 404
    assert anon_client.get("/panel/meetings/council/2021-12-06/").status_code == 404
    assert anon_client.get("/panel/decisions/2021/999/").status_code == 404


def test_bad_filter_values_do_not_fail(anon_client, world):
    response = anon_client.get("/panel/decisions/?year=abc&priority=zz&restricted=maybe")
    assert response.status_code == 200
    response = anon_client.get("/panel/?year=x&body=zz&when=q&status=nope")
    assert response.status_code == 200
