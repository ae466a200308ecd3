"""Writes of a person's task in an assignment, each leaving an entry in the task's log:
acknowledge, report progress or completion (a note or a file), delegate onwards, reopen
(the giver), comment.

Who: the task's own person acknowledges, reports and delegates it; the giver (``may_manage``)
or whoever delegated the task reopens it when it was done; those three comment. Anyone else
gets ``PermissionDenied`` (the views answer 404 first to whoever may not see the
assignment).

- Every move locks the assignment's row first, so the moves of one assignment happen one
  after another (two people finishing at the same moment still close it once), and is a
  conditional UPDATE of the task's status: a double click acknowledges or reports once,
  the second is refused.
- **Delegation.** The person's task becomes *delegated* and stays in the chain; each
  delegate gets a task pointing back to it (``delegated_from``), with the same deadline or
  an earlier one. A delegated task is complete (``done_at``) once every delegate's task is
  (done, or itself delegated and complete); reopening a delegate's task opens the chain
  above it again.
- **The assignment is done** (``closed_on``) when every task that is not delegated is done;
  reopening a task reopens it.
- E-mails (new tasks, done reported, reopened) are queued after commit."""

from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from pavedimai import services_assignments, storage
from pavedimai.models import (
    OPEN_TASK,
    Assignment,
    AssignmentStatus,
    Task,
    TaskStatus,
    TaskUpdate,
    UpdateKind,
    may_manage,
)
from pavedimai.services_assignments import Refused, check_people, recorded

__all__ = ["acknowledge", "comment", "delegate", "may_comment", "may_reopen", "reopen",
           "report"]


# --- who -----------------------------------------------------------------------------------

def may_reopen(user, task: Task) -> bool:
    """The giver, or the person who delegated the task."""
    if may_manage(user, task.assignment):
        return True
    parent = task.delegated_from
    return parent is not None and parent.assignee_id == getattr(user, "pk", None)


def may_comment(user, task: Task) -> bool:
    return task.assignee_id == getattr(user, "pk", None) or may_reopen(user, task)


def _require_assignee(task: Task, by) -> None:
    if task.assignee_id != by.pk:
        raise PermissionDenied


# --- the moves' common parts -----------------------------------------------------------------

def _locked(task: Task) -> tuple[Assignment, Task]:
    """The assignment's row locked, and the task as it is now."""
    assignment = (Assignment.objects.select_for_update().select_related("given_by")
                  .get(pk=task.assignment_id))
    return assignment, Task.objects.select_related("delegated_from").get(pk=task.pk)


def _require_open(assignment: Assignment) -> None:
    if assignment.status == AssignmentStatus.CANCELLED:
        raise Refused(_("The assignment was cancelled: nothing more is done in it."),
                      code="cancelled")


def _not_moved(task_pk: int) -> Refused:
    """Why a conditional move of an open task found none."""
    status = Task.objects.get(pk=task_pk).status
    if status == TaskStatus.DONE:
        return Refused(_("This task was already reported done."), code="done")
    if status == TaskStatus.DELEGATED:
        return Refused(_("This task was delegated: its delegates report on it now."),
                       code="delegated")
    return Refused(_("The task has moved on meanwhile: reload the page."), code="moved")


def _moment(today: date | None):
    """Now; or, for a report dated another day (the demo, an import), that day at noon."""
    now = timezone.now()
    if today is None or today == timezone.localdate(now):
        return now
    return timezone.make_aware(datetime.combine(today, time(12)))


def _note_and_file(text: str, upload, *, required: bool) -> str:
    text = (text or "").strip()
    if required and not text and not upload:
        raise Refused({"text": _("Write a note or attach a file.")}, code="empty")
    if upload:
        try:
            storage.check_upload(upload)
        except ValidationError as error:
            raise Refused({"file": error.messages}, code="file") from None
    return text


def _log(task: Task, by, kind: str, text: str = "", upload=None,
         name: str = "") -> TaskUpdate:
    update = TaskUpdate(task=task, kind=kind, author=by, text=text)
    if upload:
        update.file = upload
        update.file_name = name or upload.name
    update.save()
    return update


