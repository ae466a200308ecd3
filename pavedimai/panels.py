"""Declarations of the assignments app."""
