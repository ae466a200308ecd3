"""The plan (and the report) as one tree of plain data — what the pages, the documents
(PDF, DOCX, XLSX) and the approved versions (``Snapshot.data``) are all drawn from, so a
number cannot differ between them.

``build(plan)`` reads the live rows; ``build(plan, actuals=True)`` adds each indicator's
actual value: from the metric it is linked to (``portalas.registry``: any metric any app
declares, counted over the year, or from 1 January to ``until`` for the progress during the
year) or, when none is linked, the value typed in. Numbers are strings of a ``Decimal``
(JSON keeps them exact); ``number()`` reads them back.

Shape::

    {"year", "kind": "plan"|"report", "number", "status", "introduction",
     "problems", "directions", "until",
     "goals": [{"pk", "number": "1", "chapter", "title", "description", "narrative",
        "objectives": [{"pk", "number": "1.1", "title",
           "measures": [{"pk", "number": "1.1.1", "title", "responsible_unit",
              "responsible", "deadline", "quarter", "resources", "budget", "result",
              "result_comment",
              "indicators": [{"pk", "name", "unit", "planned", "metric", "metric_label",
                 "actual", "source": "metric"|"manual"|"", "fulfilment", "comment",
                 "countable"}]}]}]}],
     "totals": {...}}
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db.models import Prefetch

from planavimas.models import Goal, Indicator, Measure, MeasureStatus, Objective, Plan

__all__ = ["build", "chapters", "fulfilment", "metric_choices", "metric_value", "number",
           "quarterly", "walk"]


def number(value) -> Decimal | None:
    """A tree's number (a string) as a Decimal; None stays None."""
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _text(value) -> str | None:
    """A number for the tree: a plain string without exponent or trailing zeros."""
    if value is None or isinstance(value, dict):
        return None
    try:
        found = Decimal(str(value))
    except InvalidOperation:
        return None
    if not found.is_finite():
        return None
    found = found.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
    return format(found, "f")


def fulfilment(actual, planned) -> str | None:
    """Actual against planned in per cent, to a tenth; None when either is unknown or
    nothing was planned."""
    actual, planned = number(actual), number(planned)
    if actual is None or planned is None or planned <= 0:
        return None
    return format((actual * 100 / planned).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
                  "f")


def metric_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every plain metric any app declares, grouped by charter function — what an
    indicator may be linked to. A metric a later app declares is offered without a change
    here. Metrics broken down by a dimension are left out (an indicator is one number)."""
    from portalas.metrics import FUNCTIONS
    from portalas.registry import discover, metrics

    discover()
    groups = []
    for function, label in FUNCTIONS.items():
        found = [(m.name, f"{m.label}" + (f", {m.unit}" if m.unit else ""))
                 for m in metrics(function) if not m.dimension]
        if found:
            groups.append((f"{function} {label}", sorted(found, key=lambda c: c[1])))
    return groups


def metric_value(name: str, start: date, end: date, cache: dict | None = None):
    """The metric's value over the days, territory-wide; None when the metric is unknown,
    not defined for the span (annual statistics answer whole years only) or broken down."""
    return _text(_raw_value(name, start, end, {} if cache is None else cache))


def _raw_value(name: str, start: date, end: date, cache: dict):
    """The metric's value as it computes it, once per build (``cache``). A ratio is its
    parts' sum ÷ sum, as ``Metric.value`` divides — through the cache, so parts counted for
    another indicator (participant-hours, costs) are not counted again."""
    from portalas.metrics import Period
    from portalas.numbers import divide
    from portalas.registry import metric

    key = (name, start, end)
    if key in cache:
        return cache[key]
    try:
        found = metric(name)
    except Exception:  # noqa: BLE001 - a metric an app no longer declares
        found = None
    value = None
    if found is not None and found.is_ratio:
        result = divide(_raw_value(found.numerator, start, end, cache),
                        _raw_value(found.denominator, start, end, cache))
        value = None if result is None else result * found.scale
    elif found is not None:
        try:
            value = found.value(Period.between(start, end))
        except (TypeError, ValueError):
            value = None
    if isinstance(value, dict):
        value = None
    cache[key] = value
    return value


def _metric_info(name: str) -> tuple[str, bool]:
    """(label, countable): the metric's label and whether it lists the records it counts."""
    from portalas.registry import metric

    try:
        found = metric(name)
    except Exception:  # noqa: BLE001
        return "", False
    return str(found.label), found.count_records is not None and not found.is_ratio


def _rows(plan: Plan) -> list[Goal]:
    indicators = Indicator.objects.order_by("position", "pk")
    measures = (Measure.objects.select_related("responsible").order_by("position", "pk")
                .prefetch_related(Prefetch("indicators", queryset=indicators)))
    objectives = (Objective.objects.order_by("position", "pk")
                  .prefetch_related(Prefetch("measures", queryset=measures)))
    return list(plan.goals.order_by("chapter", "position", "pk")
                .prefetch_related(Prefetch("objectives", queryset=objectives)))


