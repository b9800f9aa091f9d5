from django.urls import path

from pcc_portal.caching import shared_page

from . import views

app_name = "funds"

urlpatterns = [
    path("", views.index, name="index"),
    path("grants/", shared_page(views.GrantListView.as_view()), name="grants"),
    path("360giving.json", views.threesixty_json, name="360giving-json"),
    path("360giving.csv", views.threesixty_csv, name="360giving-csv"),
    path(
        "organisations/<slug:slug>/",
        shared_page(views.OrganisationGrantsView.as_view()),
        name="organisation",
    ),
    path("<int:year>/<slug:slug>/", shared_page(views.FundGrantsView.as_view()), name="fund"),
]
