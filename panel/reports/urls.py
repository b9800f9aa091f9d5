"""Download URLs of the PDF documents, included by panel/urls.py under "reports/":

    /panel/reports/performance/2021-03-31.pdf   Performance Monitoring Report, year to that date
    /panel/reports/pack/2021-12-06.pdf          Public Document Pack of the meeting that day
    /panel/reports/annual/2020-21.pdf           Annual report tables of that financial year

Add ?drafts=1 for the staff preview. No app_name: the names sit in the panel namespace
("panel:report_pdf").
"""

from django.urls import path

from . import views

urlpatterns = [
    path("<slug:kind>/<str:key>.pdf", views.document_pdf, name="report_pdf"),
]
