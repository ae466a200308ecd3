"""Declarations of the archive app (menu, home panels, object panels, personal data), one
module per area."""

from archyvas import (  # noqa: F401
    panels_filing,
    panels_plan,
    panels_registers,
    panels_search,
    panels_yearend,
)
