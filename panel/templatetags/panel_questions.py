"""The panel's published questions and answers on the pages of other apps (a measure's page
lives in performance, which never imports panel: its template loads this library)."""

from django import template

from panel.selectors import published_questions

register = template.Library()


@register.inclusion_tag("panel/_questions.html")
def panel_questions(*, measure=None, decision=None, report=None):
    """The published questions about one measure, decision or paper, with a link for panel
    members to raise another."""
    subject = measure or decision or report
    kind = "measure" if measure else "decision" if decision else "report"
    key = measure.code if measure else subject.reference if decision else subject.pk
    return {
        "questions": published_questions(measure=measure, decision=decision, report=report),
        "kind": kind,
        "key": key,
    }
