"""Pages for OPCC staff only (imports, sign-off, outstanding data), in the performance namespace."""

from django.urls import path

from . import staff_views

urlpatterns = [
    path("staff/outstanding/", staff_views.outstanding, name="staff_outstanding"),
    path(
        "staff/measures/<slug:measure>/history/",
        staff_views.measure_history_page,
        name="staff_measure_history",
    ),
]
