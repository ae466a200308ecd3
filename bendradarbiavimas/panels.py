"""Declarations of the cooperation app (menu, home panels, object panels, calendar sources,
digest items, personal data), one module per area."""

from bendradarbiavimas import (  # noqa: F401
    panels_groups,
    panels_minutes,
    panels_overview,
    panels_partners,
)
