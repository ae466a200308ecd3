"""Declarations of the contracts area."""
