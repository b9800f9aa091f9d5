from django import template
from django.shortcuts import resolve_url
from django.utils.html import format_html, format_html_join

from core import formatting
from core.formatting import format_value

register = template.Library()


@register.filter
def figure(observation):
    """An observation's value written in its measure's unit: 142,374 · 83.8% · 10.2 min."""
    if observation is None:
        return ""
    return format_value(observation.measure, observation.value)


@register.filter
def pounds(value):
    """£25,000 · £33,939.53: the portal's one rule for pounds and pence."""
    return formatting.pounds(value)


@register.filter
def pounds_change(value):
    """+£15 · -£2.50: a change in pounds, always signed."""
    return formatting.pounds(value, sign=True)


@register.filter
def millions(value):
    """£312.930m: an amount kept in £ million, to the thousand."""
    return formatting.money_text(value, "m")


@register.simple_tag
def measure_value(measure, value):
    return format_value(measure, value) if value is not None else ""


@register.simple_tag
def column_headings(*headings, numeric=""):
    """A GOV.UK table's head: one column heading each, in order. The headings named in `numeric`
    (comma-separated) are right-aligned over their figures:
    {% column_headings "Period" "Received" "Status" numeric="Received" %}."""
    right = {name.strip() for name in numeric.split(",")}
    cells = format_html_join(
        "\n",
        '<th scope="col" class="govuk-table__header{}">{}</th>',
        ((" govuk-table__header--numeric" if text in right else "", text) for text in headings),
    )
    return format_html(
        '<thead class="govuk-table__head"><tr class="govuk-table__row">\n{}\n</tr></thead>', cells
    )


@register.simple_block_tag
def scrolling_table(content, classes="", id="", label=""):
    """A GOV.UK table that scrolls sideways in its own box on a narrow screen instead of widening
    the page: {% scrolling_table classes="opcc-entry-table" id="grid" %}<thead>…
    {% endscrolling_table %}. A `label` makes the box a named region a keyboard user can scroll."""
    region = format_html(' role="region" aria-label="{}" tabindex="0"', label) if label else ""
    return format_html(
        '<div class="opcc-table-wrap"{}>\n<table class="{}"{}>{}</table>\n</div>',
        region,
        " ".join(["govuk-table", *classes.split()]),
        format_html(' id="{}"', id) if id else "",
        content,
    )


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(*trail):
    """A page's breadcrumbs from label, address pairs, top of the site first:
    {% breadcrumbs "Home" "home" "Grants" "funds:index" title %}. An address is what
    redirect() takes (a URL name without arguments, an object with get_absolute_url, or a URL);
    a last label without an address is the page itself."""
    pairs = zip(trail[::2], trail[1::2], strict=False)  # a last lone label has no address
    links = [(label, resolve_url(address)) for label, address in pairs]
    if len(trail) % 2:
        links.append((trail[-1], None))
    return {"links": links}
