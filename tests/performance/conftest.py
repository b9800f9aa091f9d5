import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_cache():
    """Dashboards cache their figures: every test starts without any."""
    cache.clear()
    yield
    cache.clear()
