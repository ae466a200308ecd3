"""Placeholder: the plan area fills this module."""


def load(out) -> None:
    return None
