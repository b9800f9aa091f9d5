import pytest

from tests.performance.import_helpers import make_reference


@pytest.fixture
def reference(db):
    """The plan, measures and areas the import tests' spreadsheets name."""
    return make_reference()
