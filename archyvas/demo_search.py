"""Placeholder: the search area fills this module."""


def load(out) -> None:
    return None
