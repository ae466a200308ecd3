"""What an assignment's page shows: its tasks in chain order with their states, the
delegation tree, the log of every task's updates, the attachments, and what the person
looking may do on each task. Four queries whatever the number of tasks and updates."""

from dataclasses import dataclass, field
from datetime import date

from pavedimai.models import (
    Assignment,
    AssignmentStatus,
    Task,
    TaskStatus,
    TaskUpdate,
    may_manage,
)
from pavedimai.selectors_lists import chain, indent, task_state, walk

__all__ = ["Page", "page"]


@dataclass
class Page:
    tasks: list = field(default_factory=list)        # {task, state, depth, may…}
    tree: dict = field(default_factory=dict)
    updates: list = field(default_factory=list)
    attachments: list = field(default_factory=list)
    mine: list = field(default_factory=list)         # the rows of the viewer's own tasks
    can_manage: bool = False
    overdue: bool = False


def page(assignment: Assignment, user, today: date) -> Page:
    tasks = list(Task.objects.filter(assignment=assignment)
                 .select_related("assignee", "delegated_from__assignee").order_by("pk"))
    by_pk = {task.pk: task for task in tasks}
    for task in tasks:
        task.assignment = assignment                 # no query per task for its assignment
    can_manage = may_manage(user, assignment)
    is_open = assignment.is_open
    cancelled = assignment.status == AssignmentStatus.CANCELLED
    rows = []
    for task, depth in walk(tasks):
        own = task.assignee_id == user.pk
        delegator = task.delegated_from is not None and task.delegated_from.assignee_id \
            == user.pk
        rows.append({
            "task": task, "state": task_state(task, today), "depth": depth, "own": own,
            "indent": indent(depth),
            "delegates": [child for child in tasks if child.delegated_from_id == task.pk],
            "may_acknowledge": own and is_open and task.status == TaskStatus.NEW,
            "may_report": own and is_open and task.is_open,
            "may_delegate": own and is_open and task.is_open and task.deadline >= today,
            "may_reopen": not cancelled and task.status == TaskStatus.DONE
            and (can_manage or delegator),
            "may_comment": not cancelled and (own or can_manage or delegator),
        })
    updates = list(TaskUpdate.objects.filter(task__assignment=assignment)
                   .select_related("author").order_by("created_at", "pk"))
    for update in updates:
        update.task = by_pk[update.task_id]
        update.delegates = [child for child in tasks if child.delegated_from_id == update.task_id]
    attachments = list(assignment.attachments.select_related("uploaded_by")
                       .order_by("uploaded_at", "pk"))
    return Page(tasks=rows, tree=chain(assignment, tasks, today), updates=updates,
                attachments=attachments, mine=[row for row in rows if row["own"]],
                can_manage=can_manage,
                overdue=assignment.is_open and (assignment.deadline < today or any(
                    row["state"]["overdue"] for row in rows)))

