"""The per-row layouts of the performance pages, laid out by Jinja2: a plan dashboard has
thousands of cells, a priority page dozens of charts with their tables and a measure page its
whole series and control chart (pcc_portal/jinja.py)."""

from django import template
from django.template import engines
from django.utils.safestring import mark_safe

register = template.Library()


def _render(name: str, context: dict) -> str:
    # Autoescaped by Jinja2.
    return mark_safe(engines["jinja2"].get_template(name).render(context))


@register.simple_tag
def measure_rows(rows, caption):
    """The dashboard table of some measures (MeasureRow list)."""
    return _render("performance/measure_rows.html", {"rows": rows, "caption": caption})


@register.simple_tag
def series_table(measure, series):
    """A measure's series as a table (MeasureSeries), beneath its chart."""
    return _render("performance/series_table.html", {"measure": measure, "series": series})


@register.simple_tag
def spc_table(spc):
    """A control chart's figures, limits and signals (MeasureSpc), beneath the chart."""
    return _render("performance/spc_table.html", {"spc": spc})


@register.simple_tag
def trend_cards(chart_rows, area_name):
    """A priority's trend charts with their figures as tables."""
    return _render(
        "performance/trend_cards.html", {"chart_rows": chart_rows, "area_name": area_name}
    )
