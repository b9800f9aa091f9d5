"""Template helpers of the plan's delivery pages."""

from django import template

register = template.Library()


@register.filter
def progress_rows(progress_form, priority) -> list:
    """The quarter grid's commitment rows of one priority (ProgressEntryForm.rows)."""
    return list(progress_form.rows(priority)) if progress_form else []
