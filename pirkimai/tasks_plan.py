"""Periodic tasks and notification kinds of the plan area."""
