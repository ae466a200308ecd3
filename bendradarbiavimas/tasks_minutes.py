"""Reminders of the groups' decisions: every morning a decision's owner hears, once, that
it is due in three working days (Lithuanian holidays and weekends skipped), and once more
when its deadline has passed (``services_minutes.decisions_to_remind`` chooses; the stage
is tracked in ``reminded_at`` and claimed with a conditional UPDATE before the e-mail goes,
so a second worker or a re-run sends nothing twice). One e-mail per owner per day, in
their language, with absolute links (``PORTAL_BASE_URL``). The e-mails are optional: an
owner who turned them off gets none (``portalas.notifications``)."""

import logging
from collections import defaultdict
from datetime import date

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from bendradarbiavimas import services_minutes as services
from paskyros.models import Role
from portalas import notifications
from portalas.registry import notification_kind, periodic_task
from portalas.workdays import working_days_between

logger = logging.getLogger("regionas.cooperation")

__all__ = ["REMINDERS", "send_decision_reminders"]

REMINDERS = "bendradarbiavimas.decision_reminders"

notification_kind(REMINDERS, label=_("Decisions of groups you are responsible for"),
                  description=_("A decision of a commission or working group you are "
                                "responsible for is due in three working days, or its "
                                "deadline has passed."),
                  optional=True, roles=(Role.STAFF, Role.LIBRARIAN, Role.MANAGEMENT, Role.ADMIN))
periodic_task("cooperation-decision-reminders",
              task="bendradarbiavimas.tasks_minutes.send_decision_reminders",
              schedule=crontab(hour=8, minute=20))


def _message(user, context: dict) -> EmailMessage:
    headers = notifications.list_unsubscribe_headers(user, REMINDERS)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {**context, "user": user, "base_url": settings.PORTAL_BASE_URL,
                   "unsubscribe_url": notifications.unsubscribe_url(user, REMINDERS),
                   "preferences_url": notifications.preferences_url()}
        subject = render_to_string("bendradarbiavimas/email/minutes_decision_reminder_subject"
                                   ".txt", context)
        body = render_to_string("bendradarbiavimas/email/minutes_decision_reminder.txt",
                                context)
    return EmailMessage(settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body,
                        to=[user.email], headers=headers)


def _link(decision) -> str:
    return settings.PORTAL_BASE_URL + decision.get_absolute_url()


@shared_task(name="bendradarbiavimas.tasks_minutes.send_decision_reminders")
def send_decision_reminders(today=None) -> int:
    """Daily (beat): one e-mail per owner listing their decisions due in three working days
    and those whose deadline has passed (each decision once per stage)."""
    if isinstance(today, str):
        today = date.fromisoformat(today)
    today = today or timezone.localdate()
    soon, overdue = services.decisions_to_remind(today)
    owners = {d.owner_id: d.owner for d in soon + overdue}
    wanted = {user.pk for user in notifications.wanting(list(owners.values()), REMINDERS)}
    per_owner: dict[int, dict] = defaultdict(lambda: {"soon": [], "overdue": []})
    for stage, decisions in (("soon", soon), ("overdue", overdue)):
        for decision in decisions:
            if decision.owner_id not in wanted:
                continue
            if not services.mark_reminded(decision, was=decision.reminded_at, today=today):
                continue   # another run claimed it
            entry = {"decision": decision, "link": _link(decision),
                     "without_quorum": decision.meeting.quorum_met is False}
            if stage == "soon":
                entry["working_days_left"] = working_days_between(today, decision.due_on)
            else:
                entry["days_overdue"] = (today - decision.due_on).days
            per_owner[decision.owner_id][stage].append(entry)
    mine = settings.PORTAL_BASE_URL + reverse("bendradarbiavimas:decision_mine")
    messages = [_message(owners[owner_id], {**entries, "mine_link": mine})
                for owner_id, entries in per_owner.items()]
    sent = get_connection(fail_silently=False).send_messages(messages) if messages else 0
    logger.info("decision reminders for %s: %s e-mails", today, sent)
    return sent or 0
