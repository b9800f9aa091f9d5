"""The portal's URLs with the PDF downloads under /panel/reports/, as panel/urls.py will
include them (the lead adds the include line at merge)."""

from django.urls import include, path

from panel import urls as panel_urls
from pcc_portal.urls import urlpatterns as portal_urlpatterns

panel_patterns = [
    *[p for p in panel_urls.urlpatterns if getattr(p, "name", "") != "report_pdf"],
    path("reports/", include("panel.reports.urls")),
]
urlpatterns = [
    *[p for p in portal_urlpatterns if str(p.pattern) != "panel/"],
    path("panel/", include((panel_patterns, "panel"))),
]
