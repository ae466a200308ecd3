"""The deadline reminders: every morning (beat) each open deadline whose reminder day has
come is e-mailed once to its responsible people (the deadline's, else the project's), in
their language. ``tasks.py`` star-imports this module, so the task is named for it."""

import logging
from datetime import date, timedelta

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from paskyros.models import Role
from portalas.registry import notification_kind, periodic_task
from portalas.workdays import working_days_between
from projektai.models import Deadline
from projektai.selectors_deadlines import DROPPED_STATUSES

logger = logging.getLogger("regionas.projects")

# The furthest a reminder can lie before its deadline: 120 working days, with holidays.
LOOKAHEAD = timedelta(days=200)

__all__ = ["deadline_message", "send_deadline_reminders"]

periodic_task("project-deadline-reminders", task="projektai.tasks.send_deadline_reminders",
              schedule=crontab(hour=8, minute=0))
notification_kind("projektai.deadline", label=_("Project deadline reminder"),
                  description=_("A report, a change request or another dated obligation of a "
                                "project you answer for is coming up."),
                  optional=False, roles=(Role.STAFF, Role.MANAGEMENT, Role.ADMIN,
                                         Role.LIBRARIAN))


def _recipients(deadline: Deadline) -> list:
    people = list(deadline.responsible.all()) or list(deadline.project.responsible.all())
    return [user for user in people if user.is_active and user.email]


def deadline_message(deadline: Deadline, user, *, today: date):
    """The (subject, body, from, [to]) of one reminder, in ``user``'s language."""
    project = deadline.project
    language = user.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "user": user, "deadline": deadline, "project": project,
            "kind": deadline.get_kind_display(),
            "working_days_left": working_days_between(today, deadline.due_on),
            "due_today": deadline.due_on == today,
            "link": settings.PORTAL_BASE_URL + project.get_absolute_url() + "#terminai",
            "calendar_link": settings.PORTAL_BASE_URL + reverse("projektai:deadline_calendar"),
            "base_url": settings.PORTAL_BASE_URL,
        }
        subject = render_to_string("projektai/email/deadline_reminder_subject.txt",
                                   context).strip()
        body = render_to_string("projektai/email/deadline_reminder.txt", context)
    return (settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body, None,
            [user.email])


def due_for_reminder(today: date) -> list[Deadline]:
    """Open deadlines not yet reminded whose reminder day has come and which are not yet
    past (reminded late rather than never, when the beat missed a day)."""
    candidates = (Deadline.objects
                  .filter(done_on__isnull=True, reminded_on__isnull=True,
                          due_on__gte=today, due_on__lte=today + LOOKAHEAD)
                  .exclude(project__status__in=DROPPED_STATUSES)
                  .select_related("project")
                  .prefetch_related("responsible", "project__responsible")
                  .order_by("due_on", "pk"))
    return [deadline for deadline in candidates if deadline.remind_on() <= today]


@shared_task(name="projektai.tasks.send_deadline_reminders")
def send_deadline_reminders(today=None) -> int:
    """Daily (beat): remind the responsible people of the deadlines whose reminder day has
    come. A deadline is claimed (``reminded_on``) in the same transaction its e-mails are
    sent in, so a re-run the same day, or a second worker, sends nothing more."""
    if isinstance(today, str):
        today = date.fromisoformat(today)
    today = today or timezone.localdate()
    sent = 0
    for deadline in due_for_reminder(today):
        with transaction.atomic():
            claimed = Deadline.objects.filter(pk=deadline.pk, reminded_on__isnull=True,
                                              done_on__isnull=True).update(reminded_on=today)
            if not claimed:
                continue
            messages = [deadline_message(deadline, user, today=today)
                        for user in _recipients(deadline)]
            if messages:
                sent += send_mass_mail(messages, fail_silently=False)
            else:
                logger.warning("deadline %s: nobody to remind", deadline.pk)
    logger.info("project deadline reminders for %s: %s e-mails", today, sent)
    return sent
