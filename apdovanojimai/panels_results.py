"""Placeholder until the results area is written."""
