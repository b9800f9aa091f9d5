"""The Jinja2 environment's own version of a Django helper prints exactly what Django's does."""

import datetime as dt
from decimal import Decimal

from django.utils import html

from pcc_portal.jinja import json_script


def test_json_script_is_djangos_to_the_character():
    figure = {
        "data": [{"x": [dt.date(2020, 4, 1)], "y": [Decimal("12.50"), None, 3.25]}],
        "layout": {"title": "</script><script>alert('&')</script> — Lancashire’s “figures”"},
    }
    printed = json_script(figure, "trend-1")
    assert printed == html.json_script(figure, "trend-1")
    assert "</script><script>" not in printed.removesuffix("</script>")
    assert "\\u003C/script\\u003E" in printed and "\\u0026" in printed
