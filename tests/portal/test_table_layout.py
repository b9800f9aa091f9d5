"""The tables on the pages: django-tables2's own layout and cells, printed faster.

PortalTable's template is Jinja2 and works out each column's rules once (`Cell`); these tests
hold every table of the portal to what django-tables2's template (the portal's GOV.UK dress of
django_tables2/table.html, below) prints for the same data, whitespace apart."""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import django_tables2 as tables
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.management import call_command
from django.template import engines
from django.test import RequestFactory
from django.utils.html import format_html
from django_tables2.templatetags import django_tables2 as table_tags

from pcc_portal.tables import PortalTable
from performance.models import Measure
from tests.performance.delivery_factories import MeasureAssessmentFactory

from .test_list_exports import LISTS

# The portal's table template as it was written for Django's template language.
LIBRARY_LAYOUT = (Path(__file__).parent / "library_table.html").read_text()

PAGES_WITH_TABLES = (
    *LISTS,
    "/finance/",
    "/funds/",
    "/performance/observations/?page=2&sort=-period",
)


def _tables_of(html: str) -> list[str]:
    """Each table with its pagination, whitespace folded; the CSRF token and the scripts'
    nonce differ from request to request. django-tables2 also prints the footer cells' own
    settings (`tf`) as an attribute of the table, which is no HTML attribute."""
    html = re.sub(r' tf="[^"]*"', "", html)
    html = re.sub(r"\s+", " ", html)
    html = re.sub(r"\s*([<>])\s*", r"\1", html)
    return re.findall(
        r'<div class="opcc-table-wrap"><table .*?</table></div>(?:<nav.*?</nav>)?', html
    )


def _with_library_layout(monkeypatch, fetch):
    layout = engines["django"].from_string(LIBRARY_LAYOUT)
    with monkeypatch.context() as patch:
        patch.setattr(table_tags, "get_template", lambda name: layout)
        return fetch()


@pytest.mark.django_db
def test_every_table_prints_what_django_tables2_prints(monkeypatch, officer_client, anon_client):
    call_command("load_demo", verbosity=0)
    MeasureAssessmentFactory(reason="Response times <within> target & improving")
    measure = Measure.objects.filter(observations__isnull=False).order_by("pk").first()
    seen = 0
    for client, query in ((officer_client, "drafts=1"), (anon_client, "")):
        for url in (*PAGES_WITH_TABLES, f"/performance/measures/{measure.code}/"):
            url = f"{url}{'&' if '?' in url else '?'}{query}" if query else url

            def fetch(url=url, client=client):
                cache.clear()
                response = client.get(url)
                assert response.status_code == 200, url
                return _tables_of(response.content.decode())

            expected = _with_library_layout(monkeypatch, fetch)
            found = fetch()
            assert found == expected, url
            seen += len(found)
    assert seen > 30  # the pages do show tables


class Sample(PortalTable):
    """A column of each kind the portal's tables use, and the kinds they could."""

    name = tables.Column(linkify=lambda record: f"/places/{record['code']}/")
    opened = tables.Column(localize=True, attrs={"td": {"data-opened": lambda value: value}})
    closed = tables.Column(localize=False)
    figure = tables.Column(attrs={"td": {"data-figure": lambda value: f"[{value}]"}})
    note = tables.Column(default="None given")
    marked = tables.Column(empty_values=())

    def render_figure(self, value, record, bound_row):
        return format_html("<b>{}</b> ({})", value, record["code"])

    def render_marked(self, value):
        return "yes" if value else "no"


def test_each_kind_of_cell_prints_as_django_tables2_prints_it(monkeypatch, settings):
    settings.USE_THOUSAND_SEPARATOR = True
    rows = [
        {
            "code": "a&b",
            "name": "Preston <North>",
            "opened": 12345,
            "closed": dt.date(2020, 4, 1),
            "figure": Decimal("1234.5"),
            "note": "",
            "marked": None,
        },
        {
            "code": "c",
            "name": "Lancaster",
            "opened": dt.date(2021, 3, 31),
            "closed": 67890,
            "figure": 7,
            "note": "Re-based",
            "marked": True,
        },
    ]
    request = RequestFactory().get("/places/", {"sort": "name", "q": "x y"})
    request.user = AnonymousUser()
    table = Sample(rows, request=request)
    tables.RequestConfig(request, paginate=False).configure(table)
    template = "{% load django_tables2 %}{% render_table table %}"

    def printed():
        return _tables_of(engines["django"].from_string(template).render({"table": table}, request))

    expected = _with_library_layout(monkeypatch, printed)
    assert printed() == expected
    # The library's rules, seen in its own output: sorted by name, the link and the text
    # escaped, localised or not as each column says, a callable attribute given the cell
    # before it is localised.
    lancaster, preston = expected[0].split("</tr><tr ")[0:2]
    shown = {
        lancaster: (
            '<a href="/places/c/">Lancaster</a>',
            '<td data-opened="2021-03-31">31 Mar 2021</td>',
        ),
        preston: (
            '<a href="/places/a&amp;b/">Preston &lt;North&gt;</a>',
            '<td data-opened="12345">12,345</td><td>April 1, 2020</td>',
            'data-figure="[&lt;b&gt;1234.5&lt;/b&gt; (a&amp;amp;b)]"',
            "<td>None given</td><td>no</td>",
        ),
    }
    for row, cells in shown.items():
        for cell in cells:
            assert cell in row
