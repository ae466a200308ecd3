"""Placeholder: the registers area fills this module."""


def load(out) -> None:
    return None
