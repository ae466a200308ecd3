"""Demo data of the contracts area."""


def load(out) -> None:
    pass
