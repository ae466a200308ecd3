"""Declarations of the publicity app (menu, home panels, object panels, calendar sources,
digest items, personal data), one module per area."""

from viesinimas import (  # noqa: F401
    panels_events,
    panels_newsletter,
    panels_practices,
    panels_publicity,
)
