"""Read-side queries of the contracts area."""


def home_context(user) -> dict:
    """What the procurement home page shows of this area (its card's context)."""
    return {}
