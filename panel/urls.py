from django.urls import include, path
from django.views.generic import RedirectView

from pcc_portal.caching import shared_page

from . import staff_urls, views

app_name = "panel"

urlpatterns = [
    path("", shared_page(views.MeetingListView.as_view()), name="index"),
    path("meetings.ics", views.meetings_ics, name="meetings_ics"),
    path("meetings/<str:body>/<str:date>/", views.meeting_detail, name="meeting"),
    path("decisions/", shared_page(views.DecisionListView.as_view()), name="decisions"),
    path("decisions/<int:year>/<int:number>/", views.decision_detail, name="decision"),
    path("members/", views.members, name="members"),
    path("groups/", views.groups, name="groups"),
    # The panel's own search became the portal's (/search/): old links and bookmarks still work.
    path(
        "search/",
        RedirectView.as_view(pattern_name="search", query_string=True, permanent=True),
        name="search",
    ),
    path("papers/<int:pk>/", views.attachment_download, name="attachment"),
    path(
        "decision-documents/<int:pk>/", views.decision_document_download, name="decision_document"
    ),
    path("my/", views.my_panel, name="my-panel"),
    path("questions/new/", views.question_new, name="question-new"),
    *staff_urls.urlpatterns,
    path("reports/", include("panel.reports.urls")),
]
