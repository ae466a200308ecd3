"""E-mails of the field visits: the visited library's director(s) hear that the visit's
report is ready (queued by ``services.report_visit`` after commit, the first time a visit
is reported), and every morning the agreed actions due in five working days, or overdue
since yesterday, are reminded to the visit's participants and the library's director(s),
once each (the day the reminder falls on is a single day: re-running the task on another
day sends nothing more for the same action). ``tasks.py`` star-imports this module."""

import logging
from collections import defaultdict
from datetime import date, timedelta

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from konsultacijos.models import FieldVisit, VisitAction, VisitStatus
from konsultacijos.reports_visits import director_users
from paskyros.models import Role
from portalas.registry import notification_kind, periodic_task
from portalas.workdays import add_working_days, working_days_between

logger = logging.getLogger("regionas.consultations")

__all__ = ["actions_due_for_reminder", "notify_visit_reported", "send_visit_action_reminders",
           "visit_reported_message"]

#: Agreed actions are reminded this many working days before their deadline.
REMIND_WORKING_DAYS = 5

notification_kind("konsultacijos.visit_report", label=_("Field visit report"),
                  description=_("The report of a methodological field visit to your library "
                                "is ready in the portal."),
                  optional=False, roles=(Role.LIBRARIAN,))
notification_kind("konsultacijos.visit_actions", label=_("Agreed actions of field visits"),
                  description=_("An action agreed on a field visit is due in five working "
                                "days, or its deadline has passed."),
                  optional=False, roles=(Role.STAFF, Role.LIBRARIAN))
periodic_task("consultation-visit-action-reminders",
              task="konsultacijos.tasks.send_visit_action_reminders",
              schedule=crontab(hour=8, minute=10))


def _message(template: str, user, context: dict):
    """The (subject, body, from, [to]) of one e-mail, in ``user``'s language."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {**context, "user": user, "base_url": settings.PORTAL_BASE_URL}
        subject = render_to_string(f"konsultacijos/email/{template}_subject.txt", context)
        body = render_to_string(f"konsultacijos/email/{template}.txt", context)
    return (settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body, None,
            [user.email])


def _link(visit: FieldVisit) -> str:
    return settings.PORTAL_BASE_URL + visit.get_absolute_url()


def _reachable(users) -> list:
    return [user for user in users if user.is_active and user.email]


def visit_reported_message(visit: FieldVisit, user):
    return _message("visit_reported", user, {
        "visit": visit, "library": visit.library, "link": _link(visit),
        "actions": list(visit.actions.all())})


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def notify_visit_reported(visit_id: int) -> int:
    """The directors of the visited library (or of a library above it) hear that the
    report is ready, with the link to the visit's page."""
    visit = (FieldVisit.objects.select_related("library__parent__parent", "reported_by")
             .prefetch_related("actions").filter(pk=visit_id).first())
    if visit is None or visit.status != VisitStatus.REPORTED:
        return 0
    messages = [visit_reported_message(visit, user)
                for user in _reachable(director_users(visit.library))]
    sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    logger.info("field visit %s reported: %s e-mails", visit_id, sent)
    return sent


# --- reminders of agreed actions -------------------------------------------------------------

def remind_on(due_on: date) -> date:
    """The working day five working days before the deadline."""
    return add_working_days(due_on, -REMIND_WORKING_DAYS)


def actions_due_for_reminder(today: date) -> tuple[list, list]:
    """Open actions of reported visits whose reminder day is today, and those whose
    deadline was yesterday (overdue since today)."""
    # the reminder day lies 5 working days (at most 5 + weekends and holidays) before
    window = (today, today + timedelta(days=REMIND_WORKING_DAYS * 3 + 7))
    open_actions = (VisitAction.objects.open().filter(visit__status=VisitStatus.REPORTED)
                    .select_related("visit__library__parent__parent")
                    .prefetch_related("visit__participants").order_by("due_on", "pk"))
    soon = [action for action in open_actions.filter(due_on__range=window)
            if remind_on(action.due_on) == today]
    overdue = list(open_actions.filter(due_on=today - timedelta(days=1)))
    return soon, overdue


def _recipients(action: VisitAction, directors: dict) -> list:
    visit = action.visit
    if visit.library_id not in directors:
        directors[visit.library_id] = list(director_users(visit.library))
    people = {user.pk: user for user in visit.participants.all()}
    people.update({user.pk: user for user in directors[visit.library_id]})
    return _reachable(people.values())


@shared_task(name="konsultacijos.tasks.send_visit_action_reminders")
def send_visit_action_reminders(today=None) -> int:
    """Daily (beat): one e-mail per person listing the agreed actions (of the visits they
    went on, or of their library) due in five working days and those overdue since
    yesterday."""
    if isinstance(today, str):
        today = date.fromisoformat(today)
    today = today or timezone.localdate()
    soon, overdue = actions_due_for_reminder(today)
    per_user: dict[int, dict] = defaultdict(lambda: {"user": None, "soon": [], "overdue": []})
    directors: dict[int, list] = {}
    for key, actions in (("soon", soon), ("overdue", overdue)):
        for action in actions:
            for user in _recipients(action, directors):
                entry = per_user[user.pk]
                entry["user"] = user
                entry[key].append(action)
    messages = []
    for entry in per_user.values():
        user = entry["user"]
        messages.append(_message("visit_actions_reminder", user, {
            "soon": [{"action": a, "link": _link(a.visit) + "#veiksmai",
                      "working_days_left": working_days_between(today, a.due_on)}
                     for a in entry["soon"]],
            "overdue": [{"action": a, "link": _link(a.visit) + "#veiksmai"}
                        for a in entry["overdue"]],
            "director": any(a.visit.library_id in _director_ids(directors, user)
                            for a in entry["soon"] + entry["overdue"]),
        }))
    sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    logger.info("field visit action reminders for %s: %s e-mails", today, sent)
    return sent


def _director_ids(directors: dict, user) -> set:
    """The visited libraries whose reminders reach ``user`` as a director."""
    return {library_id for library_id, users in directors.items()
            if any(director.pk == user.pk for director in users)}