def _finished(task: Task) -> bool:
    return task.status == TaskStatus.DONE or (task.status == TaskStatus.DELEGATED
                                              and task.done_at is not None)


def _settle_chain(task: Task) -> None:
    """Going up from ``task``: a delegated task is complete (``done_at``: when its last
    delegate finished) once all its delegates' tasks are, and not before."""
    parent_id = task.delegated_from_id
    while parent_id is not None:
        parent = Task.objects.get(pk=parent_id)
        children = list(Task.objects.filter(delegated_from_id=parent_id))
        complete = bool(children) and all(_finished(child) for child in children)
        done_at = max(child.done_at for child in children) if complete else None
        if parent.done_at != done_at:
            Task.objects.filter(pk=parent.pk).update(done_at=done_at,
                                                     version=F("version") + 1)
        parent_id = parent.delegated_from_id


def _close_if_done(assignment: Assignment, by, today: date) -> None:
    left = (Task.objects.filter(assignment_id=assignment.pk)
            .exclude(status__in=[TaskStatus.DONE, TaskStatus.DELEGATED]).exists())
    if left:
        return
    moved = Assignment.objects.filter(pk=assignment.pk, status=AssignmentStatus.OPEN).update(
        status=AssignmentStatus.DONE, closed_on=today, version=F("version") + 1,
        updated_at=timezone.now())
    if moved:
        recorded(assignment, by)


# --- the assignee's moves ----------------------------------------------------------------------

@transaction.atomic
def acknowledge(*, task: Task, by) -> Task:
    """The person has seen the assignment (once: a second click is refused)."""
    _require_assignee(task, by)
    assignment, _current = _locked(task)
    _require_open(assignment)
    moved = Task.objects.filter(pk=task.pk, status=TaskStatus.NEW).update(
        status=TaskStatus.ACKNOWLEDGED, acknowledged_at=timezone.now(),
        version=F("version") + 1)
    if moved != 1:
        current = Task.objects.get(pk=task.pk)
        if current.acknowledged_at is not None:
            raise Refused(_("You have already acknowledged this assignment."),
                          code="acknowledged")
        raise _not_moved(task.pk)
    _log(task, by, UpdateKind.ACKNOWLEDGED)
    return recorded(task, by)


def report(*, task: Task, by, done: bool, text: str = "", file=None,
           today: date | None = None) -> TaskUpdate:
    """Progress (the task is in progress) or completion (done), with a note or a file. A
    report acknowledges a task not acknowledged yet. Completion may complete the chain
    above and close the assignment; the giver (and the delegator) are told."""
    _require_assignee(task, by)
    name = storage.original_name(file) if file else ""
    text = _note_and_file(text, file, required=True)
    now = _moment(today)
    today = today or timezone.localdate()
    stored = None
    try:
        with transaction.atomic():
            assignment, _current = _locked(task)
            _require_open(assignment)
            changes = {"acknowledged_at": Coalesce("acknowledged_at", now),
                       "version": F("version") + 1}
            if done:
                changes.update(status=TaskStatus.DONE, done_at=now)
            else:
                changes.update(status=TaskStatus.IN_PROGRESS)
            moved = Task.objects.filter(pk=task.pk, status__in=OPEN_TASK).update(**changes)
            if moved != 1:
                raise _not_moved(task.pk)
            update = _log(task, by, UpdateKind.DONE if done else UpdateKind.PROGRESS, text,
                          file, name)
            stored = update.file or None
            moved_task = recorded(task, by)
            if done:
                _settle_chain(moved_task)
                _close_if_done(assignment, by, today)
                services_assignments.notify("notify_reported", update.pk)
    except BaseException:
        if stored:
            stored.storage.delete(stored.name)
        raise
    return update


