"""The funds pages' tables: grants (one row per award) and the totals breakdowns."""

from decimal import Decimal

import django_tables2 as tables
from django.utils.html import format_html

from core.formatting import pounds
from pcc_portal.tables import NUMERIC_ATTRS, MoneyColumn, PortalTable

from .models import Grant

NUM = NUMERIC_ATTRS
# django-tables2 does not inherit a Meta class: each table repeats `Meta(PortalTable.Meta)`,
# or it would lose the portal's GOV.UK table classes.


class GrantTable(PortalTable):
    title = tables.Column("Project")
    organisation = tables.Column(
        "Organisation", order_by=("organisation__name",), default="Not named"
    )
    fund = tables.Column("Fund", order_by=("fund__name", "fund__start_year"))
    award_date = tables.Column("Date")
    amount_awarded = MoneyColumn(
        "Awarded", default="Not published", footer=lambda table: table.total_text()
    )
    amount_requested = MoneyColumn("Requested", default="–")
    status = tables.Column("Status")
    district = tables.Column("District", accessor="organisation__district", default="–")
    priority = tables.Column("Plan priority", default="–", order_by=("priority__title",))
    decision_reference = tables.Column("PCC decision", default="–")
    people_reached = tables.Column("People reached", default="–", attrs=NUM)

    class Meta(PortalTable.Meta):
        model = Grant
        fields = ()
        sequence = (
            # What a reader looks for first stays in view beside the project, however narrow
            # the screen: the table scrolls sideways for the rest.
            "title",
            "amount_awarded",
            "organisation",
            "fund",
            "award_date",
            "amount_requested",
            "status",
            "district",
            "priority",
            "decision_reference",
            "people_reached",
        )
        order_by = ("-award_date",)

    def __init__(self, *args, total: Decimal | None = None, **kwargs):
        self.total = total
        super().__init__(*args, **kwargs)

    def total_text(self):
        return f"Total {pounds(self.total)}" if self.total is not None else ""

    def render_organisation(self, value):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>', value.get_absolute_url(), value
        )

    def value_organisation(self, value):
        return str(value)

    def render_fund(self, value):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>', value.get_absolute_url(), value
        )

    def value_fund(self, value):
        return str(value)

    def render_award_date(self, record):
        return record.award_date_text

    def value_award_date(self, value):
        return value.isoformat()

    def render_status(self, record):
        draft = "" if record.is_published else " (draft)"
        return f"{record.get_status_display()}{draft}"

    def value_status(self, record):
        return record.get_status_display()

    def render_district(self, record):
        return record.organisation.get_district_display() if record.organisation else "–"

    def value_district(self, record):
        return self.render_district(record)


class TotalsTable(PortalTable):
    """A breakdown of awarded amounts; the footer total is the sum of the rows above it."""

    class Meta(PortalTable.Meta):
        pass

    label = tables.Column("", orderable=False, footer="Total")
    grants = tables.Column(
        "Grants",
        orderable=False,
        attrs=NUM,
        footer=lambda table: str(table.breakdown.grants),
    )
    awarded = MoneyColumn(
        "Awarded", orderable=False, footer=lambda table: pounds(table.breakdown.total)
    )

    def __init__(self, breakdown, *, heading: str, **kwargs):
        self.breakdown = breakdown
        super().__init__(breakdown.rows, **kwargs)
        self.columns["label"].column.verbose_name = heading

    def render_awarded(self, record):
        if not record.without_amount:
            return pounds(record.awarded)
        return format_html(
            '{}<br><span class="govuk-body-s">and {} not published</span>',
            pounds(record.awarded),
            record.without_amount,
        )

    def value_awarded(self, record):
        return record.awarded

    def render_label(self, record):
        if record.url:
            return format_html('<a class="govuk-link" href="{}">{}</a>', record.url, record.label)
        return record.label

    def value_label(self, record):
        return record.label


class FundTotalsTable(TotalsTable):
    year_label = tables.Column("Year", orderable=False)
    funder = tables.Column("Funder", orderable=False)
    pot = MoneyColumn("Pot", orderable=False, default="Not published")
    unawarded = MoneyColumn("Not itemised", orderable=False, default="–")

    class Meta(PortalTable.Meta):
        sequence = ("label", "year_label", "funder", "pot", "grants", "awarded", "unawarded")
