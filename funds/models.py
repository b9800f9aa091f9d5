"""Funds, the organisations they support and the grants awarded to them.

The Specified Information Order requires every crime-and-disorder grant to be published with
its recipient, purpose and conditions; 360Giving is the open standard the export follows
(funds/threesixty.py). Totals by fund, district and priority are computed from the grants in
selectors.py, never typed.
"""

import datetime as dt
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse

from core.history import ChangeHistory
from core.periods import Period, financial_year_label
from pcc_portal.identity import choices, site_identity
from pcc_portal.publication import PublishedFlagQuerySet, Withdrawable

POSITIVE_POUNDS = [MinValueValidator(Decimal("0.01"), "Enter an amount greater than zero.")]
DECISION_REFERENCE = re.compile(r"^(?P<number>[1-9][0-9]{0,3})/(?P<year>(19|20)[0-9]{2})$")


def optional_pounds(verbose_name: str, *, max_digits: int = 12, **kwargs):
    """An amount in pounds where the source may give none: empty, or greater than zero."""
    return models.DecimalField(
        verbose_name,
        max_digits=max_digits,
        decimal_places=2,
        null=True,
        blank=True,
        validators=POSITIVE_POUNDS,
        **kwargs,
    )


def decision_reference_problem(value: str) -> str:
    """Why `value` is not a PCC decision reference such as 17/2021, or "" if it is one."""
    if not DECISION_REFERENCE.match(value or ""):
        return (
            f"“{value}” is not a PCC decision reference: write the number, a slash and the "
            "four-digit year, e.g. 17/2021."
        )
    return ""


def validate_decision_reference(value: str):
    problem = decision_reference_problem(value)
    if problem:
        raise ValidationError(problem)


class Funder(models.TextChoices):
    PCC = "pcc", "Police and Crime Commissioner"
    HOME_OFFICE = "home_office", "Home Office"
    MOJ = "moj", "Ministry of Justice"
    MHCLG = "mhclg", "Ministry of Housing, Communities and Local Government"
    OTHER = "other", "Other"


class Fund(models.Model):
    """A pot of money the OPCC awards grants from in one financial year."""

    name = models.CharField(max_length=160)
    slug = models.SlugField(max_length=80)
    funder = models.CharField(max_length=12, choices=Funder.choices, default=Funder.PCC)
    start_year = models.PositiveSmallIntegerField(
        "financial year",
        help_text="The year the financial year starts in April: 2020 for 2020/21.",
        validators=[MinValueValidator(2000)],
    )
    pot = optional_pounds(
        "pot (£)",
        max_digits=14,
        help_text="The amount allocated to the fund, where the papers give it.",
    )
    description = models.TextField(blank=True)
    source = models.CharField(max_length=200, blank=True)
    history = ChangeHistory()

    class Meta:
        ordering = ["-start_year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "start_year"],
                name="fund_slug_unique_in_year",
                violation_error_message="There is already a fund with this name in this year.",
            ),
            models.CheckConstraint(
                condition=models.Q(pot__gt=0) | models.Q(pot__isnull=True),
                name="fund_pot_positive",
                violation_error_message="A fund's pot must be greater than zero.",
            ),
        ]

    def __str__(self):
        return f"{self.name} {self.year_label}"

    def get_absolute_url(self):
        return reverse("funds:fund", kwargs={"year": self.start_year, "slug": self.slug})

    @property
    def year_label(self) -> str:
        return financial_year_label(self.start_year)

    @property
    def period(self) -> Period:
        return Period.financial_year(self.start_year)


# The area's local authority areas and the area as a whole: data (pcc_portal/identity.py).
District = models.TextChoices("District", choices(site_identity().districts))


