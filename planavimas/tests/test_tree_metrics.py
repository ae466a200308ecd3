"""The tree's counting of linked metrics: a ratio is its parts' sum ÷ sum, each part
counted once per build even when several indicators (or a ratio) need it."""

from datetime import date
from decimal import Decimal

import pytest

from planavimas import tree
from portalas.metrics import Metric

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(monkeypatch):
    calls = {"hours": 0, "costs": 0}

    def counting(name, value):
        def compute(period, scope):
            calls[name] += 1
            return value
        return compute

    fake = {
        "t.hours": Metric("t.hours", "Valandos", "Hours", "3.1", compute=counting(
            "hours", Decimal("120.5"))),
        "t.costs": Metric("t.costs", "Išlaidos", "Costs", "3.1", compute=counting(
            "costs", Decimal("1000"))),
        "t.cost_per_hour": Metric("t.cost_per_hour", "Valandos kaina", "Cost per hour",
                                  "3.1", numerator="t.costs", denominator="t.hours"),
        "t.broken": Metric("t.broken", "Pagal temas", "By topic", "3.1",
                           compute=lambda period, scope: {"a": 1}),
    }
    monkeypatch.setattr("portalas.registry.metric", fake.__getitem__)
    return calls


def test_a_ratio_reuses_its_parts_counted_for_other_indicators(counted):
    cache = {}
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    assert tree.metric_value("t.hours", start, end, cache) == "120.5"
    assert tree.metric_value("t.costs", start, end, cache) == "1000"
    # 1000 ÷ 120.5, unrounded parts, rounded once
    assert tree.metric_value("t.cost_per_hour", start, end, cache) == "8.3"
    assert tree.metric_value("t.cost_per_hour", start, end, cache) == "8.3"
    assert counted == {"hours": 1, "costs": 1}


def test_a_metric_broken_down_or_unknown_has_no_value(counted):
    start, end = date(2026, 1, 1), date(2026, 3, 31)
    assert tree.metric_value("t.broken", start, end) is None
    assert tree.metric_value("t.nothing", start, end) is None
    assert tree.fulfilment("8.3", "10") == "83.0"
    assert tree.fulfilment(None, "10") is None and tree.fulfilment("5", "0") is None
