import pytest


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded papers go to a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(db):
    """Meetings, papers, minutes and decisions of every visibility (tests/panel/scenario.py)."""
    from .scenario import build_world

    return build_world()
