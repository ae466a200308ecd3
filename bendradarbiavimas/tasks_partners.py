"""Reminders before an agreement expires (daily, Celery beat): an agreement whose end falls
within its ``remind_days`` working days (Lithuanian holidays and weekends not counted,
``portalas.workdays``) and that has not been reminded of for this end date gets one e-mail
to its responsible person — to every department staff member when it has none. Changing the
end date clears the mark (``services_partners.update_agreement``), so the new end is
reminded of again. A run claims each agreement with a conditional UPDATE, so two runs send
once. Links are absolute (``PORTAL_BASE_URL``: a worker has no request)."""

import logging
from datetime import date, timedelta

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from bendradarbiavimas.models import Agreement
from paskyros.models import Role
from portalas import notifications
from portalas.registry import notification_kind, periodic_task
from portalas.workdays import days_before, working_days_between

logger = logging.getLogger("regionas.cooperation")

EXPIRY = "bendradarbiavimas.agreement_expiry"
#: The longest reminder period a form accepts (working days), in calendar days with margin.
LOOK_AHEAD = timedelta(days=400)

periodic_task("cooperation-agreement-reminders",
              task="bendradarbiavimas.tasks_partners.send_agreement_reminders",
              schedule=crontab(hour=7, minute=15))
notification_kind(EXPIRY, label=_("Agreement expiring"),
                  description=_("A cooperation agreement you are responsible for (or any, "
                                "when nobody is named) expires soon."),
                  optional=False, roles=(Role.STAFF, Role.MANAGEMENT, Role.ADMIN))


def _link(name: str, *args) -> str:
    return settings.PORTAL_BASE_URL + reverse(name, args=args)


def due(agreement: Agreement, today: date) -> bool:
    """Whether ``today`` is on or after the reminder day: ``remind_days`` working days
    before the end (and the end not past)."""
    if agreement.ends_on is None or agreement.ends_on < today:
        return False
    return days_before(agreement.ends_on, agreement.remind_days, working=True) <= today


def recipients(agreement: Agreement) -> list:
    responsible = agreement.responsible
    if responsible is not None and responsible.is_active and responsible.email:
        return [responsible]
    staff = (get_user_model().objects.filter(is_active=True, role=Role.STAFF)
             .exclude(email="").order_by("pk"))
    return list(notifications.wanting(staff, EXPIRY))


def message(agreement: Agreement, user, today: date) -> EmailMessage:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "user": user, "agreement": agreement,
            "parties": "; ".join(p.organisation.name for p in agreement.partners.all()),
            "working_days": working_days_between(today, agreement.ends_on),
            "link": _link("bendradarbiavimas:agreement_detail", agreement.pk),
            "list_link": _link("bendradarbiavimas:agreement_list") + "?status=expiring",
            "base_url": settings.PORTAL_BASE_URL,
            "preferences_url": notifications.preferences_url(),
        }
        subject = render_to_string(
            "bendradarbiavimas/email/partners_agreement_expiry_subject.txt", context)
        body = render_to_string("bendradarbiavimas/email/partners_agreement_expiry.txt",
                                context)
    return EmailMessage(settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body,
                        to=[user.email])


@shared_task
def send_agreement_reminders(today: str | None = None) -> int:
    """Daily: remind of the agreements due (see the module). Returns the e-mails sent."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    candidates = (Agreement.objects
                  .filter(Q(terminated_on__isnull=True) | Q(terminated_on__gt=day),
                          reminded_at__isnull=True, ends_on__gte=day,
                          ends_on__lte=day + LOOK_AHEAD)
                  .select_related("responsible")
                  .prefetch_related("partners__organisation").order_by("ends_on", "pk"))
    sent = 0
    for agreement in candidates:
        if not due(agreement, day):
            continue
        claimed = Agreement.objects.filter(pk=agreement.pk, reminded_at__isnull=True,
                                           ends_on=agreement.ends_on).update(
            reminded_at=timezone.now())
        if claimed != 1:
            continue
        messages = [message(agreement, user, day) for user in recipients(agreement)]
        try:
            sent += get_connection(fail_silently=False).send_messages(messages) \
                if messages else 0
        except OSError:
            Agreement.objects.filter(pk=agreement.pk).update(reminded_at=None)
            raise
    logger.info("agreement reminders: %s e-mails", sent)
    return sent
