"""Reads for the funds pages, the 360Giving export and the PDF report.

Totals are aggregated from the grants a user may see, one query per breakdown; the grand total
of a breakdown is the sum of its rows, so a table's total can never disagree with them.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from pcc_portal.identity import site_identity

from .models import District, Fund, Funder, Grant, Organisation

ZERO = Decimal("0")
FUNDER_SHORT = {
    Funder.PCC: "PCC",
    Funder.HOME_OFFICE: "Home Office",
    Funder.MOJ: "MoJ",
    Funder.MHCLG: "MHCLG",
    Funder.OTHER: "Other",
}


def visible_grants(*, user=None, show_drafts: bool = False) -> QuerySet[Grant]:
    return Grant.objects.visible_to(user, show_drafts=show_drafts)


def withdrawn_grants() -> QuerySet[Grant]:
    """Grants the public saw and the lead withdrew: listed with when and why, never amounts."""
    return (
        Grant.objects.withdrawn().select_related("fund", "organisation").order_by("-withdrawn_at")
    )


def grant_rows(queryset: QuerySet[Grant]) -> QuerySet[Grant]:
    """Grants with everything a table row prints, in a single query."""
    return queryset.select_related("fund", "organisation", "priority__plan")


def fund_years(*, user=None, show_drafts: bool = False) -> list[int]:
    """The financial years (start years) that have grants the user may see."""
    return sorted(
        set(
            visible_grants(user=user, show_drafts=show_drafts)
            .values_list("fund__start_year", flat=True)
            .distinct()
        ),
        reverse=True,
    )


@dataclass(frozen=True)
class TotalRow:
    key: str
    label: str
    awarded: Decimal
    grants: int
    without_amount: int
    pot: Decimal | None = None
    url: str = ""
    funder: str = ""
    year_label: str = ""

    @property
    def unawarded(self) -> Decimal | None:
        """What is left of the pot after the itemised awards (None if the pot is unknown)."""
        return self.pot - self.awarded if self.pot is not None else None


@dataclass(frozen=True)
class Breakdown:
    rows: list[TotalRow]

    @property
    def total(self) -> Decimal:
        return sum((r.awarded for r in self.rows), ZERO)

    @property
    def grants(self) -> int:
        return sum(r.grants for r in self.rows)

    @property
    def without_amount(self) -> int:
        return sum(r.without_amount for r in self.rows)


AGGREGATES = {
    "awarded": Sum("amount_awarded"),
    "count": Count("pk"),
    "without_amount": Count("pk", filter=Q(amount_awarded__isnull=True)),
}


def totals_by_fund(grants: QuerySet[Grant], *, year: int | None = None) -> Breakdown:
    """Totals of each fund's grants, and the funds that have no grants at all (such as a fund
    paid out to individuals), so every fund's pot is on the page. A fund whose grants are all
    drafts is left out for those who may not see drafts."""
    rows = list(
        grants.values(
            "fund__pk", "fund__name", "fund__slug", "fund__start_year", "fund__pot", "fund__funder"
        )
        .annotate(**AGGREGATES)
        .order_by()
    )
    empty = Fund.objects.filter(grants__isnull=True)
    if year is not None:
        empty = empty.filter(start_year=year)
    rows += [
        {
            **{f"fund__{k}": getattr(f, k) for k in ("pk", "name", "slug", "start_year", "pot")},
            "fund__funder": f.funder,
            "awarded": None,
            "count": 0,
            "without_amount": 0,
        }
        for f in empty
    ]
    rows.sort(key=lambda r: (-r["fund__start_year"], r["fund__name"]))
    return Breakdown([_fund_row(r) for r in rows])


def _fund_row(r: dict) -> TotalRow:
    fund = Fund(name=r["fund__name"], slug=r["fund__slug"], start_year=r["fund__start_year"])
    return TotalRow(
        key=str(r["fund__pk"]),
        label=fund.name,
        year_label=fund.year_label,
        awarded=r["awarded"] or ZERO,
        grants=r["count"],
        without_amount=r["without_amount"],
        pot=r["fund__pot"],
        url=fund.get_absolute_url(),
        funder=FUNDER_SHORT.get(r["fund__funder"], ""),
    )


def totals_by_district(grants: QuerySet[Grant]) -> Breakdown:
    # A grant with no named recipient and a recipient without a district fall in one row.
    rows = (
        grants.annotate(district=Coalesce("organisation__district", Value("")))
        .values("district")
        .annotate(**AGGREGATES)
    )
    districts = dict(District.choices)
    result = [
        TotalRow(
            key=r["district"],
            label=districts.get(r["district"], "District not recorded"),
            awarded=r["awarded"] or ZERO,
            grants=r["count"],
            without_amount=r["without_amount"],
        )
        for r in rows
    ]
    # Named districts alphabetically; the whole area and "not recorded" last.
    whole_area = site_identity().whole_area_district
    return Breakdown(
        sorted(result, key=lambda r: (r.key in ("", whole_area), r.key == "", r.label))
    )


def totals_by_priority(grants: QuerySet[Grant]) -> Breakdown:
    rows = (
        grants.values(
            "priority__pk",
            "priority__title",
            "priority__plan__start",
            "priority__plan__end",
            "priority__position",
        )
        .annotate(**AGGREGATES)
        .order_by("priority__plan__start", "priority__position")
    )
    # Rows with a priority first, in plan order; "none recorded" last.
    rows = sorted(rows, key=lambda r: r["priority__pk"] is None)
    return Breakdown(
        [
            TotalRow(
                key=str(r["priority__pk"] or ""),
                label=(
                    f"{r['priority__title']} ({r['priority__plan__start'].year}–"
                    f"{r['priority__plan__end'].year % 100:02d} plan)"
                    if r["priority__pk"]
                    else "No plan priority recorded"
                ),
                awarded=r["awarded"] or ZERO,
                grants=r["count"],
                without_amount=r["without_amount"],
            )
            for r in rows
        ]
    )


@dataclass(frozen=True)
class FundsDashboard:
    years: list[int]
    year: int | None
    by_fund: Breakdown
    by_district: Breakdown
    by_priority: Breakdown


def funds_dashboard(
    *, user=None, show_drafts: bool = False, year: int | None = None
) -> FundsDashboard:
    """Totals by fund, district and priority of the grants the user may see (one year or all)."""
    grants = visible_grants(user=user, show_drafts=show_drafts)
    if year is not None:
        grants = grants.filter(fund__start_year=year)
    return FundsDashboard(
        years=fund_years(user=user, show_drafts=show_drafts),
        year=year,
        by_fund=totals_by_fund(grants, year=year),
        by_district=totals_by_district(grants),
        by_priority=totals_by_priority(grants),
    )


# ----- Plain data for the PDF report --------------------------------------------------------


@dataclass(frozen=True)
class GrantLine:
    organisation: str
    title: str
    purpose: str
    amount_awarded: Decimal | None
    amount_requested: Decimal | None
    award_date: str
    status: str
    decision_reference: str


@dataclass(frozen=True)
class FundGrants:
    fund: str
    funder: str
    year_label: str
    pot: Decimal | None
    grants: list[GrantLine]

    @property
    def total(self) -> Decimal:
        return sum((g.amount_awarded for g in self.grants if g.amount_awarded is not None), ZERO)


def grants_by_fund(
    *, year: int | None = None, user=None, show_drafts: bool = False
) -> list[FundGrants]:
    """Each fund with its grants, as the annual report's Appendix A lists them (plain data, two
    queries). `year` is a financial year's start year; None for every year."""
    grants = grant_rows(visible_grants(user=user, show_drafts=show_drafts)).order_by(
        "-fund__start_year", "fund__name", "organisation__name", "pk"
    )
    if year is not None:
        grants = grants.filter(fund__start_year=year)
    funds: dict[int, FundGrants] = {}
    for g in grants:
        entry = funds.get(g.fund_id)
        if entry is None:
            entry = funds[g.fund_id] = FundGrants(
                g.fund.name, g.fund.get_funder_display(), g.fund.year_label, g.fund.pot, []
            )
        entry.grants.append(
            GrantLine(
                organisation=g.organisation.name if g.organisation else "Recipient not named",
                title=g.title,
                purpose=g.purpose,
                amount_awarded=g.amount_awarded,
                amount_requested=g.amount_requested,
                award_date=g.award_date_text,
                status=g.get_status_display(),
                decision_reference=g.decision_reference,
            )
        )
    return list(funds.values())


def organisation_with_grants(*, slug: str, user=None, show_drafts: bool = False):
    """The organisation and whether the user may see any of its grants."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        return None, False
    has_visible = (
        visible_grants(user=user, show_drafts=show_drafts)
        .filter(organisation=organisation)
        .exists()
    )
    return organisation, has_visible
