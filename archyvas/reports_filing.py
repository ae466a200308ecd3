"""Placeholder: the filing area fills this module."""
