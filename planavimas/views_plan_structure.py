"""Pages of the plan's structure: a goal, an objective, a measure and an indicator added,
changed and deleted (after a confirmation page).

Staff only, and only while the plan is a draft or was returned: a submitted or approved
plan's pages send them back to the plan with the reason. Management get a 403, anyone else
(territory librarians) a 404. An edit carries the row's ``version``: of two people editing
at once, the second is told who saved first, keeps what they typed, and saving again then
overwrites deliberately."""

import copy
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planavimas import services_structure as services
from planavimas.forms_plan import (
    GoalForm,
    IndicatorForm,
    MeasureForm,
    ObjectiveForm,
)
from planavimas.models import Goal, Indicator, Measure, Objective, Plan
from planavimas.views_access import crumbs, plan_for, require_preparer
from planavimas.views_plan import seen_version, stale_message
from portalas.forms import refusal_to_form
from portalas.services import Refused

__all__ = ["goal_create", "goal_delete", "goal_update", "indicator_create",
           "indicator_delete", "indicator_update", "measure_create", "measure_delete",
           "measure_update", "objective_create", "objective_delete", "objective_update"]


@dataclass(frozen=True)
class Part:
    """One level of the tree: its model, how to reach its plan, its form and its save."""

    model: type
    plan_path: str                 # select_related path from the row to its plan
    form: type
    form_kwargs: Callable          # (row, plan) -> the form's extra arguments
    save: Callable                 # (row, by, seen_version, cleaned_data) -> row
    anchor: str
    parent_anchor: str             # the anchor of its parent on the plan's page
    create_url: str                # the URL name adding another under the same parent
    parent_field: str
    new_title: object
    change_title: object
    delete_title: object
    deleted: object


def _plan_of(row, part: Part) -> Plan:
    found = row
    for name in part.plan_path.split("__"):
        found = getattr(found, name)
    return found


GOAL = Part(
    Goal, "plan", GoalForm, lambda row, plan: {"plan": plan},
    lambda row, by, seen, data: services.save_goal(goal=row, by=by, seen_version=seen,
                                                   position=data.get("position")),
    "g", "", "", "plan", gettext_lazy("New goal"), gettext_lazy("Change the goal"),
    gettext_lazy("Delete the goal?"), gettext_lazy("The goal has been deleted."))
OBJECTIVE = Part(
    Objective, "goal__plan", ObjectiveForm, lambda row, plan: {"goal": row.goal},
    lambda row, by, seen, data: services.save_objective(
        objective=row, by=by, seen_version=seen, position=data.get("position")),
    "o", "g", "planavimas:objective_create", "goal", gettext_lazy("New objective"),
    gettext_lazy("Change the objective"), gettext_lazy("Delete the objective?"),
    gettext_lazy("The objective has been deleted."))
MEASURE = Part(
    Measure, "objective__goal__plan", MeasureForm,
    lambda row, plan: {"objective": row.objective, "year": plan.year},
    lambda row, by, seen, data: services.save_measure(measure=row, by=by, seen_version=seen),
    "m", "o", "planavimas:measure_create", "objective", gettext_lazy("New measure"),
    gettext_lazy("Change the measure"), gettext_lazy("Delete the measure?"),
    gettext_lazy("The measure has been deleted."))
INDICATOR = Part(
    Indicator, "measure__objective__goal__plan", IndicatorForm,
    lambda row, plan: {"measure": row.measure},
    lambda row, by, seen, data: services.save_indicator(indicator=row, by=by,
                                                        seen_version=seen),
    "i", "m", "planavimas:indicator_create", "measure", gettext_lazy("New indicator"),
    gettext_lazy("Change the indicator"), gettext_lazy("Delete the indicator?"),
    gettext_lazy("The indicator has been deleted."))


def _anchored(plan: Plan, anchor: str, pk) -> str:
    return reverse("planavimas:plan_detail", args=[plan.year]) + (f"#{anchor}{pk}" if pk
                                                                  else "")


def _closed(request, plan: Plan):
    """Back to the plan with the reason, when the plan may not be changed now."""
    if plan.is_editable:
        return None
    messages.error(request, _("Only a draft or a returned version can be changed; an approved "
                              "one is changed by starting an amendment."))
    return redirect(plan)


def _row(request, part: Part, pk):
    require_preparer(request)
    related = [part.plan_path]
    if part.model is Measure:
        related.append("responsible")
    return get_object_or_404(part.model.objects.select_related(*related), pk=pk)


def _form_page(request, part: Part, *, plan: Plan, row, form, title, version=None,
               back_url: str, parent=None):
    return render(request, "planavimas/plan_row_form.html", {
        "form": form, "plan": plan, "row": row, "title": title, "version": version,
        "back_url": back_url, "parent": parent, "part": part.anchor,
        "crumbs": crumbs(plan.year)})


def _save(request, part: Part, *, plan: Plan, form, seen):
    """The form's row through the service. Returns the saved row; a redirect to the plan
    when it was locked or the row deleted meanwhile; or None with the refusal on the form
    (after a stale save ``form.stored_version`` is the version saving again overwrites)."""
    try:
        return part.save(form.instance, request.user, seen, form.cleaned_data)
    except Refused as refusal:
        if refusal.code in ("locked", "gone"):
            messages.error(request, " ".join(refusal.messages))
            return redirect(plan)
        if refusal.code == "stale":
            stored = part.model.objects.get(pk=form.instance.pk)
            form.add_error(None, stale_message(stored))
            form.stored_version = stored.version
        else:
            refusal_to_form(form, refusal)
        return None


