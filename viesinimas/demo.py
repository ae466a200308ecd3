"""Demo data of the publicity app: each area's ``demo_<area>.load(out)`` in an order where
the later may refer to the earlier (publications to events and practices, the newsletter
to practices)."""

from importlib import import_module


def load(out) -> None:
    for area in ("events", "practices", "publicity", "newsletter"):
        import_module(f"viesinimas.demo_{area}").load(out)
