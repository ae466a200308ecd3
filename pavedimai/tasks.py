"""Periodic tasks and notification kinds of the assignments app."""
