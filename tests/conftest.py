"""The standard users of every view test: an officer, the performance lead, a panel member,
and the public (anonymous)."""

import pytest
from django.core.cache import cache
from django.test import Client

from pcc_portal.access import OFFICER, PANEL_MEMBER, PERFORMANCE_LEAD
from tests import outside_reads
from tests.factories import UserFactory


def pytest_configure(config):
    outside_reads.install()


@pytest.fixture(autouse=True)
def reads_only_the_repository():
    """Fails the test if it, the code it runs, or anything imported or collected before it
    opened a file outside the repository."""
    _fail_if_opened_outside("before this test (while collecting or importing)")
    yield
    _fail_if_opened_outside("by this test")


def _fail_if_opened_outside(when: str) -> None:
    opened = outside_reads.take()
    if opened:
        pytest.fail(f"Opened outside the repository {when}: {', '.join(opened)}", pytrace=False)


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
