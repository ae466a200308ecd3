"""The overdue answers' reminder (daily, Celery beat). No nagging:

- it sends only on working days (no e-mail on a weekend or a Lithuanian public holiday);
- on a working day, each person responsible for incoming documents whose answer *became
  overdue* since the previous working day (its due day has passed) gets one e-mail listing
  them;
- on the week's first working day the e-mail also lists every one still overdue, so an
  overdue answer is repeated once a week, never daily;
- nothing to list: no e-mail. A document answered (by a registered letter or marked
  answered) never appears again. People may turn the e-mail off (it is optional); the
  home page keeps showing them."""

import logging
from collections import defaultdict
from datetime import date, timedelta

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from archyvas.models import RegisterEntry, may_read
from paskyros.models import Role
from portalas import notifications
from portalas.registry import notification_kind, periodic_task
from portalas.workdays import add_working_days, is_working_day

logger = logging.getLogger("regionas.archive")

__all__ = ["REMINDER", "overdue_to_send", "send_overdue_answers"]

REMINDER = "archyvas.answer_overdue"

notification_kind(REMINDER, label=_("Letters whose answer is overdue"),
                  description=_("The incoming documents you are responsible for whose answer "
                                "became overdue; on the week's first working day all those "
                                "still overdue."),
                  optional=True, roles=(Role.STAFF, Role.MANAGEMENT))
periodic_task("archive-overdue-answers", task="archyvas.tasks_registers.send_overdue_answers",
              schedule=crontab(hour=7, minute=45))


def first_working_day_of_week(day: date) -> bool:
    if not is_working_day(day):
        return False
    monday = day - timedelta(days=day.weekday())
    return not any(is_working_day(monday + timedelta(days=n)) for n in range(day.weekday()))


def overdue_to_send(today: date) -> dict:
    """{person: {"new": [...], "still": [...]}} for ``today`` by the rule above; empty on a
    day off. One query."""
    if not is_working_day(today):
        return {}
    previous = add_working_days(today, -1)
    records = (RegisterEntry.objects.awaiting_answer()
               .filter(answer_due__lt=today, responsible__is_active=True)
               .select_related("register", "responsible")
               .order_by("answer_due", "registered_on", "pk"))
    if not first_working_day_of_week(today):
        records = records.filter(answer_due__gte=previous)
    found: dict = defaultdict(lambda: {"new": [], "still": []})
    for entry in records:
        part = "new" if entry.answer_due >= previous else "still"
        found[entry.responsible][part].append(entry)
    return dict(found)


def _link(path: str) -> str:
    return settings.PORTAL_BASE_URL + path


def message(user, lists: dict, *, today: date) -> EmailMessage:
    """One person's e-mail, in their language."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        list_path = reverse("archyvas:entry_list")
        context = {
            "user": user, "today": today,
            "new": [(e, _link(e.get_absolute_url())) for e in lists["new"]],
            "still": [(e, _link(e.get_absolute_url())) for e in lists["still"]],
            "count": len(lists["new"]) + len(lists["still"]),
            "list_link": _link(f"{list_path}?responsible={user.pk}&answer=overdue"),
            "unsubscribe_url": notifications.unsubscribe_url(user, REMINDER),
            "base_url": settings.PORTAL_BASE_URL,
        }
        subject = render_to_string("archyvas/entry_overdue_email_subject.txt", context)
        body = render_to_string("archyvas/entry_overdue_email.txt", context)
    return EmailMessage(settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body,
                        to=[user.email],
                        headers=notifications.list_unsubscribe_headers(user, REMINDER))


@shared_task(name="archyvas.tasks_registers.send_overdue_answers")
def send_overdue_answers(today=None) -> int:
    """Daily (beat): each person's answers that became overdue, and on the week's first
    working day those still overdue, in one e-mail. Returns the e-mails sent."""
    if isinstance(today, str):
        today = date.fromisoformat(today)
    today = today or timezone.localdate()
    lists = overdue_to_send(today)
    people = [user for user in notifications.wanting(list(lists), REMINDER)
              if user.email and may_read(user)]
    messages = [message(user, lists[user], today=today) for user in people]
    sent = get_connection(fail_silently=False).send_messages(messages) if messages else 0
    logger.info("overdue answers for %s: %s e-mails", today, sent)
    return sent
