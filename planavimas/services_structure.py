"""Writes of the plan's structure: its introduction, and its goals, objectives, measures and
indicators added, changed and deleted — by staff, only while the plan is a draft or was
returned (``require_editable``; a submitted plan waits for management, an approved one is
changed by starting an amendment).

Every function locks the plan's row first, so a change cannot slip in while the plan is
being submitted. A change of a row carries the ``version`` its editor saw: a conditional
``UPDATE ... WHERE version = seen`` claims it, so of two people editing the same row the
second is refused (``stale``) instead of overwriting the first. A row's ``position`` is its
place among its siblings (a goal's among the goals of its chapter): a row added or moved
goes where it is asked (a measure or an indicator at the end) and the siblings are numbered
1, 2, 3… again, also after a delete.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from planavimas import tree
from planavimas.models import Goal, Indicator, Measure, Objective, Plan
from planavimas.services_workflow import Refused, require_editable, require_preparer

__all__ = ["check_measure", "delete_row", "known_metric", "save_goal",
           "save_indicator", "save_measure", "save_objective", "update_introduction"]

Row = Goal | Objective | Measure | Indicator


def _plan_of(row: Row) -> Plan:
    if isinstance(row, Goal):
        return row.plan
    if isinstance(row, Objective):
        return row.goal.plan
    if isinstance(row, Measure):
        return row.objective.goal.plan
    return row.measure.objective.goal.plan


def _locked_plan(plan_pk: int, by) -> Plan:
    """The plan's row, locked for the transaction; refused unless staff may change it."""
    require_preparer(by)
    plan = Plan.objects.select_for_update().get(pk=plan_pk)
    require_editable(plan)
    return plan


def _siblings(row: Row):
    """The rows ``row`` is numbered among (without itself)."""
    model = type(row)
    if isinstance(row, Goal):
        found = model.objects.filter(plan_id=row.plan_id, chapter=row.chapter)
    elif isinstance(row, Objective):
        found = model.objects.filter(goal_id=row.goal_id)
    elif isinstance(row, Measure):
        found = model.objects.filter(objective_id=row.objective_id)
    else:
        found = model.objects.filter(measure_id=row.measure_id)
    return found.exclude(pk=row.pk) if row.pk else found


def _renumber(rows: list, start: int = 1) -> None:
    """Number ``rows`` (in their order) 1, 2, 3…, writing only the ones that moved. A
    renumbering is bookkeeping: it does not change a row's ``version``."""
    for index, row in enumerate(rows, start=start):
        if row.position != index:
            type(row).objects.filter(pk=row.pk).update(position=index)
            row.position = index


def _place(row: Row, position: int | None) -> None:
    """Give ``row`` (not saved yet) ``position`` among its siblings — at the end when None
    or past the end — and number the siblings around it."""
    others = list(_siblings(row).order_by("position", "pk").only("pk", "position"))
    index = len(others) if not position else min(max(position, 1), len(others) + 1) - 1
    _renumber(others[:index])
    _renumber(others[index:], start=index + 2)
    row.position = index + 1


def _claim(row: Row, seen_version: int | None) -> int:
    """The conditional UPDATE of an edit: the row's version moves on only when it is still
    the one its editor saw; refused (``stale``) otherwise, or ``gone`` when deleted."""
    model = type(row)
    query = model.objects.filter(pk=row.pk)
    if seen_version is not None:
        query = query.filter(version=seen_version)
    if query.update(version=F("version") + 1) != 1:
        if not model.objects.filter(pk=row.pk).exists():
            raise Refused(_("This part of the plan has been deleted meanwhile."), code="gone")
        raise Refused(_("Someone else saved this part of the plan after you opened it, so "
                        "your changes have not been saved."), code="stale")
    return model.objects.values_list("version", flat=True).get(pk=row.pk)


def _save(row: Row, *, by, seen_version: int | None, position: int | None = None,
          moved: bool = False) -> Row:
    """Add ``row`` or write its changes (a claimed version), placing it at ``position``."""
    if row.pk:
        stored = type(row).objects.get(pk=row.pk)
        row.version = _claim(row, seen_version)
        if moved or position not in (None, stored.position):
            _place(row, position or stored.position)
            if isinstance(row, Goal) and stored.chapter != row.chapter:
                _renumber(list(Goal.objects.filter(plan_id=row.plan_id, chapter=stored.chapter)
                               .exclude(pk=row.pk).order_by("position", "pk")))
        else:
            row.position = stored.position
    else:
        _place(row, position)
        row.version = 1
    row._history_user = by
    row.save()
    return row


def _clean_text(value: str) -> str:
    return " ".join((value or "").split())


# --- the introduction ---------------------------------------------------------------------------

@transaction.atomic
def update_introduction(*, plan: Plan, by, seen_version: int | None,
                        introduction: str) -> Plan:
    """The plan's opening text (Markdown); refused (``stale``) when someone saved the plan
    after ``seen_version``."""
    current = _locked_plan(plan.pk, by)
    if seen_version is not None and current.version != seen_version:
        raise Refused(_("Someone else changed this plan after you opened it, so your changes "
                        "have not been saved."), code="stale")
    current.introduction = (introduction or "").strip()
    current.version += 1
    current._history_user = by
    current.save()
    return current


