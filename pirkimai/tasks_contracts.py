"""Periodic tasks and notification kinds of the contracts area."""
