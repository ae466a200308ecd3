"""Placeholder: the registers area fills this module."""
