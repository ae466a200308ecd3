"""Placeholder until the nominations area is written."""


def load(out) -> None:
    pass
