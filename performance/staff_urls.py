"""Pages for OPCC staff only (imports, sign-off, outstanding data), in the performance namespace."""

from django.urls import path

from . import staff_views
from .delivery import staff_views as delivery_staff_views

urlpatterns = [
    path("staff/quarter/", staff_views.quarter_entry_page, name="staff_quarter_entry"),
    path("staff/review/", staff_views.review_page, name="staff_review"),
    path(
        "staff/review/delivery/",
        delivery_staff_views.delivery_review_page,
        name="staff_delivery_review",
    ),
    path("staff/quarter/check/", staff_views.entry_check_json, name="staff_entry_check"),
    path("staff/outstanding/", staff_views.outstanding, name="staff_outstanding"),
    path(
        "staff/measures/<slug:measure>/history/",
        staff_views.measure_history_page,
        name="staff_measure_history",
    ),
]
