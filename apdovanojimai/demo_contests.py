"""Placeholder until the contests area is written."""


def load(out) -> None:
    pass
