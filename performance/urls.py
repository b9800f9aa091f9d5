from django.urls import path

from . import staff_urls, views

app_name = "performance"

urlpatterns = [
    path("plans/<slug:plan>/", views.plan_detail, name="plan"),
    path("plans/<slug:plan>/<slug:priority>/", views.priority_detail, name="priority"),
    path("measures/<slug:measure>/", views.measure_detail, name="measure"),
    *staff_urls.urlpatterns,
]
