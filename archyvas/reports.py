"""Report kinds and metrics of the archive app, one module per area."""

from archyvas import (  # noqa: F401
    reports_filing,
    reports_plan,
    reports_registers,
    reports_search,
    reports_yearend,
)
