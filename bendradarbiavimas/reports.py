"""Report kinds, metrics, annual-report sections and fileable kinds of the cooperation app,
one module per area."""

from bendradarbiavimas import (
    reports_minutes,  # noqa: F401
    reports_overview,  # noqa: F401
    reports_partners,  # noqa: F401
)
