"""Tasks, periodic tasks and notification kinds of the archive app, one module per area."""

from archyvas import (  # noqa: F401
    tasks_filing,
    tasks_plan,
    tasks_registers,
    tasks_search,
    tasks_yearend,
)
