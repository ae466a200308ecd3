"""Declarations of the awards app (menu, home panels, object panels, calendar sources,
digest items, personal data), one module per area."""

from apdovanojimai import (  # noqa: F401
    panels_contests,
    panels_jury,
    panels_nominations,
    panels_results,
)
