"""The procurement app's tasks, one module per area."""

from pirkimai import tasks_contracts, tasks_plan, tasks_purchases  # noqa: F401
