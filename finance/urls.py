from django.urls import path

from pcc_portal.caching import shared_page

from . import views

app_name = "finance"

urlpatterns = [
    path("", views.index, name="index"),
    path("spend/", shared_page(views.SpendListView.as_view()), name="spend"),
]