def delegate(*, task: Task, by, people, deadline: date | None = None, text: str = "",
             today: date | None = None) -> list[Task]:
    """Pass the task on to ``people`` (active staff or management accounts not yet in the
    assignment), with the person's deadline or an earlier one. Returns the new tasks."""
    _require_assignee(task, by)
    today = today or timezone.localdate()
    text = (text or "").strip()
    with transaction.atomic():
        assignment, current = _locked(task)
        _require_open(assignment)
        if current.status not in OPEN_TASK:
            raise _not_moved(task.pk)
        if current.deadline < today:
            raise Refused({"deadline": _("Your deadline (%(day)s) has passed: ask the giver to "
                                         "move it before delegating.")
                           % {"day": current.deadline.isoformat()}}, code="deadline_past")
        deadline = deadline or current.deadline
        if deadline > current.deadline:
            raise Refused({"deadline": _("The delegates' deadline cannot be after yours "
                                         "(%(day)s).") % {"day": current.deadline.isoformat()}},
                          code="deadline_late")
        if deadline < today:
            raise Refused({"deadline": _("The deadline %(day)s is in the past: choose today or "
                                         "a later day.") % {"day": deadline.isoformat()}},
                          code="deadline_past")
        people = check_people(list(people), by=by, assignment=assignment,
                              myself=_("You cannot delegate to yourself."))
        moved = Task.objects.filter(pk=task.pk, status__in=OPEN_TASK).update(
            status=TaskStatus.DELEGATED, acknowledged_at=Coalesce("acknowledged_at",
                                                                  timezone.now()),
            version=F("version") + 1)
        if moved != 1:
            raise _not_moved(task.pk)
        made = []
        for person in people:
            child = Task(assignment=assignment, assignee=person, delegated_from=current,
                         deadline=deadline, status=TaskStatus.NEW)
            child._history_user = by
            child.save()
            made.append(child)
        _log(task, by, UpdateKind.DELEGATED, text)
        recorded(task, by)
        services_assignments.notify("notify_assigned", [child.pk for child in made])
    return made


# --- the giver's (and the delegator's) moves ----------------------------------------------------

def reopen(*, task: Task, by, comment: str, today: date | None = None) -> Task:
    """A done task back to work, with a comment saying what is missing; the chain above it
    and the assignment open again; the person is told."""
    task = Task.objects.select_related("assignment__given_by", "delegated_from").get(pk=task.pk)
    if not may_reopen(by, task):
        raise PermissionDenied
    comment = (comment or "").strip()
    if not comment:
        raise Refused({"text": _("Say what is still to be done.")}, code="empty")
    with transaction.atomic():
        assignment, _current = _locked(task)
        _require_open(assignment)
        moved = Task.objects.filter(pk=task.pk, status=TaskStatus.DONE).update(
            status=TaskStatus.IN_PROGRESS, done_at=None, version=F("version") + 1)
        if moved != 1:
            raise Refused(_("Only a done task can be reopened; this one is “%(status)s”.")
                          % {"status": Task.objects.get(pk=task.pk).get_status_display()},
                          code="not_done")
        update = _log(task, by, UpdateKind.REOPENED, comment)
        reopened = recorded(task, by)
        _settle_chain(reopened)
        moved = Assignment.objects.filter(pk=assignment.pk, status=AssignmentStatus.DONE).update(
            status=AssignmentStatus.OPEN, closed_on=None, version=F("version") + 1,
            updated_at=timezone.now())
        if moved:
            recorded(assignment, by)
        services_assignments.notify("notify_reopened", update.pk)
    return reopened


def comment(*, task: Task, by, text: str, file=None) -> TaskUpdate:
    """A comment in the task's log (its person, the giver, whoever delegated it)."""
    task = Task.objects.select_related("assignment__given_by", "delegated_from").get(pk=task.pk)
    if not may_comment(by, task):
        raise PermissionDenied
    name = storage.original_name(file) if file else ""
    text = _note_and_file(text, file, required=True)
    stored = None
    try:
        with transaction.atomic():
            assignment, _current = _locked(task)
            _require_open(assignment)
            update = _log(task, by, UpdateKind.COMMENT, text, file, name)
            stored = update.file or None
    except BaseException:
        if stored:
            stored.storage.delete(stored.name)
        raise
    return update
