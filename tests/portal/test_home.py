import pytest

from tests.factories import PlanFactory, PriorityFactory

pytestmark = pytest.mark.django_db


def test_home_lists_plans_and_links_each_priority(anon_client):
    plan = PlanFactory(title="Police and Crime Plan for Lancashire 2021–2025")
    priority = PriorityFactory(plan=plan, title="Tackling crime and re-offending")
    page = anon_client.get("/").content.decode()
    assert "Police and Crime Plan for Lancashire 2021–2025" in page
    assert f'href="{priority.get_absolute_url()}"' in page
    assert anon_client.get(priority.get_absolute_url()).status_code == 200
