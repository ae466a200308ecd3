"""Reads of the lists and pages: the tabs of the list, each task's state as the pages show
it, an assignment's delegation chain as a tree, the home page's overdue lists and the
management overview. Every function takes what the caller may see (a ``visible_to``
queryset) and runs a fixed number of queries, whatever the number of rows."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.db.models.functions import TruncDate

from pavedimai.models import (
    OPEN_TASK,
    Assignment,
    AssignmentStatus,
    Task,
    TaskStatus,
    sees_all,
)
from portalas.ordering import lt_order

__all__ = ["TABS", "Overview", "chain", "default_tab", "giver_late", "my_open_tasks",
           "overdue_q", "overview", "tab_queryset", "task_state", "tabs_for", "walk", "with_tasks",
           "with_states"]

#: The list's tabs: given to me, given by me, all (management).
TABS = ("mine", "given", "all")


def tabs_for(user) -> list[str]:
    return list(TABS) if sees_all(user) else ["mine", "given"]


def default_tab(user) -> str:
    return "given" if sees_all(user) else "mine"


def tab_queryset(queryset, tab: str, user):
    """``queryset`` (visible to ``user``) narrowed to a tab."""
    if tab == "given":
        return queryset.filter(given_by=user)
    if tab == "all" and sees_all(user):
        return queryset
    return queryset.filter(Exists(Task.objects.filter(assignment=OuterRef("pk"),
                                                      assignee=user)))


def overdue_q(today: date) -> Q:
    """Open assignments past their deadline or with an unfinished task past its own."""
    late_task = Task.objects.filter(assignment=OuterRef("pk"), status__in=OPEN_TASK,
                                    deadline__lt=today)
    return Q(status=AssignmentStatus.OPEN) & (Q(deadline__lt=today) | Q(Exists(late_task)))


def with_tasks(queryset):
    """The assignments with their giver and their tasks' people (two queries)."""
    return queryset.select_related("given_by").prefetch_related(
        Prefetch("tasks", queryset=Task.objects.select_related("assignee")
                 .order_by("delegated_from_id", "pk")))


# --- states ------------------------------------------------------------------------------------

def status_labels() -> dict:
    """The tasks' status words in the active language, looked up once per page (a page of
    hundreds of tasks translated each one's label again)."""
    return {value: str(label) for value, label in TaskStatus.choices}


def task_state(task: Task, today: date, labels: dict | None = None) -> dict:
    """How a task's state is shown: its words, a badge style, an icon, overdue/late."""
    overdue = task.is_overdue(today)
    if task.status == TaskStatus.DONE:
        late = task.done_late
        return {"label": _label(task, labels), "css": "text-bg-success", "icon": "check2",
                "late": late, "overdue": False}
    if task.status == TaskStatus.DELEGATED:
        return {"label": _label(task, labels), "css": "text-bg-info",
                "icon": "diagram-3", "late": False, "overdue": False,
                "complete": task.done_at is not None}
    css = {TaskStatus.NEW: "text-bg-light border", TaskStatus.ACKNOWLEDGED: "text-bg-secondary",
           TaskStatus.IN_PROGRESS: "text-bg-primary"}[task.status]
    return {"label": _label(task, labels), "css": css,
            "icon": "exclamation-triangle" if overdue else "hourglass-split",
            "late": False, "overdue": overdue}


def _label(task: Task, labels: dict | None) -> str:
    return labels[task.status] if labels is not None else task.get_status_display()


def with_states(assignments, today: date) -> list[Assignment]:
    """The assignments (``with_tasks``) with, on each: ``task_rows`` (task, state, depth in
    the chain), ``overdue`` and ``late_people`` (whose open task is past its deadline) and
    the counts ``open_count``, ``overdue_count``, ``done_on_time_count``, ``done_late_count``."""
    found = list(assignments)
    labels = status_labels()
    for assignment in found:
        tasks = list(assignment.tasks.all())
        rows = [{"task": task, "state": task_state(task, today, labels), "depth": depth,
                 "indent": indent(depth)} for task, depth in walk(tasks)]
        assignment.task_rows = rows
        # a cancelled assignment's unfinished tasks are neither open nor late
        cancelled = assignment.status == AssignmentStatus.CANCELLED
        assignment.late_rows = [] if cancelled else [row for row in rows
                                                     if row["state"]["overdue"]]
        late = [row["task"] for row in assignment.late_rows]
        assignment.late_people = [task.assignee for task in late]
        assignment.overdue = assignment.is_open and (assignment.deadline < today or bool(late))
        assignment.open_count = 0 if cancelled else sum(1 for task in tasks if task.is_open)
        assignment.overdue_count = len(late)
        done = [task for task in tasks if task.status == TaskStatus.DONE]
        assignment.done_late_count = sum(1 for task in done if task.done_late)
        assignment.done_on_time_count = len(done) - assignment.done_late_count
    return found


def indent(depth: int) -> str:
    """The class that indents a delegate under whoever delegated (no inline styles)."""
    return ("", "ps-3", "ps-4", "ps-5")[min(depth, 3)]


def walk(tasks: list[Task]) -> list[tuple[Task, int]]:
    """The tasks in chain order: each person given it, then whom they delegated to."""
    children = defaultdict(list)
    for task in tasks:
        children[task.delegated_from_id].append(task)
    ordered = []

    def visit(parent_id, depth):
        for task in sorted(children.get(parent_id, []), key=lambda t: t.pk):
            ordered.append((task, depth))
            visit(task.pk, depth + 1)

    visit(None, 0)
    return ordered


