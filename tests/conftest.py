"""The standard users of every view test: an officer, the performance lead, a panel member,
and the public (anonymous)."""

import pytest
from django.core.cache import cache
from django.test import Client

from pcc_portal.access import OFFICER, PANEL_MEMBER, PERFORMANCE_LEAD
from tests.factories import UserFactory


@pytest.fixture
def officer(db):
    return UserFactory(username="test-officer", is_staff=True, role=OFFICER)


@pytest.fixture
def lead(db):
    return UserFactory(username="test-lead", is_staff=True, role=PERFORMANCE_LEAD)


@pytest.fixture
def panel_member(db):
    return UserFactory(username="test-panel", role=PANEL_MEMBER)


@pytest.fixture(autouse=True)
def report_settings(settings, tmp_path):
    """PDFs: each test its own reports storage. Tasks run inside the request (the immediate
    backend of pcc_portal.test_settings) unless a test runs a real worker process."""
    settings.STORAGES = {
        **settings.STORAGES,
        "reports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "reports"},
        },
    }
    return settings


def _client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def officer_client(officer):
    return _client_for(officer)


@pytest.fixture
def lead_client(lead):
    return _client_for(lead)


@pytest.fixture
def panel_client(panel_member):
    return _client_for(panel_member)


@pytest.fixture
def anon_client():
    return Client()


@pytest.fixture(params=["anonymous", "panel"])
def public_client(request, db, panel_member):
    """Each of the two audiences that must never see unpublished material."""
    return Client() if request.param == "anonymous" else _client_for(panel_member)


@pytest.fixture(autouse=True)
def empty_cache():
    """A rolled-back test also rolls the data version back, so a page cached in one test
    could be found by the next: every test starts with an empty cache."""
    cache.clear()
    yield
    cache.clear()
