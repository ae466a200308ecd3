"""Demo data of procurement: each area's ``demo_<area>.load(out)`` in an order where the
later may refer to the earlier (the plan's CPV codes and lines, purchases from them,
contracts of the purchases). ``demo_data`` finds this module by itself."""

from pirkimai import demo_contracts, demo_plan, demo_purchases


def load(out) -> None:
    for area in (demo_plan, demo_purchases, demo_contracts):
        area.load(out)
