"""The dashboard, the meeting page and the finance page offer their PDF, and the link works."""

import pytest
from django.core.management import call_command

from panel.models import Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def test_dashboard_offers_the_report_for_the_period_shown(demo, anon_client):
    page = anon_client.get("/performance/?period=2020-04-01..2021-03-31").content.decode()
    assert 'href="/panel/reports/performance/2021-03-31.pdf"' in page
    assert "Staff preview" not in page


def test_meeting_page_offers_the_document_pack(demo, panel_client):
    meeting = Meeting.objects.get(date="2021-12-06", body="panel")
    page = panel_client.get(meeting.get_absolute_url()).content.decode()
    assert 'href="/panel/reports/pack/2021-12-06.pdf"' in page


def test_finance_page_offers_the_annual_tables_and_staff_get_the_preview(demo, officer_client):
    page = officer_client.get("/finance/?year=2020").content.decode()
    assert 'href="/panel/reports/annual/2020-21.pdf"' in page
    assert 'href="/panel/reports/annual/2020-21.pdf?drafts=1"' in page


def test_staff_see_where_the_render_stands_beside_the_button(
    demo, anon_client, officer_client, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # no worker
    dashboard = "/performance/?period=2020-04-01..2021-03-31"
    assert anon_client.get("/panel/reports/performance/2021-03-31.pdf").status_code == 202
    staff = officer_client.get(dashboard).content.decode()
    assert "Performance Monitoring Report (2021-03-31):" in staff
    assert "Queued</strong> (attempt 0 of 3)" in staff
    public = anon_client.get(dashboard).content.decode()
    assert "Queued" not in public and "attempt" not in public
