"""The performance tables: observations with their comparison, source and who verified them."""

import django_tables2 as tables
from django.utils.html import format_html

from core.formatting import format_value
from pcc_portal.tables import GOVUK_TABLE_ATTRS, NUMERIC_ATTRS, PortalTable

from .selectors import comparisons_for, plain_decimal

COMPACT_TABLE_ATTRS = {**GOVUK_TABLE_ATTRS, "class": "govuk-table opcc-table-compact"}
LINK = {"a": {"class": "govuk-link"}}


class ObservationTable(PortalTable):
    """Every figure the user may see; the export has exactly these columns."""

    measure = tables.Column(linkify=True, order_by=("measure__name",), attrs=LINK)
    area = tables.Column(order_by=("area__position", "area__name"))
    period = tables.Column(
        accessor="period_end", verbose_name="Period", order_by=("period_end", "period_start")
    )
    value = tables.Column(attrs=NUMERIC_ATTRS)
    unit = tables.Column()
    comparison = tables.Column(
        accessor="pk", verbose_name="Compared with a year earlier", orderable=False
    )
    status = tables.Column()
    source = tables.Column(accessor="measure__source", verbose_name="Source")
    verified_by = tables.Column(verbose_name="Verified by", default="")

    class Meta(PortalTable.Meta):
        attrs = COMPACT_TABLE_ATTRS
        sequence = ("measure", "area", "period", "value", "unit", "comparison", "status")
        fields = ()
        empty_text = "No figures match these filters."

    def __init__(self, *args, user=None, show_drafts=False, **kwargs):
        if not show_drafts:
            # The public and panel members only ever see published figures: no status column,
            # and no name of the officer who checked them (sign-off is the OPCC's business).
            kwargs["exclude"] = (*kwargs.get("exclude", ()), "status", "verified_by")
        super().__init__(*args, **kwargs)
        self.user, self.show_drafts = user, show_drafts
        self.comparisons = {}

    def load_comparisons(self, records):
        """Comparisons for the rows about to be shown or exported, in one query."""
        self.comparisons = comparisons_for(
            observations=list(records), user=self.user, show_drafts=self.show_drafts
        )

    def render_period(self, record):
        return record.period.label

    def value_period(self, record):
        return record.period.label

    def render_value(self, record):
        return format_value(record.measure, record.value)

    def value_value(self, record):
        return plain_decimal(record.value)

    def render_comparison(self, record):
        comparison = self.comparisons.get(record.pk)
        if comparison is None:
            return ""
        if comparison.assessment_label:
            return format_html(
                "{} <span class='opcc-assessment opcc-assessment--{}'>({}{})</span>",
                comparison.text,
                comparison.assessment,
                comparison.assessment_label.lower(),
                f": {comparison.reason}" if comparison.reason else "",
            )
        return comparison.text

    def value_comparison(self, record):
        comparison = self.comparisons.get(record.pk)
        return comparison.text if comparison else ""

    def render_status(self, record):
        if record.is_published:
            return record.get_status_display()
        return format_html(
            "<strong class='govuk-tag govuk-tag--yellow'>{}</strong>", record.get_status_display()
        )

    def value_status(self, record):
        return record.get_status_display()

    def render_verified_by(self, value):
        return value.get_full_name() or value.get_username()

    def value_verified_by(self, value):
        return (value.get_full_name() or value.get_username()) if value else ""


class MeasureTable(PortalTable):
    name = tables.Column(linkify=True, verbose_name="Measure", attrs=LINK)
    unit = tables.Column()
    direction_of_good = tables.Column(verbose_name="Direction of good")
    frequency = tables.Column()
    target = tables.Column(accessor="target_value", verbose_name="Target", default="")
    source = tables.Column()
    priorities = tables.Column(accessor="pk", verbose_name="Priorities", orderable=False)

    class Meta(PortalTable.Meta):
        attrs = COMPACT_TABLE_ATTRS
        fields = ()
        empty_text = "No measures match these filters."

    def render_target(self, record):
        return record.target_text

    def value_target(self, record):
        return record.target_text

    def value_priorities(self, record):
        return "; ".join(p.title_with_plan for p in record.priorities.all())

    def render_priorities(self, record):
        return self.value_priorities(record)
