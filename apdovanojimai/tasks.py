"""Periodic tasks and notification kinds of the awards app, one module per area."""

from apdovanojimai import (  # noqa: F401
    tasks_jury,
    tasks_nominations,
)
