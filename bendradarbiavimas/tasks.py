"""Periodic tasks and notification kinds of the cooperation app, one module per area."""

from bendradarbiavimas import (
    tasks_groups,  # noqa: F401
    tasks_minutes,  # noqa: F401
    tasks_partners,  # noqa: F401
)
