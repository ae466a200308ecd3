"""Tasks, periodic tasks and notification kinds of the archive app, one module per area that
runs background work (the plan is written in the request; a filing's text is read by the
search area's task)."""

from archyvas import (  # noqa: F401
    tasks_registers,
    tasks_search,
    tasks_yearend,
)
