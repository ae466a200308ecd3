"""Periodic tasks and notification kinds of the purchases area."""
