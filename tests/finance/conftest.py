import pytest
from django.conf import settings

from finance import demo
from finance.models import FinancialYear


@pytest.fixture
def finance_demo(db):
    """The finance demo data typed from the seed papers."""
    demo.load(settings.BASE_DIR / "fixtures")
    return FinancialYear.objects.get(start_year=2020)
