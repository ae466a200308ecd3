"""Placeholder: the search area fills this module."""
