"""Placeholder until the results area is written."""


def load(out) -> None:
    pass
