"""The portal's own pages that the performance figures make: the front page and "About the
data". Included at the site's root, outside the performance/ namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("about/data/", views.about_data, name="about-data"),
]
