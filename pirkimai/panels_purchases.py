"""Declarations of the purchases area."""
