"""Peer ranking: the force's place among similar forces, best first by the direction of good."""

from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils.text import slugify

from core.periods import Period
from pcc_portal.charts import ranking_chart
from performance.models import Area, Status
from performance.spc.selectors import ordinal, peer_ranking
from tests.factories import AreaFactory, MeasureFactory, ObservationFactory

YEAR = Period.financial_year(2020)

# Crimes per 1,000 people in 2020/21 for Lancashire and seven peers (made-up figures).
PEERS = {
    "Lancashire": "61.2",
    "Kent": "58.0",
    "Essex": "55.4",
    "Nottinghamshire": "72.9",
    "Staffordshire": "64.8",
    "Avon and Somerset": "66.1",
    "Devon and Cornwall": "45.3",
    "Hampshire": "70.0",
}


def area(name, kind="force", position=10):
    code = "LANC" if name == "Lancashire" else slugify(name)[:20]
    return AreaFactory(code=code, name=name, kind=kind, position=position)


def record(measure, where, value, *, period=YEAR, status=Status.PUBLISHED):
    return ObservationFactory(
        measure=measure, area=where, period=period, value=Decimal(value), status=status
    )


@pytest.fixture
def crime_rate(db):
    measure = MeasureFactory(
        code="crime-rate",
        name="Crime rate",
        unit="rate",
        decimal_places=1,
        direction_of_good="down",
    )
    for name, value in PEERS.items():
        record(measure, area(name, position=0 if name == "Lancashire" else 10), value)
    return measure


@pytest.mark.django_db
def test_lower_is_better_ranks_the_lowest_figure_first(crime_rate):
    ranking = peer_ranking(measure=crime_rate, period=YEAR, user=None)
    assert [(e.rank, e.area.name) for e in ranking.entries] == [
        (1, "Devon and Cornwall"),
        (2, "Essex"),
        (3, "Kent"),
        (4, "Lancashire"),
        (5, "Staffordshire"),
        (6, "Avon and Somerset"),
        (7, "Hampshire"),
        (8, "Nottinghamshire"),
    ]
    assert ranking.home.area.name == "Lancashire"
    assert ranking.position_text == "4th of 8"
    assert ranking.order_note.startswith("Ranked from the lowest figure: lower is better")


@pytest.mark.django_db
def test_third_of_eight_when_two_peers_do_better(crime_rate):
    lancashire = area("Lancashire")
    crime_rate.observations.filter(area=lancashire).update(value=Decimal("56.0"))
    assert peer_ranking(measure=crime_rate, period=YEAR, user=None).position_text == "3rd of 8"


@pytest.mark.django_db
def test_higher_is_better_ranks_the_highest_first():
    measure = MeasureFactory(code="calls", percentage=True)
    measure.direction_of_good = "up"
    measure.save()
    for name, value in (("Lancashire", "83.8"), ("Kent", "91.0"), ("Essex", "77.3")):
        record(measure, area(name, position=0 if name == "Lancashire" else 10), value)
    ranking = peer_ranking(measure=measure, period=YEAR, user=None)
    assert [e.area.name for e in ranking.entries] == ["Kent", "Lancashire", "Essex"]
    assert [e.value_text for e in ranking.entries] == ["91.0%", "83.8%", "77.3%"]
    assert ranking.position_text == "2nd of 3"


@pytest.mark.django_db
def test_demand_measure_ranks_by_value_descending_and_says_so():
    measure = MeasureFactory(code="demand", direction_of_good="neither")
    for name, value in (("Lancashire", "900"), ("Kent", "1200"), ("Essex", "700")):
        record(measure, area(name, position=0 if name == "Lancashire" else 10), value)
    ranking = peer_ranking(measure=measure, period=YEAR, user=None)
    assert [e.area.name for e in ranking.entries] == ["Kent", "Lancashire", "Essex"]
    assert "1st means highest, not best" in ranking.order_note


@pytest.mark.django_db
def test_equal_figures_share_a_rank():
    measure = MeasureFactory(code="tied", unit="rate", decimal_places=1)
    for name, value in (("Kent", "50.0"), ("Lancashire", "55.04"), ("Essex", "55.0")):
        record(measure, area(name, position=0 if name == "Lancashire" else 10), value)
    record(measure, area("Hampshire"), "60.0")
    ranking = peer_ranking(measure=measure, period=YEAR, user=None)
    # 55.04 prints as 55.0, so Lancashire and Essex tie for 2nd and Hampshire is 4th
    assert [(e.rank_text, e.area.name) for e in ranking.entries] == [
        ("1", "Kent"),
        ("=2", "Essex"),
        ("=2", "Lancashire"),
        ("4", "Hampshire"),
    ]
    assert ranking.position_text == "joint 2nd of 4"


@pytest.mark.django_db
def test_averages_are_references_not_ranks(crime_rate):
    record(crime_rate, area("Most Similar Group", kind="msg"), "61.7")
    record(crime_rate, area("England and Wales", kind="national"), "58.9")
    record(crime_rate, area("West division", kind="division"), "80.0")
    ranking = peer_ranking(measure=crime_rate, period=YEAR, user=None)
    assert len(ranking.entries) == 8
    assert [(r.area.name, r.value_text) for r in ranking.references] == [
        ("England and Wales", "58.9"),
        ("Most Similar Group", "61.7"),
    ]


