"""Placeholder: the plan area fills this module."""
