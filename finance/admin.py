"""Officers enter a year's finance tables here, line by line, on the year's own page.

Totals are never typed: the year page shows the computed budget requirement and funding total
(read-only) beside the lines, so a mistyped line shows up at once against the paper.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pcc_portal.admin_publication import (
    WITHDRAWAL_FIELDS,
    LeadFieldsAdminMixin,
    NeverDeleteWhenPublicMixin,
)

from . import selectors, services
from .models import (
    BudgetLine,
    FinancialYear,
    FrontlineSpend,
    FundingLine,
    MonitoringLine,
    Precept,
    PrintedTotal,
    SpecificGrant,
)


class YearLinesInline(admin.TabularInline):
    """A table of the year's lines, with no empty row until the officer adds one."""

    extra = 0


class BudgetLineInline(YearLinesInline):
    model = BudgetLine
    fields = ["kind", "label", "amount", "position"]


class FundingLineInline(YearLinesInline):
    model = FundingLine
    fields = ["source", "amount", "position"]


class SpecificGrantInline(YearLinesInline):
    model = SpecificGrant
    fields = ["timing", "name", "amount", "position"]


class PreceptInline(admin.StackedInline):
    model = Precept
    extra = 0
    max_num = 1
    fields = ["band_d", "note"]


class FrontlineSpendInline(YearLinesInline):
    model = FrontlineSpend
    fields = ["category", "amount", "reported_percentage", "position"]


class MonitoringLineInline(YearLinesInline):
    model = MonitoringLine
    fields = ["quarter", "heading", "budget", "forecast_outturn", "variance", "position"]
    readonly_fields = ["variance"]

    @admin.display(description="Variance (£m)")
    def variance(self, line):
        return line.variance if line.pk else "–"


class PrintedTotalInline(YearLinesInline):
    model = PrintedTotal
    fields = ["figure", "amount", "source"]
    verbose_name = "total as printed in the source (for checking only)"
    verbose_name_plural = "totals as printed in the source (for checking only)"


@admin.register(FinancialYear)
class FinancialYearAdmin(LeadFieldsAdminMixin, NeverDeleteWhenPublicMixin, SimpleHistoryAdmin):
    lead_fields = ("is_published",)
    lead_service = staticmethod(services.financial_year_set_publication)
    lead_record = "year"
    list_display = ["label", "is_published", "brought_forward_requirement", "computed_requirement"]
    list_filter = ["is_published"]
    ordering = ["-start_year"]
    readonly_fields = ["computed_requirement", "computed_funding", "checks", *WITHDRAWAL_FIELDS]
    fieldsets = [
        (None, {"fields": ["start_year", "is_published", "source", "notes"]}),
        ("Withdrawal", {"fields": WITHDRAWAL_FIELDS}),
        ("Budget build", {"fields": ["brought_forward_requirement", "computed_requirement"]}),
        ("Computed from the lines below", {"fields": ["computed_funding", "checks"]}),
    ]
    inlines = [
        BudgetLineInline,
        FundingLineInline,
        SpecificGrantInline,
        PreceptInline,
        FrontlineSpendInline,
        MonitoringLineInline,
        PrintedTotalInline,
    ]

    def is_public(self, year):
        return year.is_published or year.is_withdrawn

    @admin.display(description="This year's budget requirement (£m, computed)")
    def computed_requirement(self, year):
        if year is None or year.pk is None:
            return "–"
        requirement = selectors.budget_build(year=year).requirement
        return requirement if requirement is not None else "–"

    @admin.display(description="Total funding (£m, computed)")
    def computed_funding(self, year):
        if year is None or year.pk is None:
            return "–"
        return selectors.funding_summary(year=year).total

    @admin.display(description="Checks")
    def checks(self, year):
        if year is None or year.pk is None:
            return "–"
        dashboard = selectors.finance_dashboard(year=year, years=[year])
        lines = [("OK: " if c.ok else "CHECK: ") + c.text for c in dashboard.checks]
        lines += [
            f"{'OK' if c.ok else 'CHECK'}: {c.label} printed {c.printed}, computed {c.computed}"
            for c in dashboard.printed_checks
        ]
        return "\n".join(lines) or "–"


class YearLineAdmin(SimpleHistoryAdmin):
    list_filter = ["year"]
    list_select_related = ["year"]


@admin.register(BudgetLine)
class BudgetLineAdmin(YearLineAdmin):
    list_display = ["label", "year", "kind", "amount"]
    list_filter = ["year", "kind"]
    search_fields = ["label"]


@admin.register(FundingLine)
class FundingLineAdmin(YearLineAdmin):
    list_display = ["source", "year", "amount"]


@admin.register(SpecificGrant)
class SpecificGrantAdmin(YearLineAdmin):
    list_display = ["name", "year", "timing", "amount"]
    list_filter = ["year", "timing"]
    search_fields = ["name"]


@admin.register(Precept)
class PreceptAdmin(YearLineAdmin):
    list_display = ["year", "band_d"]


@admin.register(FrontlineSpend)
class FrontlineSpendAdmin(YearLineAdmin):
    list_display = ["category", "year", "amount", "reported_percentage"]


@admin.register(MonitoringLine)
class MonitoringLineAdmin(YearLineAdmin):
    list_display = ["heading", "year", "quarter", "budget", "forecast_outturn", "variance"]
    list_filter = ["year", "quarter"]

    @admin.display(description="Variance (£m)")
    def variance(self, line):
        return line.variance
