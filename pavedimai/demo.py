"""Demo data of the assignments app."""


def load(out) -> None:
    pass
