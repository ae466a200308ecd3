"""Placeholder: the yearend area fills this module."""
