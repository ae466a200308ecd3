"""Demo data of the awards app: each area's ``demo_<area>.load(out)`` in an order where the
later may refer to the earlier (nominations to contests, scores to nominations, awards to
results). ``demo_data`` finds this module by itself (every app's ``demo``)."""

from apdovanojimai import demo_contests, demo_jury, demo_nominations, demo_results


def load(out) -> None:
    for area in (demo_contests, demo_nominations, demo_jury, demo_results):
        area.load(out)
