"""Placeholder: the filing area fills this module."""


def load(out) -> None:
    return None
