"""E-mails of the assignments, and their daily reminders (Celery beat).

Notification kinds (one preferences page, ``portalas.notifications``):

- ``pavedimai.assigned`` — a task given to you (an assignment, or a delegation to you), a
  task of yours reopened, an assignment of yours cancelled. Always sent: it is work.
- ``pavedimai.reminder`` — to the person of an unfinished task, ``ASSIGNMENT_REMIND_DAYS``
  working days before its deadline (once: ``reminded_on``; not for a task given within
  that window, whose e-mail has just said the deadline), and once when its deadline has
  passed (``overdue_noticed_on``). Optional.
- ``pavedimai.reported`` — to the giver (and whoever delegated the task): a task reported
  done; the tasks that became overdue that day, in one e-mail. Optional.

The reminders go out on working days only (``portalas.workdays``); a day the beat missed is
caught up the next working day. Each is marked sent in the same transaction that sends it
(a conditional UPDATE on the unmarked row), so two runs never send it twice, and a failure
to send leaves it for the next run. Tasks take primary keys; links are absolute
(``PORTAL_BASE_URL``); each e-mail is in its recipient's language."""

import logging
from collections import defaultdict
from datetime import date, timedelta

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from paskyros.models import Role
from pavedimai.models import OPEN_TASK, AssignmentStatus, Task, TaskStatus, TaskUpdate
from portalas import notifications
from portalas.registry import notification_kind, periodic_task
from portalas.workdays import add_working_days, is_working_day

logger = logging.getLogger("regionas.assignments")

__all__ = ["ASSIGNED", "REMINDER", "REPORTED", "notify_assigned", "notify_cancelled",
           "notify_reopened", "notify_reported", "overdue_to_notice", "reminders_due",
           "send_reminders"]

ASSIGNED = "pavedimai.assigned"
REMINDER = "pavedimai.reminder"
REPORTED = "pavedimai.reported"
ROLES = (Role.STAFF, Role.MANAGEMENT, Role.ADMIN)

notification_kind(ASSIGNED, label=_("Assignments given to you"),
                  description=_("A task given or delegated to you, a task of yours reopened, "
                                "an assignment of yours cancelled."),
                  optional=False, roles=ROLES)
notification_kind(REMINDER, label=_("Assignment deadline reminders"),
                  description=_("Before the deadline of a task of yours, and once when it "
                                "has passed."),
                  optional=True, roles=ROLES)
notification_kind(REPORTED, label=_("Progress of assignments you gave"),
                  description=_("A task reported done, and the tasks that became overdue, of "
                                "the assignments you gave or delegated."),
                  optional=True, roles=ROLES)
periodic_task("assignment-reminders", task="pavedimai.tasks.send_reminders",
              schedule=crontab(hour=7, minute=50))

RELATED = ("assignment__given_by", "assignee", "delegated_from__assignee")
RETRY = {"acks_late": True, "autoretry_for": (OSError,), "retry_backoff": 60, "max_retries": 5}


def _link(path: str) -> str:
    return settings.PORTAL_BASE_URL + path


def _wants(user, key: str) -> bool:
    return bool(user and user.is_active and user.email) and notifications.wants(user, key)


def _message(template: str, user, context: dict, key: str) -> EmailMessage:
    """One e-mail from ``pavedimai/email/<template>.txt`` in ``user``'s language."""
    optional = notifications.kind(key).optional
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {**context, "user": user, "base_url": settings.PORTAL_BASE_URL,
                   "unsubscribe_url": notifications.unsubscribe_url(user, key)
                   if optional else ""}
        subject = render_to_string(f"pavedimai/email/{template}_subject.txt", context)
        body = render_to_string(f"pavedimai/email/{template}.txt", context)
    headers = notifications.list_unsubscribe_headers(user, key) if optional else {}
    return EmailMessage(settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body,
                        to=[user.email], headers=headers)


def _send(messages: list) -> int:
    return get_connection(fail_silently=False).send_messages(messages) if messages else 0


def _task_context(task: Task) -> dict:
    return {"task": task, "assignment": task.assignment,
            "link": _link(task.assignment.get_absolute_url())}


# --- right after a write ------------------------------------------------------------------------

@shared_task(name="pavedimai.tasks.notify_assigned", **RETRY)
def notify_assigned(task_ids: list[int]) -> int:
    """Each new task's person hears of it (nothing for a task finished or an assignment
    cancelled before the worker ran)."""
    tasks = (Task.objects.filter(pk__in=task_ids, status__in=OPEN_TASK,
                                 assignment__status=AssignmentStatus.OPEN)
             .select_related(*RELATED).order_by("pk"))
    messages = [_message("assigned", task.assignee, _task_context(task), ASSIGNED)
                for task in tasks if _wants(task.assignee, ASSIGNED)]
    sent = _send(messages)
    logger.info("tasks %s given: %s e-mails", task_ids, sent)
    return sent


@shared_task(name="pavedimai.tasks.notify_cancelled", **RETRY)
def notify_cancelled(assignment_id: int, task_ids: list[int]) -> int:
    tasks = (Task.objects.filter(pk__in=task_ids, assignment_id=assignment_id,
                                 assignment__status=AssignmentStatus.CANCELLED)
             .select_related(*RELATED).order_by("pk"))
    messages = [_message("cancelled", task.assignee, _task_context(task), ASSIGNED)
                for task in tasks if _wants(task.assignee, ASSIGNED)]
    sent = _send(messages)
    logger.info("assignment %s cancelled: %s e-mails", assignment_id, sent)
    return sent


