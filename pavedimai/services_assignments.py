"""Writes of the assignments themselves: giving one, editing it, cancelling it.

Who: only management give (``may_give``); the giver edits and cancels (``may_manage``: a
manager takes over once the giver's account is switched off). Every function checks, so
a view cannot forget: ``PermissionDenied`` for a person who may not, ``Refused`` (a
``ValidationError``, per field where it names one) for what the rules do not allow.

- **People.** An assignment goes to one or several active staff or management accounts,
  never to the giver; someone without an account cannot be given one.
- **Deadlines.** Not in the past, and not before the day it was given. An edit that moves
  the deadline moves with it every unfinished task that had the old deadline (and any
  later than the new one); their reminders are sent again for the new day.
- **Numbers** run per year (``2026-12``): the year's counter row is locked in the giving
  transaction, so two assignments given at the same moment never share a number and a
  refusal leaves no gap.
- **Edits** carry the ``version`` the editor saw (``code="stale"`` when someone saved
  since); a done or cancelled assignment is not edited.
- **Cancelling** is a conditional UPDATE: it moves an open assignment once, with a reason.
- E-mails (a new task, a cancellation) are queued after commit with primary keys."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from pavedimai import storage
from pavedimai.models import (
    OPEN_TASK,
    Assignment,
    AssignmentAttachment,
    AssignmentCounter,
    AssignmentStatus,
    Task,
    TaskStatus,
    may_give,
    may_manage,
)
from pavedimai.selectors_people import is_assignable, person_name

__all__ = ["Refused", "cancel", "check_deadline", "check_people", "give", "notify",
           "recorded", "update_assignment"]

TITLE_MAX = 300


class Refused(ValidationError):
    """A change the rules do not allow; ``code`` says what kind."""

    def __init__(self, message, code=None, params=None):
        super().__init__(message, code=code, params=params)
        self.code = code


def notify(name: str, *args) -> None:
    """Queue the e-mail task ``name`` of ``pavedimai.tasks`` once the transaction commits."""
    from pavedimai import tasks

    transaction.on_commit(lambda: getattr(tasks, name).delay(*args))


def recorded(instance, by, fields=("status",)):
    """A history entry naming who moved ``instance`` (re-read after a conditional UPDATE)."""
    fresh = type(instance).objects.get(pk=instance.pk)
    fresh._history_user = by
    fresh.save(update_fields=list(fields))
    return fresh


# --- checks ------------------------------------------------------------------------------------

def check_people(people, *, by, assignment: Assignment | None = None,
                 field: str = "people", myself: str = "") -> list:
    """The people, each once; refused when there is none, one is not an active staff or
    management account, is the giver (or ``by``), or already has a task in
    ``assignment``."""
    unique = list({person.pk: person for person in people if person is not None}.values())
    if not unique:
        raise Refused({field: _("Choose at least one person.")}, code="people")
    errors = []
    giver_id = assignment.given_by_id if assignment is not None else by.pk
    taken = set()
    if assignment is not None:
        taken = set(Task.objects.filter(assignment=assignment)
                    .values_list("assignee_id", flat=True))
    for person in unique:
        if not is_assignable(person):
            errors.append(_("%(name)s has no active staff or management account: an "
                            "assignment goes only to people with an account.")
                          % {"name": person_name(person)})
        elif person.pk == by.pk:
            errors.append(myself or _("You cannot give an assignment to yourself."))
        elif person.pk == giver_id:
            errors.append(_("%(name)s gave this assignment.") % {"name": person_name(person)})
        elif person.pk in taken:
            errors.append(_("%(name)s already has a task in this assignment.")
                          % {"name": person_name(person)})
    if errors:
        raise Refused({field: errors}, code="people")
    return unique


def check_deadline(deadline: date | None, *, given_on: date, today: date,
                   field: str = "deadline", latest: date | None = None) -> None:
    if deadline is None:
        raise Refused({field: _("Set the deadline.")}, code="deadline")
    if deadline < today:
        raise Refused({field: _("The deadline %(day)s is in the past: choose today or a later "
                                "day.") % {"day": deadline.isoformat()}}, code="deadline_past")
    if deadline < given_on:
        raise Refused({field: _("The deadline cannot be before the day the assignment was "
                                "given (%(day)s).") % {"day": given_on.isoformat()}},
                      code="deadline")
    if latest is not None and deadline > latest:
        raise Refused({field: _("The deadline cannot be after %(day)s.")
                       % {"day": latest.isoformat()}}, code="deadline_late")


def _words(title: str, text: str) -> tuple[str, str]:
    title = " ".join((title or "").split())
    text = (text or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Write the assignment's title.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("The title is longer than %(max)s characters.") % {"max": TITLE_MAX}
    if not text:
        errors["text"] = _("Write what is to be done.")
    if errors:
        raise Refused(errors, code="words")
    return title, text


# --- numbers -----------------------------------------------------------------------------------

def _locked_counter(year: int) -> AssignmentCounter | None:
    return AssignmentCounter.objects.select_for_update().filter(year=year).first()


def _take_number(year: int) -> int:
    """The year's next number, its counter row locked until the caller's transaction ends."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("_take_number() must run inside the giving transaction")
    counter = _locked_counter(year)
    if counter is None:
        try:
            with transaction.atomic():      # a savepoint: a creator racing us wins
                AssignmentCounter.objects.create(year=year)
        except IntegrityError:
            pass
        counter = _locked_counter(year)
    highest = (Assignment.objects.filter(year=year).aggregate(highest=Max("number"))["highest"]
               or 0)
    counter.last_number = max(counter.last_number, highest) + 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


# --- files -------------------------------------------------------------------------------------

