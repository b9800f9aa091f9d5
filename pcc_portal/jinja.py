"""The Jinja2 environment of the few templates that lay out hundreds of rows per request.

Django's own template language costs tens of microseconds per variable; a plan dashboard shows
thousands of cells and renders them uncached after every save, so its rows, a measure's series
and every django-tables2 table are laid out by Jinja2 (compiled to Python), everything else by
Django templates. Autoescaping is on, and an unknown name is an error rather than an empty
cell."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.template.defaultfilters import pluralize
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django_tables2.templatetags.django_tables2 import table_page_range
from jinja2 import Environment, StrictUndefined

from core.formatting import format_value

from .tables import attributes, printed, querystring_replace


def json_script(value, element_id: str) -> str:
    """Django's `json_script`, for a page of many charts: the same script element, its three
    HTML characters escaped by replacement rather than `str.translate` with a mapping, which
    takes ten times as long on a chart's JSON (five milliseconds of a priority page)."""
    text = json.dumps(value, cls=DjangoJSONEncoder)
    text = text.replace("&", "\\u0026").replace("<", "\\u003C").replace(">", "\\u003E")
    return format_html(
        '<script id="{}" type="application/json">{}</script>', element_id, mark_safe(text)
    )


def environment(**options) -> Environment:
    options["undefined"] = StrictUndefined
    env = Environment(**options)
    env.filters["capfirst"] = capfirst
    env.filters["json_script"] = json_script
    env.filters["pluralize"] = pluralize
    env.filters["printed"] = printed
    env.globals["format_value"] = format_value
    env.globals.update(
        attributes=attributes,
        querystring_replace=querystring_replace,
        table_page_range=table_page_range,
    )
    return env
