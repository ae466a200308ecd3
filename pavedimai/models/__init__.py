"""Management's non-recurring assignments (charter function 6.3): what to do, who gave
it, to whom, by when; each assignee acknowledges, reports progress and completion, and may
delegate onwards (the chain is kept).

Who sees what (decided here, in the querysets, and nowhere else): management (and
administrators) see every assignment; anyone else sees the assignments they gave or were
given (directly or by a delegation). Everyone else gets a 404."""

from pavedimai.models.assignments import (
    ASSIGNEE_ROLES,
    OPEN_TASK,
    Assignment,
    AssignmentAttachment,
    AssignmentCounter,
    AssignmentStatus,
    Task,
    TaskStatus,
    TaskUpdate,
    UpdateKind,
    may_give,
    may_manage,
    may_use,
    sees_all,
)

__all__ = [
    "ASSIGNEE_ROLES", "OPEN_TASK", "Assignment", "AssignmentAttachment", "AssignmentCounter",
    "AssignmentStatus", "Task", "TaskStatus", "TaskUpdate", "UpdateKind", "may_give",
    "may_manage", "may_use", "sees_all",
]
