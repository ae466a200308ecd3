"""Demo data of the plan area."""


def load(out) -> None:
    pass
