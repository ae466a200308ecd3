"""Placeholder until the contests area is written."""
