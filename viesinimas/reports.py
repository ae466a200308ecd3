"""Report kinds and metrics of the publicity app, one module per area."""

from viesinimas import reports_practices, reports_publicity  # noqa: F401
