"""The Jinja2 environment of the few templates that lay out hundreds of rows per request.

Django's own template language costs tens of microseconds per variable; a plan dashboard shows
thousands of cells and renders them uncached after every save, so its rows are laid out by
Jinja2 (compiled to Python), everything else by Django templates. Autoescaping is on, and an
unknown name is an error rather than an empty cell."""

from django.template.defaultfilters import pluralize
from django.utils.html import json_script
from django.utils.text import capfirst
from jinja2 import Environment, StrictUndefined

from core.formatting import format_value


def environment(**options) -> Environment:
    options["undefined"] = StrictUndefined
    env = Environment(**options)
    env.filters["capfirst"] = capfirst
    env.filters["json_script"] = json_script
    env.filters["pluralize"] = pluralize
    env.globals["format_value"] = format_value
    return env
