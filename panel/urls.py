from django.urls import include, path

from pcc_portal.caching import shared_page

from . import views

app_name = "panel"

urlpatterns = [
    path("", shared_page(views.MeetingListView.as_view()), name="index"),
    path("meetings.ics", views.meetings_ics, name="meetings_ics"),
    path("meetings/<str:body>/<str:date>/", views.meeting_detail, name="meeting"),
    path("decisions/", shared_page(views.DecisionListView.as_view()), name="decisions"),
    path("decisions/<int:year>/<int:number>/", views.decision_detail, name="decision"),
    path("members/", views.members, name="members"),
    path("groups/", views.groups, name="groups"),
    path("search/", views.search, name="search"),
    path("papers/<int:pk>/", views.attachment_download, name="attachment"),
    path("paper/<int:pk>/", views.paper_detail, name="paper"),
    path(
        "decision-documents/<int:pk>/", views.decision_document_download, name="decision_document"
    ),
    path("reports/", include("panel.reports.urls")),
]
