"""The finance domain: what the commissioner must publish about money each financial year.

The Elected Local Policing Bodies (Specified Information) Order 2011 requires the budget, the
precept and the sources of funding to be published. Officers type the lines the papers print;
every total, subtotal, share and change is computed from them (see selectors.py), never typed.
Amounts in £ million are kept to three decimal places (the papers print £m to the thousand).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from core.history import ChangeHistory
from core.periods import Period, financial_year_label
from pcc_portal.publication import PublishedFlagQuerySet, Withdrawable

MONEY_M = {"max_digits": 10, "decimal_places": 3}
POSITIVE = [MinValueValidator(Decimal("0.001"), "Enter an amount greater than zero.")]


def position_field():
    return models.PositiveSmallIntegerField(default=10, help_text="Order on the page.")


NOT_NEGATIVE = [MinValueValidator(Decimal("0"), "An amount cannot be negative.")]


class FinancialYear(Withdrawable):
    """A UK financial year, April to March, named by the year it starts in: 2020 is 2020/21."""

    start_year = models.PositiveSmallIntegerField(
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="The year the financial year starts in April: 2020 for 2020/21.",
    )
    brought_forward_requirement = models.DecimalField(
        "last year's budget requirement (£m)",
        **MONEY_M,
        null=True,
        blank=True,
        validators=POSITIVE,
        help_text="The budget requirement the build starts from, as the budget paper states it.",
    )
    is_published = models.BooleanField(
        default=False, help_text="Unpublished years are seen only by OPCC staff."
    )
    source = models.CharField(
        max_length=200, blank=True, help_text="The paper the figures are from."
    )
    notes = models.TextField(blank=True)
    history = ChangeHistory()

    objects = PublishedFlagQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(brought_forward_requirement__gt=0)
                | models.Q(brought_forward_requirement__isnull=True),
                name="financial_year_requirement_positive",
                violation_error_message="Last year's budget requirement must be greater than zero.",
            )
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("finance:index") + f"?year={self.start_year}"

    @property
    def label(self) -> str:
        return financial_year_label(self.start_year)

    @property
    def period(self) -> Period:
        return Period.financial_year(self.start_year)

    @property
    def url_key(self) -> str:
        """The year in addresses, where a slash cannot go: 2020-21."""
        return self.label.replace("/", "-")


class BudgetLineKind(models.TextChoices):
    COST_PRESSURE = "pressure", "Cost pressure (added)"
    SAVING = "saving", "Saving or cost reduction (taken off)"


class BudgetLine(models.Model):
    """One line of the revenue budget build. Savings are entered as positive amounts; the
    build subtracts them, so a sign typed wrongly cannot flip the requirement."""

    year = models.ForeignKey(FinancialYear, on_delete=models.CASCADE, related_name="budget_lines")
    kind = models.CharField(max_length=10, choices=BudgetLineKind.choices)
    label = models.CharField(max_length=120)
    amount = models.DecimalField("amount (£m)", **MONEY_M, validators=POSITIVE)
    position = position_field()
    history = ChangeHistory()

    class Meta:
        ordering = ["year", "kind", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="budget_line_amount_positive",
                violation_error_message=(
                    "Enter the amount as a positive number; savings are subtracted for you."
                ),
            ),
            models.UniqueConstraint(
                fields=["year", "kind", "label"], name="budget_line_label_unique_in_year"
            ),
        ]

    def __str__(self):
        return f"{self.year}: {self.label}"


class FundingSource(models.TextChoices):
    CORE_GRANT = "core_grant", "Government 'core' grant"
    SPECIFIC_GRANTS = "specific_grants", "Specific grants"
    COUNCIL_TAX = "council_tax", "Council tax"
    RESERVES = "reserves", "Use of reserves"
    OTHER = "other", "Other income"


class FundingLine(models.Model):
    """How the budget requirement is funded: one amount per source."""

    year = models.ForeignKey(FinancialYear, on_delete=models.CASCADE, related_name="funding_lines")
    source = models.CharField(max_length=20, choices=FundingSource.choices)
    amount = models.DecimalField("amount (£m)", **MONEY_M, validators=POSITIVE)
    position = position_field()
    history = ChangeHistory()

    class Meta:
        ordering = ["year", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="funding_line_amount_positive",
                violation_error_message="A funding amount must be greater than zero.",
            ),
            models.UniqueConstraint(
                fields=["year", "source"],
                name="funding_source_once_per_year",
                violation_error_message="This source already has an amount for this year.",
            ),
        ]

    def __str__(self):
        return f"{self.year}: {self.get_source_display()}"


class GrantTiming(models.TextChoices):
    ORIGINAL_BUDGET = "original", "Included in the original budget decision"
    IN_YEAR = "in_year", "Awarded during the year"


class SpecificGrant(models.Model):
    """A specific (ring-fenced) government grant received, in pounds."""

    year = models.ForeignKey(
        FinancialYear, on_delete=models.CASCADE, related_name="specific_grants"
    )
    name = models.CharField(max_length=160)
    timing = models.CharField(max_length=10, choices=GrantTiming.choices)
    amount = models.DecimalField("amount (£)", max_digits=14, decimal_places=2, validators=POSITIVE)
    position = position_field()
    history = ChangeHistory()

    class Meta:
        ordering = ["year", "timing", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="specific_grant_amount_positive",
                violation_error_message="A grant amount must be greater than zero.",
            ),
            models.UniqueConstraint(
                fields=["year", "timing", "name"], name="specific_grant_name_unique_in_year"
            ),
        ]

    def __str__(self):
        return f"{self.year}: {self.name}"


class Precept(models.Model):
    """The police part of council tax for a Band D property in a year, in pounds."""

    year = models.OneToOneField(FinancialYear, on_delete=models.CASCADE, related_name="precept")
    band_d = models.DecimalField(
        "Band D amount (£)", max_digits=8, decimal_places=2, validators=POSITIVE
    )
    note = models.CharField(max_length=300, blank=True)
    history = ChangeHistory()

    class Meta:
        ordering = ["-year__start_year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(band_d__gt=0),
                name="precept_band_d_positive",
                violation_error_message="The Band D amount must be greater than zero.",
            )
        ]

    def __str__(self):
        return f"Band D precept {self.year}"


class FrontlineCategory(models.TextChoices):
    """The force's split of net spend. Visible and non-visible together are the operational
    frontline (a subtotal, never entered). "Other" sits outside the split: the force's table
    prints it without a percentage, and the percentages add to 100% without it."""

    VISIBLE = "visible", "Visible"
    NON_VISIBLE = "non_visible", "Non-visible"
    FRONTLINE_SUPPORT = "frontline_support", "Frontline support"
    BUSINESS_SUPPORT = "business_support", "Business support"
    OTHER = "other", "Other"


SPLIT_CATEGORIES = (
    FrontlineCategory.VISIBLE,
    FrontlineCategory.NON_VISIBLE,
    FrontlineCategory.FRONTLINE_SUPPORT,
    FrontlineCategory.BUSINESS_SUPPORT,
)
OPERATIONAL_FRONTLINE = (FrontlineCategory.VISIBLE, FrontlineCategory.NON_VISIBLE)


class FrontlineSpend(models.Model):
    """Net spend in a frontline category for a year (£m). `reported_percentage` is what the
    source paper printed, kept only so the dashboard can check the computed share against it."""

    year = models.ForeignKey(
        FinancialYear, on_delete=models.CASCADE, related_name="frontline_spend"
    )
    category = models.CharField(max_length=20, choices=FrontlineCategory.choices)
    amount = models.DecimalField("spend (£m)", **MONEY_M, validators=NOT_NEGATIVE)
    reported_percentage = models.DecimalField(
        "percentage printed in the source",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    position = position_field()
    history = ChangeHistory()

    class Meta:
        ordering = ["year", "position", "pk"]
        verbose_name_plural = "frontline spend"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="frontline_spend_not_negative",
                violation_error_message="Spend cannot be negative.",
            ),
            models.UniqueConstraint(
                fields=["year", "category"],
                name="frontline_category_once_per_year",
                violation_error_message="This category already has a figure for this year.",
            ),
        ]

    def __str__(self):
        return f"{self.year}: {self.get_category_display()}"


class MonitoringLine(models.Model):
    """One line of a quarterly financial position report: the budget and the forecast outturn
    at the end of a quarter (£m). The variance is computed (outturn minus budget)."""

    year = models.ForeignKey(
        FinancialYear, on_delete=models.CASCADE, related_name="monitoring_lines"
    )
    quarter = models.PositiveSmallIntegerField(
        choices=[(n, f"Q{n}") for n in range(1, 5)],
        help_text="Quarter of the financial year: Q1 is April to June.",
    )
    heading = models.CharField(
        max_length=120, help_text="e.g. Constabulary, OPCC, Capital financing"
    )
    budget = models.DecimalField("budget (£m)", **MONEY_M, validators=NOT_NEGATIVE)
    forecast_outturn = models.DecimalField(
        "forecast outturn (£m)", **MONEY_M, validators=NOT_NEGATIVE
    )
    position = position_field()
    history = ChangeHistory()

    class Meta:
        ordering = ["year", "quarter", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget__gte=0, forecast_outturn__gte=0),
                name="monitoring_amounts_not_negative",
                violation_error_message="A budget or an outturn cannot be negative.",
            ),
            models.UniqueConstraint(
                fields=["year", "quarter", "heading"],
                name="monitoring_heading_once_per_quarter",
                violation_error_message="This heading already has figures for this quarter.",
            ),
        ]

    def __str__(self):
        return f"{self.year} Q{self.quarter}: {self.heading}"

    @property
    def variance(self) -> Decimal:
        return self.forecast_outturn - self.budget


class PrintedFigure(models.TextChoices):
    """The totals a source paper prints, each in the unit of the lines it adds up."""

    SPENDING_REQUIREMENT = "spending_requirement", "Spending requirement (£m)"
    BUDGET_REQUIREMENT = "budget_requirement", "Budget requirement (£m)"
    FUNDING_TOTAL = "funding_total", "Total funding (£m)"
    SPECIFIC_GRANTS_ORIGINAL = "specific_original", "Specific grants in the original budget (£)"
    SPECIFIC_GRANTS_IN_YEAR = "specific_in_year", "Specific grants awarded during the year (£)"
    FRONTLINE_TOTAL = "frontline_total", "Total net spend (£m)"


class PrintedTotal(models.Model):
    """A total as the source paper printed it. Never used as a figure: the portal computes
    every total from its lines and shows this only to say whether the paper's lines add up."""

    year = models.ForeignKey(FinancialYear, on_delete=models.CASCADE, related_name="printed_totals")
    figure = models.CharField(max_length=24, choices=PrintedFigure.choices)
    amount = models.DecimalField(max_digits=14, decimal_places=3, validators=POSITIVE)
    source = models.CharField(max_length=200, blank=True)
    history = ChangeHistory()

    class Meta:
        ordering = ["year", "figure"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "figure"],
                name="printed_total_once_per_year",
                violation_error_message="This total is already recorded for this year.",
            )
        ]

    def __str__(self):
        return f"{self.year}: {self.get_figure_display()} as printed"


class SpendPayment(models.Model):
    """A payment of more than £500, as the OPCC publishes them each month under the Elected
    Local Policing Bodies (Specified Information) Order 2011, with the workbook cell it came
    from. Already public when imported: the workbook is the OPCC's own publication."""

    month = models.DateField(help_text="The first day of the month the payment is listed in.")
    paid_on = models.DateField("date")
    category = models.CharField("expenditure category", max_length=200)
    supplier = models.CharField(max_length=255)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    source_file = models.CharField(max_length=255)
    sheet = models.CharField(max_length=60)
    cell = models.CharField(max_length=20)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-month", "paid_on", "pk"]
        indexes = [
            models.Index(fields=["month", "paid_on"]),
            models.Index(fields=["supplier"]),
            models.Index(fields=["category"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(month__day=1),
                name="spend_payment_month_is_a_first_day",
                violation_error_message="The month is given by its first day.",
            )
        ]

    def __str__(self):
        return f"{self.paid_on:%-d %B %Y}: £{self.amount:,} to {self.supplier}"

    @property
    def citation(self) -> str:
        return f"{self.source_file}, sheet “{self.sheet}”, cell {self.cell}"