@pytest.mark.django_db
def test_other_kinds_of_area_can_be_ranked():
    measure = MeasureFactory(code="asb")
    for name, value in (("West", "30"), ("South", "20"), ("East", "25")):
        record(measure, area(name, kind="division"), value)
    ranking = peer_ranking(measure=measure, period=YEAR, user=None, kinds=["division"])
    assert [e.area.name for e in ranking.entries] == ["South", "East", "West"]
    assert ranking.position_text == ""  # no force among them to place


@pytest.mark.django_db
def test_other_periods_are_not_ranked(crime_rate):
    record(crime_rate, area("Kent"), "10.0", period=Period.financial_year(2019))
    ranking = peer_ranking(measure=crime_rate, period=YEAR, user=None)
    assert dict((e.area.name, e.value_text) for e in ranking.entries)["Kent"] == "58.0"


@pytest.mark.django_db
def test_draft_figures_are_not_ranked_for_the_public(crime_rate, panel_member, officer):
    record(crime_rate, area("Cheshire"), "12.0", status=Status.DRAFT)
    for user in (None, panel_member):
        ranking = peer_ranking(measure=crime_rate, period=YEAR, user=user, show_drafts=True)
        assert "Cheshire" not in [e.area.name for e in ranking.entries]
        assert ranking.position_text == "4th of 8"
    staff = peer_ranking(measure=crime_rate, period=YEAR, user=officer, show_drafts=True)
    assert staff.entries[0].area.name == "Cheshire" and staff.entries[0].is_draft
    assert staff.position_text == "5th of 9"


@pytest.mark.django_db
def test_ranking_takes_three_queries_however_many_areas(crime_rate):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            ranking = peer_ranking(measure=crime_rate, period=YEAR, user=None)
            ranking.figure, ranking.position_text  # noqa: B018 - showing it must not query
        return len(ctx.captured_queries), len(ranking.entries)

    small = queries()
    for number in range(30):
        record(crime_rate, area(f"Force {number:02d}"), str(40 + number))
    large = queries()
    # The figures, the default peer group and the home force: three, however many areas.
    assert small == (3, 8)
    assert large == (3, 38)


@pytest.mark.parametrize(
    "n, text",
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th")]
    + [(21, "21st"), (22, "22nd"), (43, "43rd"), (111, "111th")],
)
def test_ordinal(n, text):
    assert ordinal(n) == text


@pytest.mark.django_db
def test_include_shows_position_table_and_chart_data(crime_rate):
    record(crime_rate, area("Most Similar Group", kind="msg"), "61.7")
    ranking = peer_ranking(measure=crime_rate, period=YEAR, user=None)
    html = render_to_string("performance/includes/peer_ranking.html", {"ranking": ranking})
    assert "<strong>Lancashire is 4th of 8</strong> (61.2)" in html
    assert html.count('<th scope="row"') == 9  # eight ranked and one reference
    assert "Most Similar Group (for reference, not ranked)" in html
    assert f'<script id="{ranking.chart_id}-figure" type="application/json">' in html


@pytest.mark.django_db
def test_include_with_a_single_area_says_there_is_nothing_to_rank():
    measure = MeasureFactory(code="alone")
    record(measure, area("Lancashire", position=0), "5")
    ranking = peer_ranking(measure=measure, period=YEAR, user=None)
    html = render_to_string("performance/includes/peer_ranking.html", {"ranking": ranking})
    assert "There are not enough published figures from other areas" in html
    assert "data-chart" not in html


@pytest.mark.django_db
def test_figure_highlights_the_force_and_draws_references(crime_rate):
    record(crime_rate, area("Most Similar Group", kind="msg"), "61.7")
    figure = ranking_chart(peer_ranking(measure=crime_rate, period=YEAR, user=None))
    (bars,) = figure["data"]
    colours = dict(zip(bars["y"], bars["marker"]["color"], strict=True))
    assert colours["4. Lancashire"] != colours["1. Devon and Cornwall"]
    assert len(set(colours.values())) == 2
    assert figure["layout"]["yaxis"]["autorange"] == "reversed"  # rank 1 at the top
    assert figure["layout"]["annotations"][0]["text"] == "Most Similar Group: 61.7"


@pytest.mark.django_db
def test_a_peer_group_ranks_its_members_and_works_out_its_own_total():
    from performance.models import PeerGroup

    measure = MeasureFactory(code="all-crime-peers", direction_of_good="down")
    home = area("Lancashire", position=0)
    record(measure, home, "165368")
    members = {"Kent": "180000", "Essex": "150000", "Cheshire": "93901"}
    for name, value in members.items():
        record(measure, area(name), value)
    record(measure, area("Hampshire"), "1000")  # a force outside the group: not ranked
    group = PeerGroup.objects.create(name="Most Similar Group", is_default=True)
    group.members.set(Area.objects.filter(name__in=members))
    ranking = peer_ranking(measure=measure, period=YEAR, user=None)
    assert [e.area.name for e in ranking.entries] == ["Cheshire", "Essex", "Lancashire", "Kent"]
    assert ranking.position_text == "3rd of 4"
    assert [(r.area.name, r.value_text) for r in ranking.references] == [
        ("Most Similar Group (total of 4 forces)", "589,269")
    ]