def build(plan: Plan, *, actuals: bool = False, until: date | None = None,
          kind: str | None = None) -> dict:
    """The plan as a tree; with ``actuals`` the report's actual values, counted from
    1 January to ``until`` (default: 31 December of the plan's year)."""
    from portalas.registry import discover

    discover()
    report = getattr(plan, "report", None) if actuals else None
    kind = kind or ("report" if actuals else "plan")
    start, end = date(plan.year, 1, 1), until or date(plan.year, 12, 31)
    cache: dict = {}
    tree = {"year": plan.year, "kind": kind,
            "number": (report.number if report else 1) if kind == "report" else plan.number,
            "status": (report.status if report else "draft") if kind == "report"
            else plan.status,
            "plan_number": plan.number,
            "introduction": (report.introduction if report else "") if kind == "report"
            else plan.introduction,
            "problems": report.problems if report else "",
            "directions": report.directions if report else "",
            "until": end.isoformat() if actuals else None,
            "goals": []}
    for g, goal in enumerate(_rows(plan), start=1):
        goal_node = {"pk": goal.pk, "number": str(g), "chapter": goal.chapter,
                     "title": goal.title, "description": goal.description,
                     "narrative": goal.narrative if actuals else "", "objectives": []}
        for o, objective in enumerate(goal.objectives.all(), start=1):
            objective_node = {"pk": objective.pk, "number": f"{g}.{o}",
                              "title": objective.title, "measures": []}
            for m, measure in enumerate(objective.measures.all(), start=1):
                person = measure.responsible
                measure_node = {
                    "pk": measure.pk, "number": f"{g}.{o}.{m}", "title": measure.title,
                    "responsible_unit": measure.responsible_unit,
                    "responsible": person.get_full_name() if person else "",
                    "deadline": measure.deadline.isoformat() if measure.deadline else None,
                    "quarter": measure.quarter, "resources": measure.resources,
                    "budget": _text(measure.budget),
                    "result": measure.result if actuals else "",
                    "result_comment": measure.result_comment if actuals else "",
                    "indicators": []}
                for indicator in measure.indicators.all():
                    label, countable = _metric_info(indicator.metric) if indicator.metric \
                        else ("", False)
                    node = {"pk": indicator.pk, "name": indicator.name,
                            "unit": indicator.unit, "planned": _text(indicator.planned),
                            "metric": indicator.metric, "metric_label": label,
                            "countable": countable, "actual": None, "source": "",
                            "fulfilment": None, "comment": indicator.comment if actuals
                            else ""}
                    if actuals:
                        if indicator.metric:
                            node["actual"] = metric_value(indicator.metric, start, end, cache)
                            node["source"] = "metric"
                        elif indicator.actual_manual is not None:
                            node["actual"] = _text(indicator.actual_manual)
                            node["source"] = "manual"
                        node["fulfilment"] = fulfilment(node["actual"], node["planned"])
                    measure_node["indicators"].append(node)
                objective_node["measures"].append(measure_node)
            goal_node["objectives"].append(objective_node)
        tree["goals"].append(goal_node)
    tree["totals"] = totals(tree)
    return tree


def walk(tree: dict):
    """Every (goal, objective, measure, indicator-or-None) of a tree, in order: a measure
    without indicators once with None."""
    for goal in tree["goals"]:
        for objective in goal["objectives"]:
            for measure in objective["measures"]:
                if not measure["indicators"]:
                    yield goal, objective, measure, None
                for indicator in measure["indicators"]:
                    yield goal, objective, measure, indicator


def totals(tree: dict) -> dict:
    """Counts for the summary: goals, measures by result, indicators, those linked to a
    metric, those with an actual value and those at or above the plan."""
    measures = [m for g in tree["goals"] for o in g["objectives"] for m in o["measures"]]
    indicators = [i for m in measures for i in m["indicators"]]
    found = {"goals": len(tree["goals"]), "measures": len(measures),
             "indicators": len(indicators),
             "linked": sum(1 for i in indicators if i["metric"]),
             "with_actual": sum(1 for i in indicators if i["actual"] is not None),
             "met": sum(1 for i in indicators if i["fulfilment"] is not None
                        and Decimal(i["fulfilment"]) >= 100),
             "unassessed": sum(1 for m in measures if not m["result"])}
    for status in MeasureStatus:
        found[status.value] = sum(1 for m in measures if m["result"] == status.value)
    return found


def chapters(tree: dict) -> list[tuple[int, str, list[dict]]]:
    """(number, title, goals) for each of the charter's six chapters, in order — a chapter
    without goals with an empty list (the report still has it, from the apps' sections)."""
    from planavimas.models import Chapter

    return [(chapter.value, str(chapter.label),
             [g for g in tree["goals"] if g["chapter"] == chapter.value])
            for chapter in Chapter]


def quarterly(plan: Plan, *, today: date) -> list[dict]:
    """The progress during the year: for each indicator, the value counted from 1 January
    to the end of each quarter that has begun (cumulative) and its share of the plan. A
    typed-in indicator has its value only once typed in (shown as the year's)."""
    from portalas.metrics import Period

    tree = build(plan, actuals=False)
    cache: dict = {}
    begun = [q for q in (1, 2, 3, 4) if Period.quarter(plan.year, q).start <= today]
    indicators = {i.pk: i for i in Indicator.objects.filter(
        measure__objective__goal__plan=plan)}
    rows = []
    for goal, objective, measure, indicator in walk(tree):
        if indicator is None:
            continue
        values = []
        for q in (1, 2, 3, 4):
            if q not in begun:
                values.append(None)
                continue
            end = min(Period.quarter(plan.year, q).end, today)
            if indicator["metric"]:
                values.append(metric_value(indicator["metric"], date(plan.year, 1, 1), end,
                                           cache))
            else:
                values.append(None)
        manual = indicators.get(indicator["pk"])
        latest = next((v for v in reversed(values) if v is not None), None)
        if latest is None and manual is not None and manual.actual_manual is not None:
            latest = _text(manual.actual_manual)
        rows.append({"goal": goal, "objective": objective, "measure": measure,
                     "indicator": indicator, "quarters": values, "latest": latest,
                     "fulfilment": fulfilment(latest, indicator["planned"])})
    return rows
