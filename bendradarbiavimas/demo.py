"""Demo data of the cooperation app: each area's ``demo_<area>.load(out)`` in an order where
the later may refer to the earlier (agreements to partners, meetings to groups, minutes and
decisions to meetings). ``demo_data`` finds this module by itself (every app's ``demo``)."""

from bendradarbiavimas import demo_groups, demo_minutes, demo_partners


def load(out) -> None:
    for area in (demo_partners, demo_groups, demo_minutes):
        area.load(out)
