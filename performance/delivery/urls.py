"""The delivery pages, in the performance namespace (performance/urls.py lists them)."""

from django.urls import path

from pcc_portal.caching import shared_page

from . import views

urlpatterns = [
    path("delivery/", shared_page(views.DeliveryView.as_view()), name="delivery-current"),
    path(
        "plans/<slug:plan>/delivery/",
        shared_page(views.DeliveryView.as_view()),
        name="delivery",
    ),
    path("commitments/<int:pk>/", views.commitment_detail, name="commitment"),
    path("assessments/", shared_page(views.AssessmentListView.as_view()), name="assessments"),
]