def chain(assignment: Assignment, tasks: list[Task], today: date) -> dict:
    """The delegation chain as a tree: the giver at the root, the people given it below,
    each with whom they delegated to (``children``), recursively."""
    children = defaultdict(list)
    for task in tasks:
        children[task.delegated_from_id].append(task)

    def node(task: Task) -> dict:
        return {"task": task, "state": task_state(task, today),
                "children": [node(child) for child in sorted(children.get(task.pk, []),
                                                             key=lambda t: t.pk)]}

    return {"giver": assignment.given_by,
            "children": [node(task) for task in sorted(children.get(None, []),
                                                       key=lambda t: t.pk)]}


# --- the home page ----------------------------------------------------------------------------

def my_open_tasks(user, today: date, limit: int):
    """The user's unfinished tasks in open assignments: overdue first (the earliest
    deadline first), then by deadline."""
    tasks = (Task.objects.visible_to(user)
             .filter(assignee=user, status__in=OPEN_TASK,
                     assignment__status=AssignmentStatus.OPEN)
             .select_related("assignment__given_by")
             .order_by("deadline", "assignment__year", "assignment__number", "pk"))
    return list(tasks[:limit + 1])


def giver_late(user, today: date, limit: int) -> list[Assignment]:
    """The open assignments the user gave (or delegated a part of) that are past their
    deadline or have a task past its own, with who is late (``with_states``)."""
    delegated = Task.objects.filter(assignment=OuterRef("pk"), assignee=user,
                                    status=TaskStatus.DELEGATED)
    mine = (Assignment.objects.visible_to(user)
            .filter(Q(given_by=user) | Q(Exists(delegated)))
            .filter(overdue_q(today)).order_by("deadline", "year", "number"))
    return with_states(with_tasks(mine)[:limit + 1], today)


# --- the management overview -------------------------------------------------------------------

@dataclass
class Overview:
    rows: list = field(default_factory=list)           # the page's assignments, with states
    totals: dict = field(default_factory=dict)
    givers: list = field(default_factory=list)
    years: list = field(default_factory=list)
    giver_id: int | None = None
    page_obj: object = None


OVERVIEW_PAGE = 50


def overview_totals(chosen, today: date) -> dict:
    """The counts of ``chosen`` in the database (two queries, whatever the number of
    assignments): assignments open, overdue (open, past the deadline or with a task past
    its own), done on time, done late, cancelled; tasks open and overdue (a cancelled
    assignment's count as neither) and done on time (by the Vilnius day they were done).
    The same counts ``with_states`` gives each assignment, summed."""
    late_task = Task.objects.filter(assignment=OuterRef("pk"), status__in=OPEN_TASK,
                                    deadline__lt=today)
    on_time = Q(status=AssignmentStatus.DONE, closed_on__isnull=False,
                closed_on__lte=F("deadline"))
    found = chosen.order_by().annotate(late=Exists(late_task)).aggregate(
        assignments=Count("pk"),
        open=Count("pk", filter=Q(status=AssignmentStatus.OPEN)),
        overdue=Count("pk", filter=Q(status=AssignmentStatus.OPEN)
                      & (Q(deadline__lt=today) | Q(late=True))),
        done_on_time=Count("pk", filter=on_time),
        done_late=Count("pk", filter=Q(status=AssignmentStatus.DONE) & ~on_time),
        cancelled=Count("pk", filter=Q(status=AssignmentStatus.CANCELLED)))
    tasks = Task.objects.filter(assignment__in=chosen.order_by().values("pk")).annotate(
        done_day=TruncDate("done_at"))
    counting = ~Q(assignment__status=AssignmentStatus.CANCELLED) & Q(status__in=OPEN_TASK)
    found.update(tasks.aggregate(
        tasks_open=Count("pk", filter=counting),
        tasks_overdue=Count("pk", filter=counting & Q(deadline__lt=today)),
        tasks_done_on_time=Count("pk", filter=Q(status=TaskStatus.DONE)
                                 & ~Q(done_day__gt=F("deadline")))))
    return found


def overview(user, *, year: int | None, giver_id: int | None, today: date,
             page=None) -> Overview:
    """The assignments of ``year`` (and of ``giver_id``) the user sees, a page at a time
    with their tasks' states, and the totals of all of them (``overview_totals``)."""
    visible = Assignment.objects.visible_to(user)
    givers = list(get_user_model().objects.filter(pk__in=visible.values("given_by_id"))
                  .order_by(lt_order("full_name"), "email"))
    if giver_id not in {giver.pk for giver in givers}:
        giver_id = None
    chosen = visible
    if year is not None:
        chosen = chosen.filter(year=year)
    if giver_id is not None:
        chosen = chosen.filter(given_by_id=giver_id)
    page_obj = Paginator(with_tasks(chosen.order_by("-year", "-number")),
                         OVERVIEW_PAGE).get_page(page)
    rows = with_states(page_obj.object_list, today)
    years = sorted(set(visible.order_by().values_list("year", flat=True).distinct()),
                   reverse=True)
    return Overview(rows=rows, totals=overview_totals(chosen, today), givers=givers,
                    years=years, giver_id=giver_id, page_obj=page_obj)
