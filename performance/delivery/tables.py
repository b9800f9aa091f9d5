"""The delivery tables: the commitments (the delivery page's rows and, column for column, its
exports) and the OPCC's assessments."""

import django_tables2 as tables
from django.template.loader import render_to_string

from pcc_portal.tables import PortalTable

LINK = {"a": {"class": "govuk-link"}}


def person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


class CommitmentTable(PortalTable):
    """Commitments of a plan with their latest update (commitments_with_progress)."""

    priority = tables.Column(accessor="priority__title", verbose_name="Priority")
    text = tables.Column(
        verbose_name="Commitment", linkify=True, attrs={"a": {"class": "govuk-link"}}
    )
    kind = tables.Column(verbose_name="Type")
    status = tables.Column(verbose_name="Latest status")
    as_at = tables.Column(accessor="status_period_end", verbose_name="Reported for", default="")
    narrative = tables.Column(
        accessor="status_narrative", verbose_name="Latest update", default="", orderable=False
    )
    lead_officer = tables.Column(verbose_name="Lead officer", default="")

    class Meta(PortalTable.Meta):
        fields = ()
        empty_text = "No commitments match these filters."

    def render_kind(self, record):
        return "Will do" if record.kind == "pcc" else "Holding to account"

    def value_kind(self, record):
        return record.get_kind_display()

    def render_status(self, record):
        return render_to_string(
            "performance/includes/progress_tag.html",
            {
                "status": record.status,
                "label": record.status_label,
                "sign_off": record.status_sign_off,
            },
        )

    def value_status(self, record):
        return record.status_label

    def render_as_at(self, record):
        return record.status_period.label if record.status_period else ""

    def value_as_at(self, record):
        return self.render_as_at(record)

    def render_lead_officer(self, value):
        return person(value)

    def value_lead_officer(self, value):
        return person(value)


class AssessmentTable(PortalTable):
    """The OPCC's published grades of measures, quarter by quarter; a withdrawn one says when
    and why in place of its grade and reason."""

    measure = tables.Column(linkify=True, order_by=("measure__name",), attrs=LINK)
    quarter = tables.Column(accessor="period_end", verbose_name="Quarter")
    grade = tables.Column(order_by=("grade__position",))
    reason = tables.Column(orderable=False)

    class Meta(PortalTable.Meta):
        fields = ()
        empty_text = "No assessments match these filters."

    def render_quarter(self, record):
        return record.period.label

    def value_quarter(self, record):
        return record.period.label

    def render_grade(self, record):
        return render_to_string("performance/includes/grade_tag.html", {"assessment": record})

    def value_grade(self, record):
        return "Withdrawn" if record.is_withdrawn else record.grade.label

    def render_reason(self, record):
        return record.withdrawal_text if record.is_withdrawn else record.reason

    def value_reason(self, record):
        return self.render_reason(record)
