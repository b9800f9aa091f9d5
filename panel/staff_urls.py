"""The panel's pages for OPCC staff only: anonymous readers are asked to sign in and panel
members are refused (tests/portal/test_access_contract.py checks every page listed here)."""

from django.urls import path

from . import views

urlpatterns = [
    path("questions/", views.questions, name="questions"),
    path("questions/<int:pk>/", views.question_detail, name="question"),
]
