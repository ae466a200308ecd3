"""Demo data of the purchases area."""


def load(out) -> None:
    pass
