import pytest
import yaml
from django.conf import settings

from funds import demo as funds_demo
from performance.models import Plan, Priority


def _plans_and_priorities():
    """Only the plans and priorities of the performance demo data: the grants refer to them,
    and loading every measure and observation would slow each test down."""
    data = yaml.safe_load((settings.BASE_DIR / "fixtures" / "performance.yaml").read_text())
    for row in data["plans"]:
        plan = Plan.objects.create(**{k: row[k] for k in ("code", "title", "start", "end")})
        for position, priority in enumerate(row["priorities"], start=1):
            Priority.objects.create(
                plan=plan, code=priority["code"], title=priority["title"], position=position
            )


@pytest.fixture
def grants_demo(db):
    """The funds demo data from the seeds, with the plan priorities it refers to."""
    _plans_and_priorities()
    return funds_demo.load(settings.BASE_DIR / "fixtures")