def _create(request, part: Part, *, plan: Plan, parent, initial=None):
    closed = _closed(request, plan)
    if closed:
        return closed
    row = part.model(**{part.parent_field: parent})
    form = part.form(request.POST or None, instance=row, initial=initial,
                     **part.form_kwargs(row, plan))
    if request.method == "POST" and form.is_valid():
        saved = _save(request, part, plan=plan, form=form, seen=None)
        if isinstance(saved, HttpResponse):
            return saved
        if saved is not None:
            messages.success(request, _("“%(title)s” has been added to the plan.")
                             % {"title": saved})
            if "another" in request.POST and part.create_url:
                return redirect(part.create_url, pk=parent.pk)
            return redirect(_anchored(plan, part.anchor, saved.pk))
    back_url = (_anchored(plan, part.parent_anchor, parent.pk) if part.parent_anchor
                else plan.get_absolute_url())
    return _form_page(request, part, plan=plan, row=None, form=form, title=part.new_title,
                      back_url=back_url, parent=parent)


def _update(request, part: Part, pk):
    row = _row(request, part, pk)
    plan = _plan_of(row, part)
    closed = _closed(request, plan)
    if closed:
        return closed
    form = part.form(request.POST or None, instance=copy.copy(row),
                     **part.form_kwargs(row, plan))
    version = row.version
    if request.method == "POST":
        version = seen_version(request)
        if form.is_valid():
            saved = _save(request, part, plan=plan, form=form, seen=version)
            if isinstance(saved, HttpResponse):
                return saved
            if saved is not None:
                messages.success(request, _("“%(title)s” has been saved.") % {"title": saved})
                return redirect(_anchored(plan, part.anchor, saved.pk))
            version = getattr(form, "stored_version", version)
    return _form_page(request, part, plan=plan, row=row, form=form, title=part.change_title,
                      version=version, back_url=_anchored(plan, part.anchor, row.pk))


def _contents(row) -> dict:
    """How much is deleted with ``row``: its objectives, measures, indicators."""
    if isinstance(row, Goal):
        return {"objectives": Objective.objects.filter(goal=row).count(),
                "measures": Measure.objects.filter(objective__goal=row).count(),
                "indicators": Indicator.objects.filter(measure__objective__goal=row).count()}
    if isinstance(row, Objective):
        return {"measures": Measure.objects.filter(objective=row).count(),
                "indicators": Indicator.objects.filter(measure__objective=row).count()}
    if isinstance(row, Measure):
        return {"indicators": Indicator.objects.filter(measure=row).count()}
    return {}


def _delete(request, part: Part, pk):
    row = _row(request, part, pk)
    plan = _plan_of(row, part)
    closed = _closed(request, plan)
    if closed:
        return closed
    if request.method == "POST":
        try:
            services.delete_row(row=row, by=request.user, seen_version=seen_version(request))
        except Refused as refusal:
            messages.error(request, " ".join(refusal.messages))
            if refusal.code == "stale":
                return redirect(request.path)
            return redirect(plan)
        messages.success(request, str(part.deleted))
        return redirect(plan)
    return render(request, "planavimas/plan_row_delete.html", {
        "row": row, "plan": plan, "title": part.delete_title, "part": part.anchor,
        "contents": _contents(row), "version": row.version,
        "back_url": _anchored(plan, part.anchor, row.pk), "crumbs": crumbs(plan.year)})


# --- goals -----------------------------------------------------------------------------------

def goal_create(request, year):
    require_preparer(request)
    plan = plan_for(request, year)
    chapter = request.GET.get("chapter", "")
    initial = {"chapter": int(chapter)} if chapter in {"1", "2", "3", "4", "5", "6"} else None
    return _create(request, GOAL, plan=plan, parent=plan, initial=initial)


def goal_update(request, pk):
    return _update(request, GOAL, pk)


def goal_delete(request, pk):
    return _delete(request, GOAL, pk)


# --- objectives ------------------------------------------------------------------------------

def objective_create(request, pk):
    goal = _row(request, GOAL, pk)
    return _create(request, OBJECTIVE, plan=goal.plan, parent=goal)


def objective_update(request, pk):
    return _update(request, OBJECTIVE, pk)


def objective_delete(request, pk):
    return _delete(request, OBJECTIVE, pk)


# --- measures --------------------------------------------------------------------------------

def measure_create(request, pk):
    objective = _row(request, OBJECTIVE, pk)
    return _create(request, MEASURE, plan=objective.goal.plan, parent=objective,
                   initial={"responsible": request.user.pk})


def measure_update(request, pk):
    return _update(request, MEASURE, pk)


def measure_delete(request, pk):
    return _delete(request, MEASURE, pk)


# --- indicators ------------------------------------------------------------------------------

def indicator_create(request, pk):
    measure = _row(request, MEASURE, pk)
    return _create(request, INDICATOR, plan=measure.objective.goal.plan, parent=measure)


def indicator_update(request, pk):
    return _update(request, INDICATOR, pk)


def indicator_delete(request, pk):
    return _delete(request, INDICATOR, pk)
