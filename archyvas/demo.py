"""Demo data of the archive: each area's ``demo_<area>.load(out)`` in an order where the
later may refer to the earlier (registers into the plans' files, filed documents into
them, year end over all of it). ``demo_data`` finds this module by itself."""

from archyvas import demo_filing, demo_plan, demo_registers, demo_search, demo_yearend


def load(out) -> None:
    for area in (demo_plan, demo_registers, demo_filing, demo_yearend, demo_search):
        area.load(out)
