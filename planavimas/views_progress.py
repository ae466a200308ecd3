"""How the year's plan is going, and the records behind a number.

``progress``: for each indicator the value counted from 1 January to the end of each
quarter begun (cumulative), the latest and its share of the plan; the measures whose
deadline or quarter has passed without a result are flagged overdue. ``indicator_records``:
the records the indicator's metric counts over the plan's year (or up to a day, ``?iki=``),
each with a link, and how many — the actual value. Both read the live plan: staff and
management only (a 404 for everyone else: these are staff data, not an approved
version)."""

from datetime import date

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planavimas import selectors_records as selectors
from planavimas import tree
from planavimas.models import Indicator, Measure, MeasureStatus, Plan
from planavimas.views_access import crumbs, plan_for, require_full_reader
from portalas.forms import ISO_DATE
from portalas.metrics import Period

__all__ = ["indicator_records", "progress"]

PROGRESS_TITLE = gettext_lazy("Progress during the year")


def _due(measure: dict, year: int) -> date | None:
    """When the measure is due: its deadline, else the end of its quarter, else the end of
    the year."""
    if measure["deadline"]:
        return date.fromisoformat(measure["deadline"])
    if measure["quarter"]:
        return Period.quarter(year, measure["quarter"]).end
    return date(year, 12, 31)


def progress_rows(plan: Plan, *, today: date) -> dict:
    """The progress page's data: quarters (begun or not, up to which day), goals → measures
    (due, result, overdue) → their indicators' cumulative values."""
    quarterly = {row["indicator"]["pk"]: row for row in tree.quarterly(plan, today=today)}
    structure = tree.build(plan)
    results = dict(Measure.objects.filter(objective__goal__plan=plan)
                   .values_list("pk", "result"))
    quarters = []
    for q in (1, 2, 3, 4):
        period = Period.quarter(plan.year, q)
        begun = period.start <= today
        quarters.append({"number": q, "begun": begun, "end": period.end,
                         "until": min(period.end, today) if begun else None,
                         "running": begun and today <= period.end})
    goals, overdue = [], []
    for goal in structure["goals"]:
        measures = []
        for objective in goal["objectives"]:
            for measure in objective["measures"]:
                due = _due(measure, plan.year)
                result = results.get(measure["pk"], "")
                late = due < today and not result
                rows = []
                for indicator in measure["indicators"]:
                    row = quarterly.get(indicator["pk"])
                    if row is None:
                        continue
                    rows.append({**row, "cells": [
                        {"value": value, "until": quarter["until"]}
                        for value, quarter in zip(row["quarters"], quarters, strict=True)]})
                entry = {"measure": measure, "due": due, "overdue": late,
                         "result": result, "result_label": MeasureStatus(result).label
                         if result in MeasureStatus.values else "", "rows": rows}
                measures.append(entry)
                if late:
                    overdue.append(entry)
        goals.append({"goal": goal, "measures": measures})
    return {"quarters": quarters, "goals": goals, "overdue": overdue}


def progress(request, year):
    require_full_reader(request)
    plan = plan_for(request, year)
    today = timezone.localdate()
    context = progress_rows(plan, today=today)
    context.update({"plan": plan, "year": plan.year, "today": today,
                    "crumbs": crumbs(plan.year), "title": PROGRESS_TITLE})
    return render(request, "planavimas/progress.html", context)


def _until(request, year: int) -> date | None:
    """``?iki=YYYY-MM-DD``: a day of the plan's year; anything else is a 404."""
    raw = request.GET.get("iki", "")
    if not raw:
        return None
    if not ISO_DATE.fullmatch(raw):
        raise Http404
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise Http404 from None
    if day.year != year:
        raise Http404
    return day


def indicator_records(request, year, pk):
    require_full_reader(request)
    plan = plan_for(request, year)
    indicator = get_object_or_404(Indicator.objects.select_related("measure"), pk=pk,
                                  measure__objective__goal__plan=plan)
    until = _until(request, plan.year)
    found = selectors.indicator_records(indicator, year=plan.year, user=request.user,
                                        until=until, page=request.GET.get("page") or 1)
    if found is None:
        raise Http404
    report = reverse("planavimas:report_detail", args=[plan.year])
    return render(request, "planavimas/indicator_records.html", {
        "plan": plan, "year": plan.year, "indicator": indicator, "records": found,
        "page_obj": found.page, "whole_year": until is None,
        "crumbs": [*crumbs(plan.year), (report, _("Annual activity report"))],
        "back": f"{report}#i{indicator.pk}",
        "progress_url": reverse("planavimas:progress", args=[plan.year])})
