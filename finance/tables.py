"""The finance dashboard's tables. Each is built from a selector's plain data, so the table,
its CSV/XLSX export and the chart beside it show the same figures."""

from decimal import Decimal

import django_tables2 as tables

from core.formatting import millions, money_text
from pcc_portal.tables import NUMERIC_ATTRS, ROW_CLASS, MoneyColumn, PercentColumn, PortalTable

BOLD = "govuk-!-font-weight-bold"
NUM = NUMERIC_ATTRS
# django-tables2 does not inherit a Meta class: each table repeats `Meta(PortalTable.Meta)`,
# or it would lose the portal's GOV.UK table classes.


class MillionsColumn(tables.Column):
    """£ million to the thousand, as the budget papers print them; signed where asked."""

    def __init__(self, *args, signed: bool = False, least: int = 3, **kwargs):
        self.signed = signed
        self.least = least
        kwargs.setdefault("attrs", NUM)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return millions(Decimal(value), least=self.least, sign=self.signed)

    def value(self, value):
        return value


class FooterTotalTable(PortalTable):
    """A table whose `total` (computed by the selector) is printed in its footer."""

    class Meta(PortalTable.Meta):
        pass

    def __init__(self, *args, total=None, **kwargs):
        self.total = total
        super().__init__(*args, **kwargs)


class BudgetBuildTable(PortalTable):
    label = tables.Column("Revenue budget", orderable=False)
    amount = MillionsColumn("£m", orderable=False)

    class Meta(PortalTable.Meta):
        row_attrs = {
            "class": lambda record: (
                ROW_CLASS + ("" if record["kind"] in ("pressure", "saving") else f" {BOLD}")
            )
        }


class FundingTable(FooterTotalTable):
    class Meta(PortalTable.Meta):
        pass

    label = tables.Column("Funded by", orderable=False, footer="Funding")
    amount = MillionsColumn("£m", orderable=False, footer=lambda table: table.total_text())
    share = PercentColumn("Share", orderable=False, default="–")

    def total_text(self):
        return millions(self.total) if self.total is not None else ""


class SpecificGrantsTable(PortalTable):
    """All specific grants with the group each belongs to (the export)."""

    class Meta(PortalTable.Meta):
        pass

    timing = tables.Column("When", orderable=False)
    name = tables.Column("Grant", orderable=False)
    amount = MoneyColumn("Amount", orderable=False)


class SpecificGrantGroupTable(FooterTotalTable):
    """One group of specific grants on the page, its computed total in the footer."""

    class Meta(PortalTable.Meta):
        pass

    name = tables.Column("Grant", orderable=False, footer="Total")
    amount = MoneyColumn(
        "Amount", orderable=False, footer=lambda table: money_text(table.total, "£")
    )


class FrontlineTable(PortalTable):
    label = tables.Column("Spend", orderable=False)
    amount = MillionsColumn("£m", orderable=False, least=1)
    share = PercentColumn("Share", orderable=False, default="–")
    reported_percentage = PercentColumn("As printed", orderable=False, default="–")

    class Meta(PortalTable.Meta):
        row_attrs = {
            "class": lambda record: f"{ROW_CLASS} {BOLD}" if record["is_subtotal"] else ROW_CLASS
        }


class YearOnYearTable(PortalTable):
    class Meta(PortalTable.Meta):
        pass

    label = tables.Column("Figure", orderable=False)
    current = MillionsColumn("This year (£m)", orderable=False)
    previous = MillionsColumn("Year before (£m)", orderable=False, default="–")
    change = tables.Column("Change", orderable=False, default="–")


class MonitoringTable(PortalTable):
    class Meta(PortalTable.Meta):
        pass

    quarter = tables.Column("Quarter", orderable=False)
    heading = tables.Column("Heading", orderable=False)
    budget = MillionsColumn("Budget (£m)", orderable=False)
    forecast_outturn = MillionsColumn("Forecast outturn (£m)", orderable=False)
    variance = MillionsColumn("Variance (£m)", orderable=False, signed=True)

    def render_quarter(self, value):
        return f"Q{value}"


def dashboard_tables(dashboard) -> dict[str, PortalTable]:
    """Every table of the finance page, by the name its export link uses."""
    build = dashboard.build
    return {
        "budget_build": BudgetBuildTable(
            [{"label": s.label, "amount": s.amount, "kind": s.kind} for s in build.steps]
        ),
        "funding": FundingTable(
            [
                {"label": r.label, "amount": r.amount, "share": r.share}
                for r in dashboard.funding.rows
            ],
            total=dashboard.funding.total,
        ),
        "specific_grants": SpecificGrantsTable(
            [
                {"timing": g.label, "name": name, "amount": amount}
                for g in dashboard.grants
                for name, amount in [*g.rows, (f"Total: {g.label.lower()}", g.total)]
            ]
        ),
        "specific_grant_groups": [
            (
                g.label,
                SpecificGrantGroupTable(
                    [{"name": name, "amount": amount} for name, amount in g.rows], total=g.total
                ),
            )
            for g in dashboard.grants
        ],
        "frontline": FrontlineTable(
            [
                {
                    "label": r.label,
                    "amount": r.amount,
                    "share": r.share,
                    "reported_percentage": r.reported_percentage,
                    "is_subtotal": r.is_subtotal,
                }
                for r in dashboard.frontline.rows
            ]
        ),
        "year_on_year": YearOnYearTable(
            [
                {
                    "label": r.label,
                    "current": r.current,
                    "previous": r.previous,
                    "change": r.comparison.text if r.comparison else None,
                }
                for r in dashboard.year_on_year
            ]
        ),
        "monitoring": MonitoringTable(
            [
                {
                    "quarter": r.quarter,
                    "heading": r.heading,
                    "budget": r.budget,
                    "forecast_outturn": r.forecast_outturn,
                    "variance": r.variance,
                }
                # Stable sort: each quarter's lines, then its total.
                for r in sorted(
                    [*dashboard.monitoring, *dashboard.monitoring_totals], key=lambda r: r.quarter
                )
            ]
        ),
    }


class SpendPaymentTable(PortalTable):
    """Payments over £500: the list page and its CSV/XLSX exports."""

    paid_on = tables.DateColumn("j F Y", verbose_name="Date")
    category = tables.Column("Expenditure category")
    supplier = tables.Column()
    amount = MoneyColumn("Amount")
    cell = tables.Column("Published in", empty_values=(), orderable=False)

    class Meta(PortalTable.Meta):
        fields = ("paid_on", "category", "supplier", "amount")
        order_by = ("-paid_on",)

    def render_cell(self, record):
        return record.citation

    def value_cell(self, record):
        return record.citation


class SpendMonthTable(PortalTable):
    month = tables.DateColumn("F Y", verbose_name="Month", orderable=False)
    payments = tables.Column("Payments", attrs=NUM, orderable=False)
    total = MoneyColumn("Total", orderable=False)

    class Meta(PortalTable.Meta):
        pass


class SpendTotalTable(PortalTable):
    name = tables.Column(orderable=False, accessor="name")
    payments = tables.Column("Payments", attrs=NUM, orderable=False)
    total = MoneyColumn("Total", orderable=False)

    class Meta(PortalTable.Meta):
        pass

    def __init__(self, data, *, heading: str, field: str, **kwargs):
        rows = [{"name": row[field], **row} for row in data]
        super().__init__(rows, **kwargs)
        self.columns["name"].column.verbose_name = heading
