"""Report kinds, metrics and the annual report's section of the awards app, one module per
area."""

from apdovanojimai import (  # noqa: F401
    reports_jury,
    reports_results,
)