def _update(update_id: int) -> TaskUpdate | None:
    return (TaskUpdate.objects.select_related("author", *(f"task__{path}" for path in RELATED))
            .filter(pk=update_id).first())


@shared_task(name="pavedimai.tasks.notify_reported", **RETRY)
def notify_reported(update_id: int) -> int:
    """The giver, and whoever delegated the task, hear that it was reported done."""
    update = _update(update_id)
    if update is None or update.task.status != TaskStatus.DONE:
        return 0
    task = update.task
    people = {task.assignment.given_by}
    if task.delegated_from is not None:
        people.add(task.delegated_from.assignee)
    context = {**_task_context(task), "update": update,
               "file_link": _link(reverse("pavedimai:update_file", args=[update.pk]))
               if update.file else ""}
    messages = [_message("reported", person, context, REPORTED)
                for person in sorted(people, key=lambda p: p.pk)
                if person.pk != update.author_id and _wants(person, REPORTED)]
    sent = _send(messages)
    logger.info("task %s reported done: %s e-mails", task.pk, sent)
    return sent


@shared_task(name="pavedimai.tasks.notify_reopened", **RETRY)
def notify_reopened(update_id: int) -> int:
    update = _update(update_id)
    if update is None or not update.task.is_open:
        return 0
    task = update.task
    if not _wants(task.assignee, ASSIGNED):
        return 0
    sent = _send([_message("reopened", task.assignee, {**_task_context(task),
                                                       "update": update}, ASSIGNED)])
    logger.info("task %s reopened: %s e-mail", task.pk, sent)
    return sent


# --- the daily reminders ------------------------------------------------------------------------

def _open_tasks():
    return (Task.objects.filter(status__in=OPEN_TASK, assignment__status=AssignmentStatus.OPEN,
                                assignee__is_active=True)
            .select_related(*RELATED).order_by("deadline", "assignment__year",
                                               "assignment__number", "pk"))


def remind_day(task: Task, days: int | None = None) -> date:
    """The working day ``ASSIGNMENT_REMIND_DAYS`` working days before the task's deadline."""
    days = settings.ASSIGNMENT_REMIND_DAYS if days is None else days
    return add_working_days(task.deadline, -days)


def reminders_due(today: date) -> list[Task]:
    """Unfinished tasks not reminded of whose reminder day has come and whose deadline has
    not passed, given before their reminder day. None on a day off."""
    if not is_working_day(today):
        return []
    days = settings.ASSIGNMENT_REMIND_DAYS
    horizon = today + timedelta(days=2 * days + 14)     # working days, holidays: a superset
    found = []
    for task in _open_tasks().filter(reminded_on=None, deadline__gte=today,
                                     deadline__lte=horizon):
        day = remind_day(task, days)
        if day <= today and timezone.localdate(task.created_at) < day:
            found.append(task)
    return found


def overdue_to_notice(today: date) -> list[Task]:
    """Unfinished tasks whose deadline has passed and whose person was not told yet. None on
    a day off."""
    if not is_working_day(today):
        return []
    return list(_open_tasks().filter(overdue_noticed_on=None, deadline__lt=today))


def _mark(tasks: list[Task], field: str, today: date) -> list[Task]:
    """The tasks this run marks (a conditional UPDATE each: another run's are left out)."""
    marked = []
    for task in tasks:
        if Task.objects.filter(pk=task.pk, **{field: None}).update(**{field: today}):
            marked.append(task)
    return marked


def _giver_lists(overdue: list[Task]) -> dict:
    """{person: [tasks]}: the givers (and delegators) of the tasks that became overdue."""
    found: dict = defaultdict(list)
    for task in overdue:
        found[task.assignment.given_by].append(task)
        if task.delegated_from is not None \
                and task.delegated_from.assignee_id != task.assignment.given_by_id:
            found[task.delegated_from.assignee].append(task)
    return found


@shared_task(name="pavedimai.tasks.send_reminders", acks_late=True)
def send_reminders(today=None) -> int:
    """Daily (beat): the reminders before the deadline, the notices of tasks that became
    overdue (to their people and, one e-mail each, to the givers). Returns the e-mails
    sent."""
    if isinstance(today, str):
        today = date.fromisoformat(today)
    today = today or timezone.localdate()
    with transaction.atomic():
        reminded = _mark(reminders_due(today), "reminded_on", today)
        overdue = _mark(overdue_to_notice(today), "overdue_noticed_on", today)
        messages = []
        for task in reminded:
            if _wants(task.assignee, REMINDER):
                messages.append(_message("reminder", task.assignee, {
                    **_task_context(task), "days_left": (task.deadline - today).days},
                    REMINDER))
        for task in overdue:
            if _wants(task.assignee, REMINDER):
                messages.append(_message("overdue", task.assignee, {
                    **_task_context(task), "days_late": (today - task.deadline).days},
                    REMINDER))
        list_link = _link(reverse("pavedimai:assignment_list") + "?tab=given&overdue=on")
        for person, tasks in sorted(_giver_lists(overdue).items(), key=lambda i: i[0].pk):
            if _wants(person, REPORTED):
                messages.append(_message("late", person, {
                    "tasks": [(task, _link(task.assignment.get_absolute_url()))
                              for task in tasks], "today": today, "list_link": list_link},
                    REPORTED))
        sent = _send(messages)
    logger.info("assignment reminders for %s: %s reminded, %s overdue, %s e-mails", today,
                len(reminded), len(overdue), sent)
    return sent
