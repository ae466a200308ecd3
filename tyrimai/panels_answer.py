"""Declarations of the answer part of the research app."""