class Organisation(models.Model):
    """A body that receives grants: a charity, a company, a council, a partnership."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    charity_number = models.CharField(
        max_length=12,
        blank=True,
        validators=[
            RegexValidator(r"^[0-9]{6,8}(-[0-9]{1,2})?$", "Enter a charity number such as 1234567.")
        ],
        help_text="Registered charity number (England and Wales), where known.",
    )
    company_number = models.CharField(
        max_length=8,
        blank=True,
        validators=[
            RegexValidator(
                r"^([0-9]{8}|[A-Z]{2}[0-9]{6})$",
                "Enter an 8-character company number such as 01234567.",
            )
        ],
        help_text="Companies House number, where known.",
    )
    district = models.CharField(max_length=24, choices=District.choices, blank=True)
    history = ChangeHistory()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("funds:organisation", kwargs={"slug": self.slug})


class GrantStatus(models.TextChoices):
    APPLIED = "applied", "Applied"
    APPROVED = "approved", "Approved"
    PAID = "paid", "Paid"
    CLOSED = "closed", "Closed"


class DatePrecision(models.TextChoices):
    """How exactly the source dates the award. When it gives only a month or a year, the
    award date is that period's last day: the date by which the award had been made."""

    DAY = "day", "Exact day"
    MONTH = "month", "Month only"
    YEAR = "year", "Financial year only"


class Grant(Withdrawable):
    """An award from a fund to an organisation for a project."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="grants")
    # Empty only where the source names no recipient (Appendix A's "Rural Crime" line).
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="grants", null=True, blank=True
    )
    title = models.CharField("project title", max_length=200)
    purpose = models.TextField(blank=True)
    # Empty only where the source gives no amount for this award, e.g. one total for several
    # awards; such grants are listed but left out of totals' rows and of the 360Giving file.
    amount_awarded = optional_pounds("amount awarded (£)")
    amount_requested = optional_pounds("amount requested (£)")
    award_date = models.DateField()
    award_date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    status = models.CharField(
        max_length=10, choices=GrantStatus.choices, default=GrantStatus.APPROVED
    )
    priority = models.ForeignKey(
        "performance.Priority",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name="plan priority",
    )
    # A reference, not a foreign key: decisions live in the panel app, which may read funds
    # but is never read by it.
    decision_reference = models.CharField(
        "PCC decision",
        max_length=12,
        blank=True,
        validators=[validate_decision_reference],
        help_text="The PCC decision approving the grant, e.g. 17/2021.",
    )
    people_reached = models.PositiveIntegerField(null=True, blank=True)
    is_published = models.BooleanField(
        default=False, help_text="Only published grants are shown to the public and exported."
    )
    note = models.TextField(blank=True, help_text="How the source's figures were read.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = ChangeHistory()

    objects = PublishedFlagQuerySet.as_manager()

    class Meta:
        ordering = ["-award_date", "fund__name", "organisation__name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_awarded__gt=0) | models.Q(amount_awarded__isnull=True),
                name="grant_amount_awarded_positive",
                violation_error_message="The amount awarded must be greater than zero.",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_requested__gt=0)
                | models.Q(amount_requested__isnull=True),
                name="grant_amount_requested_positive",
                violation_error_message="The amount requested must be greater than zero.",
            ),
        ]
        indexes = [models.Index(fields=["is_published", "award_date"])]

    def __str__(self):
        return f"{self.title} ({self.organisation or 'recipient not named'})"

    @property
    def award_date_text(self) -> str:
        if self.award_date_precision == DatePrecision.MONTH:
            return self.award_date.strftime("%B %Y")
        if self.award_date_precision == DatePrecision.YEAR:
            return f"During {self.fund.year_label}" if self.fund_id else str(self.award_date.year)
        return f"{self.award_date:%-d %B %Y}"

    def clean(self):
        errors = {}
        if self.fund_id and self.award_date:
            period = self.fund.period
            if not period.start <= self.award_date <= period.end:
                errors["award_date"] = (
                    f"The award date {self.award_date:%-d %B %Y} is outside the fund's financial "
                    f"year {self.fund.year_label} ({period.start:%-d %B %Y} to "
                    f"{period.end:%-d %B %Y}). Change the date or choose the fund of that year."
                )
        month_known = self.award_date_precision == DatePrecision.MONTH
        if self.award_date and month_known and (self.award_date + dt.timedelta(days=1)).day != 1:
            errors["award_date_precision"] = (
                "When only the month is known, enter the month's last day as the award date."
            )
        if self.status in (GrantStatus.PAID, GrantStatus.CLOSED) and self.amount_awarded is None:
            errors["amount_awarded"] = "A paid or closed grant needs the amount awarded."
        if errors:
            raise ValidationError(errors)
