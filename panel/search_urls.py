"""The portal's one search, across every app: it lives in panel, the app allowed to read all."""

from django.urls import path

from .search import search

urlpatterns = [path("", search, name="search")]
