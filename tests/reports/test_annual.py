"""The annual report tables: finance and Appendix A read through the finance and funds apps'
selectors (with the reader passed on, so their visibility rules apply), Appendix B from the
performance data."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from panel.reports import annual
from panel.reports.annual import build_annual_tables, parse_financial_year, render_annual_tables
from tests.reports.conftest import DRAFT_MARK, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


def _step(label, amount, kind):
    return SimpleNamespace(label=label, amount=Decimal(amount), kind=kind)


@pytest.fixture
def finance_and_funds(monkeypatch):
    """The selectors' interface as the finance and funds apps define it, with the annual
    report's 2020/21 figures; records who asked for the grants."""
    year = SimpleNamespace(start_year=2020, label="2020/21")
    build = SimpleNamespace(
        steps=[
            _step("Budget requirement 2019/20", "289.563", "start"),
            _step("Uplift", "14.252", "pressure"),
            _step("Spending requirement 2020/21", "314.938", "subtotal"),
            _step("Savings and cost reductions", "-2.008", "saving"),
            _step("Budget requirement 2020/21", "312.930", "total"),
        ],
        requirement=Decimal("312.930"),
    )
    funding = SimpleNamespace(
        rows=[
            SimpleNamespace(
                label="Government 'core' grant", amount=Decimal("207.285"), share=Decimal("66.2")
            ),
            SimpleNamespace(label="Council tax", amount=Decimal("94.906"), share=Decimal("30.3")),
        ],
        total=Decimal("312.930"),
    )
    groups = [
        SimpleNamespace(
            label="Included in original budget decision",
            rows=[("Uplift grant", Decimal("4275849"))],
            total=Decimal("10728023"),
        )
    ]
    asked = []

    def grants_by_fund(*, year=None, user=None, show_drafts=False):
        asked.append((year, user, show_drafts))
        grant = SimpleNamespace(
            organisation="Lancashire Women",
            title="",
            purpose="The Recourse Project",
            amount_awarded=Decimal("25000"),
        )
        return [
            SimpleNamespace(
                fund="Reducing Reoffending Fund",
                year_label="2020/21",
                grants=[grant],
                total=Decimal("89350"),
            )
        ]

    fake_finance = SimpleNamespace(
        visible_years=lambda user=None, show_drafts=False: [year],
        budget_build=lambda year: build,
        funding_summary=lambda year, requirement=None: funding,
        specific_grants=lambda year: groups,
    )
    monkeypatch.setattr(annual, "finance_selectors", fake_finance)
    monkeypatch.setattr(annual, "funds_selectors", SimpleNamespace(grants_by_fund=grants_by_fund))
    return asked


def test_annual_tables_print_the_finance_selectors_figures_and_appendix_a(demo, finance_and_funds):
    text = pdf_text(render_annual_tables(start_year=2020).pdf)
    for expected in (
        "Revenue budget 2020/21",
        "Budget requirement 2019/20 289.563",
        "Add: Uplift 14.252",
        "Less: Savings and cost reductions -2.008",
        "Budget requirement 2020/21 312.930",
        "Government 'core' grant 207.285 66.2%",
        "Funding 2020/21 312.930",
        "Uplift grant 4,275,849",
        "Total 10,728,023",
        "Appendix A",
        "Lancashire Women The Recourse Project £25,000",
        "Total awarded £89,350",
    ):
        assert expected in text, expected


def test_grants_are_asked_for_as_the_public_sees_them(demo, finance_and_funds):
    build_annual_tables(start_year=2020, user=AnonymousUser())
    assert [(year, show) for year, _, show in finance_and_funds] == [(2020, False)]


def test_appendix_b_is_the_performance_summary_for_the_year(demo):
    pages = pdf_pages(render_annual_tables(start_year=2020).pdf)
    appendix = "\n".join(page for page in pages if "Appendix B" in page)
    assert "TACKLING CRIME & RE-OFFENDING" in appendix
    assert "142,374 Decrease (16%, -22,859) 119,515" in appendix
    assert DRAFT_MARK not in appendix


def test_staff_preview_of_the_annual_tables_is_marked_on_every_page(demo, officer):
    pages = pdf_pages(render_annual_tables(start_year=2020, user=officer, preview=True).pdf)
    assert all(DRAFT_MARK in page for page in pages)


@pytest.mark.parametrize("text", ["2020/22", "2020", "20/21", "twenty"])
def test_a_financial_year_must_be_written_like_2020_21(text):
    with pytest.raises(ValueError, match="write it as 2020/21"):
        parse_financial_year(text)


def test_financial_years_read_with_slash_or_hyphen():
    assert parse_financial_year("2020/21") == parse_financial_year("2020-21") == 2020


def test_annual_tables_from_the_demo_finance_and_funds_data(demo):
    text = pdf_text(render_annual_tables(start_year=2020).pdf)
    missing = [
        expected
        for expected in (
            "Budget requirement 2019/20 289.563",
            "Budget requirement 2020/21 312.930",
            "Government 'core' grant 207.285 66.2%",
            "Uplift grant 4,275,849",
            "Blackpool Council Contribution to community safety £91,000",
        )
        if expected not in text
    ]
    assert missing == []
