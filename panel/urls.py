from django.urls import path

from . import views

app_name = "panel"

urlpatterns = [
    path("", views.MeetingListView.as_view(), name="index"),
    path("meetings.ics", views.meetings_ics, name="meetings_ics"),
    path("meetings/<str:body>/<str:date>/", views.meeting_detail, name="meeting"),
    path("decisions/", views.DecisionListView.as_view(), name="decisions"),
    path("decisions/<int:year>/<int:number>/", views.decision_detail, name="decision"),
    path("members/", views.members, name="members"),
    path("groups/", views.groups, name="groups"),
    path("search/", views.search, name="search"),
    path("papers/<int:pk>/", views.attachment_download, name="attachment"),
    path(
        "decision-documents/<int:pk>/", views.decision_document_download, name="decision_document"
    ),
]
