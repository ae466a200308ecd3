"""The procurement app's reports, one module per area."""

from pirkimai import reports_contracts, reports_plan, reports_purchases  # noqa: F401
