"""Tasks of the publicity app: one module per area."""

from viesinimas import tasks_newsletter, tasks_practices  # noqa: F401
