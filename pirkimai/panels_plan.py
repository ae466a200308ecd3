"""Declarations of the plan area."""
