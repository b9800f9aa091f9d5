"""The Content Security Policy in a real browser: plotly.js draws bar, scatter and pie charts
under the portal's policy with no violation reported, and the same page under a policy without
the plotly allowance does report one (so the check can fail).

Needs Debian's chromium and the built static/build/plotly-basic.min.js (make setup); skipped
without them.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.template import engines
from django.test import override_settings
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from pcc_portal.urls import urlpatterns as portal_urlpatterns
from tests.browser.conftest import CHROMIUM_ARGS

CHROMIUM = shutil.which("chromium")
PLOTLY = Path(settings.BASE_DIR) / "static" / "build" / "plotly-basic.min.js"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM, reason="chromium is not installed"),
    pytest.mark.skipif(not PLOTLY.exists(), reason="static/build is not built (make setup)"),
]

REPORTS: list[dict] = []

PAGE = """{% extends "base.html" %}{% load static %}
{% block title %}Chart check{% endblock %}
{% block content %}<div id="bar"></div><div id="scatter"></div><div id="pie"></div>
<p id="drawn"></p>{% endblock %}
{% block scripts %}<script src="{% static 'build/plotly-basic.min.js' %}"></script>
<script src="/csp-check/draw.js"></script>{% endblock %}"""

DRAW = """(async function () {
  await Plotly.newPlot("bar", [{type: "bar", x: ["2019/20", "2020/21"], y: [142374, 119515]},
    {type: "bar", x: ["2019/20", "2020/21"], y: [1000, 2000]}], {barmode: "stack"});
  await Plotly.newPlot("scatter", [{type: "scatter", mode: "lines+markers", x: [1, 2, 3],
    y: [3, 1, 2]}]);
  await Plotly.newPlot("pie", [{type: "pie", values: [1, 2, 3], labels: ["a", "b", "c"]}]);
  Plotly.Fx.hover("bar", {xval: 0, curveNumber: 0, pointNumber: 0});
  document.getElementById("drawn").textContent =
    "charts drawn: " + document.querySelectorAll(".main-svg").length;
})();"""


def _page(request):
    return HttpResponse(engines["django"].from_string(PAGE).render({}, request))


def _draw(request):
    return HttpResponse(DRAW, content_type="text/javascript")


@csrf_exempt
def _report(request):
    REPORTS.append(json.loads(request.body)["csp-report"])
    return HttpResponse(status=204)


urlpatterns = [
    path("csp-check/chart/", _page),
    path("csp-check/draw.js", _draw),
    path("csp-check/report/", _report),
    *portal_urlpatterns,
]


def _policy(**changes):
    directives = {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], **changes}
    return {"DIRECTIVES": {**directives, "report-uri": ["/csp-check/report/"]}}


def _load_in_chromium(url: str) -> str:
    REPORTS.clear()
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            *CHROMIUM_ARGS,
            "--virtual-time-budget=5000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=90,
    )
    return result.stdout


@pytest.mark.urls(__name__)
def test_plotly_draws_under_the_portal_policy_without_violations(live_server, transactional_db):
    with override_settings(CONTENT_SECURITY_POLICY=_policy()):
        dom = _load_in_chromium(f"{live_server.url}/csp-check/chart/")
    assert "charts drawn: 9" in dom  # three charts, three SVG layers each
    assert REPORTS == []


@pytest.mark.urls(__name__)
def test_without_the_plotly_allowance_the_browser_reports_the_style_element(
    live_server, transactional_db
):
    with override_settings(CONTENT_SECURITY_POLICY=_policy(**{"style-src": ["'self'"]})):
        _load_in_chromium(f"{live_server.url}/csp-check/chart/")
    assert REPORTS, "no CSP report arrived"
    assert {report["effective-directive"] for report in REPORTS} == {"style-src-elem"}
    assert all(report["source-file"].endswith("plotly-basic.min.js") for report in REPORTS)
