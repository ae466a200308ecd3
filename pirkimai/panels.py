"""The procurement app's panels, one module per area."""

from pirkimai import panels_contracts, panels_plan, panels_purchases  # noqa: F401
