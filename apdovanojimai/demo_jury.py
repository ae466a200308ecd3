"""Placeholder until the jury area is written."""


def load(out) -> None:
    pass
