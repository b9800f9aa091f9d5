"""Totals computed from the demo grants against the seed papers."""

from decimal import Decimal

from django.conf import settings

from funds import demo, selectors
from funds.models import Fund, Grant


def _fund_totals():
    return {r.label: r for r in selectors.totals_by_fund(Grant.objects.published()).rows}


def test_reducing_reoffending_fund_total_is_the_89350_of_the_annual_report(grants_demo):
    row = _fund_totals()["Reducing Reoffending Fund"]

    assert (row.grants, row.awarded) == (4, Decimal("89350"))


def test_appendix_a_fund_totals_are_added_up_from_their_rows(grants_demo):
    totals = _fund_totals()

    assert totals["MoJ Domestic Abuse & Sexual Violence Fund"].awarded == Decimal("506228.41")
    assert totals["MoJ Covid-19 Top Up Funding"].awarded == Decimal("92184.49")
    assert totals["Victims Fund"].awarded == Decimal("213759.85")
    # Five council lines and the five Street Pastors awards (first column = awarded).
    assert totals["Community Safety Fund"].awarded == Decimal("264840")


def test_csp_allocations_total_14000_with_the_rest_of_the_pot_not_itemised(grants_demo):
    row = _fund_totals()["Community Safety Partnership serious violence funding"]

    assert (row.awarded, row.pot, row.unawarded) == (
        Decimal("14000"),
        Decimal("29300"),
        Decimal("15300"),
    )
    assert row.without_amount == 1  # Fylde CSP's project: approved, amount not published


def test_street_pastors_rows_keep_both_amounts(grants_demo):
    grant = Grant.objects.get(organisation__slug="preston-and-south-ribble-street-pastors")

    assert (grant.amount_awarded, grant.amount_requested) == (Decimal("12000"), Decimal("17452.00"))
    assert grant.people_reached == 463


def test_grand_total_of_each_breakdown_equals_the_sum_of_its_rows(grants_demo):
    grants = Grant.objects.published()
    aggregate = sum(g.amount_awarded for g in grants if g.amount_awarded)

    for breakdown in (
        selectors.totals_by_fund(grants),
        selectors.totals_by_district(grants),
        selectors.totals_by_priority(grants),
    ):
        assert breakdown.total == aggregate == sum(r.awarded for r in breakdown.rows)
        assert breakdown.grants == grants.count()


def test_grants_by_fund_gives_the_pdf_the_same_figures_as_the_page(grants_demo):
    funds = {f.fund: f for f in selectors.grants_by_fund(year=2020)}

    assert funds["Reducing Reoffending Fund"].total == Decimal("89350")
    assert [g.organisation for g in funds["Reducing Reoffending Fund"].grants] == [
        "Headssup CIC",
        "Lancashire Women",
        "Red Rose Recovery",
        "The Foxton Centre",
    ]
    assert funds["Reducing Reoffending Fund"].grants[1].award_date == "August 2020"


def test_loading_the_demo_twice_changes_nothing(grants_demo):
    counts = demo.load(settings.BASE_DIR / "fixtures")

    assert counts == grants_demo
    assert Grant.objects.count() == counts["grants"] == 58
    assert Fund.objects.count() == 9
