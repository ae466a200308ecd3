"""The contracts area's e-mails (Celery beat), to staff who want them:

- ``procurement-summary-reminder`` (daily): from ``PROCUREMENT_SUMMARY_REMIND_DAYS`` before
  the day this year's summary of planned purchases is due in CVP IS
  (``PROCUREMENT_SUMMARY_DUE``) until staff mark it published — also after the due day —
  an e-mail at most once a week (``SummaryReminder`` remembers the last one; claiming the
  week is a conditional UPDATE, so two workers send it once);
- ``procurement-contracts-ending`` (weekly, Monday morning): the contracts ending within
  ``PROCUREMENT_CONTRACT_ENDING_DAYS``, in one e-mail; none ending, no e-mail; once a
  week (``EndingNotice`` claims the week's Monday: a second run sends nothing).

Both kinds are optional: people turn them off on their preferences page or by the link in
the e-mail; the home page keeps showing the same."""

import logging
from datetime import date, timedelta

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from paskyros.models import Role
from pirkimai import selectors_contracts, selectors_summary
from pirkimai.models import Contract
from pirkimai.models.contracts import EndingNotice, SummaryReminder
from portalas import notifications
from portalas.registry import notification_kind, periodic_task

logger = logging.getLogger("regionas.procurement")

__all__ = ["ENDING", "SUMMARY", "claim_ending_week", "claim_summary_week", "send_contracts_ending",
           "send_summary_reminder", "summary_to_remind"]

SUMMARY = "pirkimai.summary_reminder"
ENDING = "pirkimai.contracts_ending"
#: Days between two reminders of the same summary.
REMIND_EVERY = 7

notification_kind(SUMMARY, label=_("The summary of planned purchases is due in CVP IS"),
                  description=_("Before the day the year's summary (pirkimų suvestinė) is "
                                "due, once a week until it is marked published."),
                  optional=True, roles=(Role.STAFF,))
notification_kind(ENDING, label=_("Contracts ending soon"),
                  description=_("Once a week: the procurement contracts whose term ends "
                                "soon, to prepare the next purchase in time."),
                  optional=True, roles=(Role.STAFF,))
periodic_task("procurement-summary-reminder",
              task="pirkimai.tasks_contracts.send_summary_reminder",
              schedule=crontab(hour=7, minute=50))
periodic_task("procurement-contracts-ending",
              task="pirkimai.tasks_contracts.send_contracts_ending",
              schedule=crontab(hour=7, minute=40, day_of_week=1))


def _today(today) -> date:
    if isinstance(today, str):
        return date.fromisoformat(today)
    return today or timezone.localdate()


def _link(path: str) -> str:
    return settings.PORTAL_BASE_URL + path


def _staff(key: str) -> list:
    users = (get_user_model().objects.filter(is_active=True, role=Role.STAFF)
             .exclude(email="").order_by("pk"))
    return list(notifications.wanting(users, key))


def _message(user, key: str, template: str, context: dict) -> EmailMessage:
    """One person's e-mail, in their language."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {**context, "user": user, "base_url": settings.PORTAL_BASE_URL,
                   "unsubscribe_url": notifications.unsubscribe_url(user, key)}
        subject = render_to_string(f"pirkimai/{template}_subject.txt", context)
        body = render_to_string(f"pirkimai/{template}.txt", context)
    return EmailMessage(settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body,
                        to=[user.email],
                        headers=notifications.list_unsubscribe_headers(user, key))


def _send(messages: list[EmailMessage]) -> int:
    return get_connection(fail_silently=False).send_messages(messages) if messages else 0


# --- the summary ---------------------------------------------------------------------------------

def summary_to_remind(today: date) -> selectors_summary.SummaryState | None:
    """This year's summary when its reminder runs today: not published, and today is on or
    after the day reminders start."""
    state = selectors_summary.summary_state(today.year, today=today)
    return state if state.reminding else None


def claim_summary_week(year: int, today: date) -> bool:
    """Whether this run sends the year's reminder: none sent yet, or the last one a week
    ago or more. The claim is a conditional UPDATE (or the row's creation), so it holds
    once whoever else runs at the same moment."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                SummaryReminder.objects.create(year=year, last_sent_on=today)
            return True
        except IntegrityError:
            pass
        moved = SummaryReminder.objects.filter(
            year=year, last_sent_on__lte=today - timedelta(days=REMIND_EVERY)).update(
            last_sent_on=today)
        return moved == 1


@shared_task(name="pirkimai.tasks_contracts.send_summary_reminder")
def send_summary_reminder(today=None) -> int:
    """Daily (beat): the reminder of this year's summary, once a week at most, until it is
    marked published. Returns the e-mails sent."""
    today = _today(today)
    state = summary_to_remind(today)
    if state is None or not claim_summary_week(state.year, today):
        return 0
    context = {"state": state, "year": state.year,
               "summary_link": _link(reverse("pirkimai:summary", args=[state.year]))}
    sent = _send([_message(user, SUMMARY, "summary_reminder_email", context)
                  for user in _staff(SUMMARY)])
    logger.info("summary %s reminder on %s: %s e-mails", state.year, today, sent)
    return sent


# --- contracts ending ----------------------------------------------------------------------------

def claim_ending_week(today: date) -> bool:
    """Take this week's notice (by its Monday); False when it went out already."""
    try:
        with transaction.atomic():
            EndingNotice.objects.create(week=today - timedelta(days=today.weekday()))
    except IntegrityError:
        return False
    return True


@shared_task(name="pirkimai.tasks_contracts.send_contracts_ending")
def send_contracts_ending(today=None) -> int:
    """Weekly (beat): the contracts ending soon, to staff. Returns the e-mails sent."""
    today = _today(today)
    contracts = list(selectors_contracts.ending_soon(Contract.objects.all(), today))
    if not contracts or not claim_ending_week(today):
        return 0
    context = {"today": today, "count": len(contracts),
               "until": selectors_contracts.ending_window(today)[1],
               "rows": [(contract, (contract.ends_on - today).days,
                         _link(contract.get_absolute_url())) for contract in contracts],
               "list_link": _link(reverse("pirkimai:contract_list"))}
    sent = _send([_message(user, ENDING, "contract_ending_email", context)
                  for user in _staff(ENDING)])
    logger.info("contracts ending on %s: %s contracts, %s e-mails", today, len(contracts), sent)
    return sent
