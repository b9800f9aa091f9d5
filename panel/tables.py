"""The panel's list tables; the CSV and XLSX exports reuse them, column for column."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from pcc_portal.tables import PortalTable

from .models import Meeting


def _not_known(record) -> str:
    return record.not_known_label


class MeetingTable(PortalTable):
    date = tables.DateColumn(format="j M Y", linkify=True, verbose_name="Date")
    body = tables.Column(verbose_name="Meeting")
    time = tables.Column(verbose_name="Time", empty_values=())
    venue = tables.Column(empty_values=())
    status = tables.Column()
    papers = tables.Column(
        accessor="agenda_published_on", verbose_name="Papers", orderable=False, empty_values=()
    )

    class Meta(PortalTable.Meta):
        model = Meeting
        fields = ["date", "body", "time", "venue", "status", "papers"]
        order_by = ["-date"]

    def render_time(self, record):
        return record.time.strftime("%-I.%M %p").lower() if record.time else _not_known(record)

    def value_time(self, record):
        return record.time.isoformat(timespec="minutes") if record.time else ""

    def render_venue(self, record):
        return record.venue or _not_known(record)

    def value_venue(self, record):
        return record.venue

    def render_status(self, record):
        label = self.value_status(record)
        if record.rescheduled_to:
            label = f"{record.get_status_display()} to {record.rescheduled_to:%-d %B %Y}"
        colour = {"held": "green", "cancelled": "red", "rescheduled": "orange"}.get(
            record.status, "grey" if record.date_passed else "blue"
        )
        return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, label)

    def value_status(self, record):
        if record.rescheduled_to:
            return f"{record.get_status_display()} to {record.rescheduled_to:%Y-%m-%d}"
        if record.date_passed:
            # A scheduled meeting whose day has gone by is not "scheduled" to a reader.
            return "Date passed, not yet recorded as held"
        return record.get_status_display()

    def render_papers(self, value):
        return f"Published {value:%-d %b %Y}" if value else "Not yet published"

    def value_papers(self, value):
        return value.isoformat() if value else ""


class DecisionTable(PortalTable):
    """Rows are DecisionPresenters: what the reader may see, never the raw decision."""

    reference = tables.Column(verbose_name="Reference", order_by=("year", "number"), linkify=True)
    title = tables.Column(verbose_name="Title", order_by=("title",))
    priority = tables.Column(verbose_name="PCC priority")
    decided_on = tables.DateColumn(format="j M Y", verbose_name="Date")
    decision_maker = tables.Column(verbose_name="Made by")
    access = tables.Column(verbose_name="Access", order_by=("restricted",))

    class Meta(PortalTable.Meta):
        order_by = ["-reference"]

    def render_decision_maker(self, record):
        return record.decision_maker_short

    def render_access(self, record):
        if record.restricted:
            return mark_safe("<strong>Restricted</strong>")
        return "Public"

    def value_access(self, record):
        return record.access
