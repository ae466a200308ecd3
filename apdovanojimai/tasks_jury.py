"""Placeholder until the jury area is written."""
