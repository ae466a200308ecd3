"""The follow-up reminders of consultations. ``tasks.py`` star-imports this module, so the
task is named for it.

The rule — one e-mail a day at most, and no nagging:

- the task runs every morning (beat) but sends only on working days (no e-mail on a
  weekend or a Lithuanian public holiday);
- on a working day each staff member whose follow-ups *fell due* since the previous
  working day (today, or on the weekend or holiday just past) gets one e-mail listing them;
- on the week's first working day (Monday, or Tuesday after a holiday Monday) the e-mail
  also lists every follow-up of theirs that is still open and overdue — so an overdue
  follow-up is repeated once a week, never daily;
- nothing to list: no e-mail. A follow-up marked done never appears again.
"""

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

from konsultacijos import services
from konsultacijos.models import Consultation
from paskyros.models import Role
from portalas.registry import notification_kind, periodic_task
from portalas.workdays import add_working_days, is_working_day

logger = logging.getLogger("regionas.consultations")

__all__ = ["follow_up_message", "follow_ups_to_send", "send_follow_up_reminders"]

periodic_task("consultation-follow-ups", task="konsultacijos.tasks.send_follow_up_reminders",
              schedule=crontab(hour=7, minute=30))
notification_kind("konsultacijos.follow_up", label=_("Consultation follow-ups"),
                  description=_("The follow-ups of your consultations that fall due today; "
                                "on Mondays also those still overdue."),
                  optional=False, roles=(Role.STAFF, Role.ADMIN))


def first_working_day_of_week(day: date) -> bool:
    if not is_working_day(day):
        return False
    monday = day - timedelta(days=day.weekday())
    return not any(is_working_day(monday + timedelta(days=n)) for n in range(day.weekday()))


def follow_ups_to_send(today: date) -> dict:
    """{staff member: {"due": [...], "overdue": [...]}} for ``today`` by the rule above;
    empty on a day off. One query."""
    if not is_working_day(today):
        return {}
    previous = add_working_days(today, -1)
    weekly = first_working_day_of_week(today)
    records = (Consultation.objects.open_follow_ups()
               .filter(follow_up_due__lte=today, staff_member__is_active=True)
               .select_related("library", "staff_member", "topic")
               .order_by("follow_up_due", "held_on", "pk"))
    if not weekly:
        records = records.filter(follow_up_due__gt=previous)
    found: dict = defaultdict(lambda: {"due": [], "overdue": []})
    for consultation in records:
        part = "due" if consultation.follow_up_due > previous else "overdue"
        found[consultation.staff_member][part].append(consultation)
    return dict(found)


def _link(path: str) -> str:
    return settings.PORTAL_BASE_URL + path


def follow_up_message(user, lists: dict, *, today: date):
    """The (subject, body, from, [to]) of one staff member's e-mail, in their language."""
    from django.urls import reverse

    with translation.override(user.language or settings.LANGUAGE_CODE):
        list_path = reverse("konsultacijos:consultation_list")
        context = {
            "user": user, "today": today,
            "due": [(c, _link(c.get_absolute_url())) for c in lists["due"]],
            "overdue": [(c, _link(c.get_absolute_url())) for c in lists["overdue"]],
            "count": len(lists["due"]) + len(lists["overdue"]),
            "list_link": _link(f"{list_path}?follow_up=open&staff_member={user.pk}"),
            "base_url": settings.PORTAL_BASE_URL,
        }
        subject = render_to_string("konsultacijos/email/follow_up_subject.txt", context)
        body = render_to_string("konsultacijos/email/follow_up.txt", context)
    return (settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body, None,
            [user.email])


@shared_task(name="konsultacijos.tasks.send_follow_up_reminders")
def send_follow_up_reminders(today=None) -> int:
    """Daily (beat): each staff member's follow-ups that fell due, and on the week's first
    working day the overdue ones too, in one e-mail."""
    if isinstance(today, str):
        today = date.fromisoformat(today)
    today = today or timezone.localdate()
    messages = []
    for user, lists in follow_ups_to_send(today).items():
        if not user.email or not services.may_log(user):
            logger.warning("follow-ups of user %s: nobody to remind", user.pk)
            continue
        messages.append(follow_up_message(user, lists, today=today))
    sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    logger.info("consultation follow-up reminders for %s: %s e-mails", today, sent)
    return sent
