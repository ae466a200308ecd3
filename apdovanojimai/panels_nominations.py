"""Placeholder until the nominations area is written."""
