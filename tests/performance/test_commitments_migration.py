"""The lines officers typed into a priority's two text boxes become its commitments, in order,
when the portal is upgraded, and come back as lines if the upgrade is undone."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("performance", "0007_observation_sent_back_and_help")]
AFTER = [("performance", "0008_delivery_of_the_plan")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_priority_lines_become_commitments_and_back():
    old = migrate(BEFORE)
    plan = old.get_model("performance", "Plan").objects.create(
        code="p", title="Plan", start="2021-04-01", end="2025-03-31"
    )
    old.get_model("performance", "Priority").objects.create(
        plan=plan,
        code="asb",
        title="ASB",
        commitments="Launch a fund.\n\n  Reopen front counters.  \n",
        accountability="Fewer repeat victims.",
    )
    new = migrate(AFTER)
    rows = new.get_model("performance", "Commitment").objects.order_by("kind", "position")
    assert list(rows.values_list("kind", "position", "text")) == [
        ("accountability", 1, "Fewer repeat victims."),
        ("pcc", 1, "Launch a fund."),
        ("pcc", 2, "Reopen front counters."),
    ]
    back = migrate(BEFORE)
    priority = back.get_model("performance", "Priority").objects.get(code="asb")
    assert (priority.commitments, priority.accountability) == (
        "Launch a fund.\nReopen front counters.",
        "Fewer repeat victims.",
    )
    migrate(executor_leaf_nodes())


def executor_leaf_nodes():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