# --- goals, objectives, measures, indicators ----------------------------------------------------

@transaction.atomic
def save_goal(*, goal: Goal, by, seen_version: int | None = None,
              position: int | None = None) -> Goal:
    """Add a goal to its plan or change one; ``position`` is its place among the goals of
    its chapter (None: at the end, or where it was)."""
    _locked_plan(goal.plan_id, by)
    goal.title = _clean_text(goal.title)
    if not goal.title:
        raise Refused({"title": _("Name the goal.")}, code="title")
    moved = False
    if goal.pk:
        stored = Goal.objects.filter(pk=goal.pk).values("plan_id", "chapter").first()
        if stored is None:
            raise Refused(_("This part of the plan has been deleted meanwhile."), code="gone")
        if stored["plan_id"] != goal.plan_id:
            raise PermissionDenied
        moved = stored["chapter"] != goal.chapter
    return _save(goal, by=by, seen_version=seen_version, position=position, moved=moved)


@transaction.atomic
def save_objective(*, objective: Objective, by, seen_version: int | None = None,
                   position: int | None = None) -> Objective:
    """Add an objective to its goal or change one, at ``position`` among the goal's."""
    _locked_plan(objective.goal.plan_id, by)
    objective.title = _clean_text(objective.title)
    if not objective.title:
        raise Refused({"title": _("Name the objective.")}, code="title")
    _check_parent(objective, "goal_id")
    return _save(objective, by=by, seen_version=seen_version, position=position)


def check_measure(measure: Measure, *, year: int) -> None:
    """A named measure; a deadline within the plan's year, or a quarter 1–4, not both; a
    budget not below zero."""
    errors = {}
    measure.title = _clean_text(measure.title)
    if not measure.title:
        errors["title"] = _("Name the measure.")
    if measure.deadline is not None and not (
            date(year, 1, 1) <= measure.deadline <= date(year, 12, 31)):
        errors["deadline"] = _("The deadline must be within %(year)s, the plan's year.") % {
            "year": year}
    if measure.quarter is not None and measure.quarter not in (1, 2, 3, 4):
        errors["quarter"] = _("Choose the quarter, 1 to 4.")
    if measure.deadline is not None and measure.quarter is not None:
        errors["quarter"] = _("Give either a deadline or a quarter, not both.")
    if measure.budget is not None and measure.budget < 0:
        errors["budget"] = _("The budget cannot be negative.")
    if errors:
        raise Refused(errors, code="measure")


@transaction.atomic
def save_measure(*, measure: Measure, by, seen_version: int | None = None) -> Measure:
    """Add a measure to its objective (at the end) or change one."""
    plan = _locked_plan(measure.objective.goal.plan_id, by)
    check_measure(measure, year=plan.year)
    _check_parent(measure, "objective_id")
    return _save(measure, by=by, seen_version=seen_version)


def known_metric(name: str) -> bool:
    """Whether ``name`` is a metric an indicator may be linked to now (some app declares
    it, and it is one number, not broken down)."""
    return any(name == value for _group, choices in tree.metric_choices()
               for value, _label in choices)


@transaction.atomic
def save_indicator(*, indicator: Indicator, by, seen_version: int | None = None) -> Indicator:
    """Add an indicator to its measure (at the end) or change one. Its metric, when one is
    named, must be one the portal counts now."""
    _locked_plan(indicator.measure.objective.goal.plan_id, by)
    errors = {}
    indicator.name = _clean_text(indicator.name)
    indicator.unit = _clean_text(indicator.unit)
    indicator.metric = (indicator.metric or "").strip()
    if not indicator.name:
        errors["name"] = _("Name the indicator.")
    if indicator.planned is None or indicator.planned < 0:
        errors["planned"] = _("The planned value must be zero or more.")
    if indicator.metric and not known_metric(indicator.metric):
        errors["metric"] = _("The portal no longer counts “%(name)s”: choose another count "
                             "or leave the value to be typed in.") % {"name": indicator.metric}
    if errors:
        raise Refused(errors, code="indicator")
    _check_parent(indicator, "measure_id")
    return _save(indicator, by=by, seen_version=seen_version)


def _check_parent(row: Row, parent_field: str) -> None:
    """A row changed under its own parent only (a form cannot move it to another plan)."""
    if not row.pk:
        return
    stored = type(row).objects.filter(pk=row.pk).values_list(parent_field, flat=True).first()
    if stored is None:
        raise Refused(_("This part of the plan has been deleted meanwhile."), code="gone")
    if stored != getattr(row, parent_field):
        raise PermissionDenied


@transaction.atomic
def delete_row(*, row: Row, by, seen_version: int | None = None) -> None:
    """Delete a goal, objective, measure or indicator (with everything under it) and
    number its siblings again. Refused (``stale``) when someone changed it after
    ``seen_version``."""
    plan = _plan_of(row)
    _locked_plan(plan.pk, by)
    _claim(row, seen_version)
    siblings = list(_siblings(row).order_by("position", "pk").only("pk", "position"))
    row._history_user = by
    row.delete()
    _renumber(siblings)

