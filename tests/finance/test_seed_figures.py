"""The computed finance figures against what the seed papers print."""

from decimal import Decimal

from django.conf import settings

from finance import demo, selectors
from finance.models import FinancialYear, PrintedFigure


def test_budget_build_computes_the_2020_21_requirement_from_its_lines(finance_demo):
    build = selectors.budget_build(year=finance_demo)

    assert build.brought_forward == Decimal("289.563")
    assert build.pressures_total == Decimal("25.375")
    assert build.spending_requirement == Decimal("314.938")
    assert build.savings_total == Decimal("2.008")
    assert build.requirement == Decimal("312.930")
    assert [s.amount for s in build.steps][-2:] == [Decimal("-2.008"), Decimal("312.930")]


def test_funding_shares_are_computed_and_match_the_annual_report(finance_demo):
    funding = selectors.funding_summary(year=finance_demo)

    assert [(r.amount, r.share) for r in funding.rows] == [
        (Decimal("207.285"), Decimal("66.2")),
        (Decimal("10.738"), Decimal("3.4")),
        (Decimal("94.906"), Decimal("30.3")),
    ]
    # The three printed sources add to 312.929, a thousandth short of the requirement.
    assert funding.total == Decimal("312.929")
    assert all(check.ok for check in funding.checks)
    assert "within the rounding" in funding.checks[1].text


def test_specific_grant_totals_are_added_up_and_the_printed_totals_flagged(finance_demo):
    groups = {g.timing: g for g in selectors.specific_grants(year=finance_demo)}

    assert groups["original"].total == Decimal("9006023")
    assert groups["in_year"].total == Decimal("4958915")
    dashboard = selectors.finance_dashboard(year=finance_demo, years=[finance_demo])
    checks = {c.label: c for c in dashboard.printed_checks}
    original = checks[PrintedFigure.SPECIFIC_GRANTS_ORIGINAL.label]
    assert (original.ok, original.difference) == (False, Decimal("-1722000"))
    in_year = checks[PrintedFigure.SPECIFIC_GRANTS_IN_YEAR.label]
    assert (in_year.ok, in_year.difference) == (False, Decimal("-700000"))
    assert checks[PrintedFigure.BUDGET_REQUIREMENT.label].ok
    assert checks[PrintedFigure.FUNDING_TOTAL.label].ok  # 312.929 v 312.930 is rounding


def test_frontline_split_shares_exclude_other_as_the_scrutiny_report_does(finance_demo):
    split = selectors.frontline_split(year=finance_demo)
    shares = {r.category: r.share for r in split.rows}

    assert shares == {
        "visible": Decimal("38.6"),
        "non_visible": Decimal("32.0"),
        "operational_frontline": Decimal("70.6"),
        "frontline_support": Decimal("8.4"),
        "business_support": Decimal("21.0"),
        "other": None,
    }
    assert split.amount("operational_frontline") == Decimal("198.7")
    assert split.total == Decimal("300.1")
    assert all(check.ok for check in split.checks)


def test_2019_20_split_with_only_two_lines_is_flagged_not_computed(finance_demo):
    year = FinancialYear.objects.get(start_year=2019)
    split = selectors.frontline_split(year=year)

    assert not split.is_complete
    assert all(r.share is None for r in split.rows)
    assert [c.ok for c in split.checks] == [False]
    assert "printed percentages add up to 71.2%" in split.checks[0].text


def test_band_d_increase_for_2021_22_is_computed_from_the_year_before(finance_demo):
    precept = selectors.precept_summary(year=FinancialYear.objects.get(start_year=2021))

    assert precept.band_d == Decimal("226.45")
    assert precept.increase == Decimal("15.00")
    assert precept.increase_percent == Decimal("7.1")


def test_year_on_year_compares_frontline_spend_with_2019_20(finance_demo):
    years = selectors.visible_years()
    dashboard = selectors.finance_dashboard(year=finance_demo, years=years)
    rows = {r.label: r for r in dashboard.year_on_year}

    assert rows["Budget requirement"].comparison.text == "Increase (8%, +£23.367m)"
    assert rows["Spend: Visible"].comparison.change == Decimal("5.000")
    assert rows["Spend: Visible"].previous == Decimal("103.7")


def test_loading_the_demo_twice_changes_nothing(finance_demo):
    before = selectors.budget_build(year=finance_demo)
    counts = demo.load(settings.BASE_DIR / "fixtures")

    assert counts["budget lines"] == 4
    assert FinancialYear.objects.count() == 3
    assert selectors.budget_build(year=finance_demo) == before
