"""The admin is where officers work: figures are entered, imported and signed off here.

Status never changes through a form field: officers' saves are drafts (services.observation_submit),
the performance lead verifies and publishes with the list's actions, and a published figure
changes only through "Revise published value" with a reason. Every change is in the history.

The screens are split by what officers do: `plans` (plans, priorities, areas, commentary,
control-chart baselines), `measures` (definitions and their figures inline), `observations`
(the figures list and sign-off), `imports` (upload → preview → confirm) and `revisions`
(revising a published value with a reason), `open_data` (published files, their column
mappings and the peer groups). The delivery of the plan (commitments,
progress updates, assessments) has its own screens in performance.delivery.admin.
"""

from ..delivery import admin as delivery_admin  # noqa: F401  (each registers its models)
from . import measures, observations, open_data, plans  # noqa: F401
