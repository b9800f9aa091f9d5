from django.urls import path

from pcc_portal.caching import shared_page

from . import staff_urls, views
from .delivery import urls as delivery_urls

app_name = "performance"

urlpatterns = [
    # Before the priority pages, whose address would otherwise take "delivery" for a priority.
    *delivery_urls.urlpatterns,
    path("", views.index, name="index"),
    path("plans/<slug:plan>/", views.plan_detail, name="plan"),
    path("plans/<slug:plan>/<slug:priority>/", views.priority_detail, name="priority"),
    path("measures/", shared_page(views.MeasureListView.as_view()), name="measures"),
    path("measures/<slug:measure>/", views.measure_detail, name="measure"),
    path("observations/", shared_page(views.ObservationListView.as_view()), name="observations"),
    path("open-data/observations.csv", views.open_data_csv, name="open-data-csv"),
    path("open-data/observations.json", views.open_data_json, name="open-data-json"),
    *staff_urls.urlpatterns,
]