def _attach(assignment: Assignment, uploads, by, stored: list) -> None:
    uploads = [upload for upload in uploads or () if upload]
    if not uploads:
        return
    if assignment.attachments.count() + len(uploads) > storage.MAX_ATTACHMENTS:
        raise Refused({"files": _("At most %(max)s files per assignment.")
                       % {"max": storage.MAX_ATTACHMENTS}}, code="files")
    for upload in uploads:
        name = storage.original_name(upload)
        try:
            storage.check_upload(upload)
        except ValidationError as error:
            raise Refused({"files": error.messages}, code="file") from None
        attachment = AssignmentAttachment.objects.create(
            assignment=assignment, file=upload, name=name or upload.name,
            size=upload.size or 0, uploaded_by=by)
        stored.append(attachment.file)


def _forget(stored: list) -> None:
    """Delete the files stored by a transaction that failed."""
    for stored_file in stored:
        stored_file.storage.delete(stored_file.name)


def _tasks_for(assignment: Assignment, people, by) -> list[int]:
    made = []
    for person in people:
        task = Task(assignment=assignment, assignee=person, deadline=assignment.deadline,
                    status=TaskStatus.NEW)
        task._history_user = by
        task.save()
        made.append(task.pk)
    return made


# --- giving ------------------------------------------------------------------------------------

def give(*, by, title: str, text: str, people, deadline: date | None, files=(),
         today: date | None = None) -> Assignment:
    """Give an assignment numbered in ``today``'s year to ``people`` (a task each, not yet
    seen, with the assignment's deadline); ``files`` are attached. Each person gets an
    e-mail after commit."""
    if not may_give(by):
        raise PermissionDenied
    today = today or timezone.localdate()
    title, text = _words(title, text)
    check_deadline(deadline, given_on=today, today=today)
    people = check_people(list(people), by=by)
    stored: list = []
    try:
        with transaction.atomic():
            assignment = Assignment(year=today.year, title=title, text=text, given_by=by,
                                    given_on=today, deadline=deadline)
            assignment.number = _take_number(today.year)
            assignment._history_user = by
            assignment.save()
            task_ids = _tasks_for(assignment, people, by)
            _attach(assignment, files, by, stored)
            notify("notify_assigned", task_ids)
    except BaseException:
        _forget(stored)
        raise
    return assignment


# --- editing -----------------------------------------------------------------------------------

def _move_deadlines(assignment: Assignment, old: date, new: date, by) -> None:
    """Unfinished tasks that had the old deadline, or one later than the new, get the new
    one; their reminders go out again."""
    for task in assignment.tasks.filter(status__in=[*OPEN_TASK, TaskStatus.DELEGATED]):
        if task.deadline == old or task.deadline > new:
            task.deadline = new
            task.reminded_on = None
            task.overdue_noticed_on = None
            task.version += 1
            task._history_user = by
            task.save(update_fields=["deadline", "reminded_on", "overdue_noticed_on",
                                     "version"])


def _closed_refusal(assignment: Assignment) -> Refused:
    if assignment.status == AssignmentStatus.CANCELLED:
        return Refused(_("The assignment was cancelled: it is no longer changed."),
                       code="cancelled")
    return Refused(_("The assignment is done: reopen a task to change it."), code="done")


def update_assignment(*, assignment: Assignment, by, version: int, title: str, text: str,
                      deadline: date | None, people=(), files=(),
                      today: date | None = None) -> Assignment:
    """Save the giver's edit: words, deadline, more people, more files. Refused
    (``stale``) when someone saved after ``version``."""
    if not may_manage(by, assignment):
        raise PermissionDenied
    today = today or timezone.localdate()
    stored: list = []
    try:
        with transaction.atomic():
            locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
            if locked.version != version:
                raise Refused(_("Someone saved this assignment after you opened it."),
                              code="stale")
            if locked.status != AssignmentStatus.OPEN:
                raise _closed_refusal(locked)
            locked.title, locked.text = _words(title, text)
            old = locked.deadline
            if deadline != old:
                check_deadline(deadline, given_on=locked.given_on, today=today)
            added = check_people(list(people), by=by, assignment=locked) if people else []
            locked.deadline = deadline
            locked.version += 1
            locked._history_user = by
            locked.save()
            if deadline != old:
                _move_deadlines(locked, old, deadline, by)
            task_ids = _tasks_for(locked, added, by)
            _attach(locked, files, by, stored)
            if task_ids:
                notify("notify_assigned", task_ids)
    except BaseException:
        _forget(stored)
        raise
    return locked


# --- cancelling --------------------------------------------------------------------------------

def cancel(*, assignment: Assignment, by, reason: str,
           today: date | None = None) -> Assignment:
    """Cancel an open assignment, saying why; its unfinished tasks' people are told."""
    if not may_manage(by, assignment):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise Refused({"reason": _("Say why the assignment is cancelled.")}, code="reason")
    today = today or timezone.localdate()
    with transaction.atomic():
        moved = Assignment.objects.filter(pk=assignment.pk, status=AssignmentStatus.OPEN).update(
            status=AssignmentStatus.CANCELLED, cancelled_on=today, cancelled_reason=reason,
            version=F("version") + 1, updated_at=timezone.now())
        if moved != 1:
            current = Assignment.objects.get(pk=assignment.pk)
            if current.status == AssignmentStatus.CANCELLED:
                raise Refused(_("The assignment was already cancelled."), code="cancelled")
            raise Refused(_("Only an open assignment can be cancelled; this one is done."),
                          code="done")
        cancelled = recorded(assignment, by)
        told = list(cancelled.tasks.filter(status__in=OPEN_TASK)
                    .values_list("pk", flat=True))
        if told:
            notify("notify_cancelled", cancelled.pk, told)
    return cancelled
