"""E-mails of the trainings app (confirmation, waiting list, promotion, cancellation,
changes, the reminder the day before) and the daily housekeeping. Tasks take primary keys
only; links are absolute (``PORTAL_BASE_URL``), since a worker has no request."""

import logging
from datetime import timedelta

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from mokymai.models import EventStatus, Registration, RegistrationStatus, TrainingEvent
from portalas.clock import local_zone
from portalas.registry import notification_kind, periodic_task

logger = logging.getLogger("regionas.trainings")

KINDS = {"registered", "waiting", "promoted", "cancelled", "event_cancelled", "event_changed",
         "reminder"}

periodic_task("training-reminders", task="mokymai.tasks.send_reminders",
              schedule=crontab(hour=9, minute=0))
periodic_task("training-mark-held", task="mokymai.tasks.mark_held_events",
              schedule=crontab(hour=2, minute=30))
notification_kind("mokymai.registration", label=_("Training registration"),
                  description=_("Confirmation of a registration or a place on the waiting "
                                "list, and a place that has become free."), optional=False)
notification_kind("mokymai.changes", label=_("Changes of a training"),
                  description=_("A changed time or place, or a cancelled event you are "
                                "registered for."), optional=False)
notification_kind("mokymai.reminder", label=_("Training reminder"),
                  description=_("The day before an event you are registered for."),
                  optional=False)


def _link(name: str, *args) -> str:
    return settings.PORTAL_BASE_URL + reverse(name, args=args)


def message(registration: Registration, kind: str):
    """The (subject, body, from, [to]) of one e-mail, in the participant's language; None
    when the participant has no address."""
    if kind not in KINDS:
        raise ValueError(kind)
    address = registration.email
    if not address:
        return None
    person, event = registration.person, registration.event
    language = (person.user.language if person.user_id else "") or settings.LANGUAGE_CODE
    zone = local_zone()
    # Vilnius wall-clock times, whatever time zone the caller had activated (the template's
    # date filter converts to the active zone).
    with translation.override(language), timezone.override(zone):
        sessions = [{"start": timezone.localtime(s.starts_at, zone),
                     "end": timezone.localtime(s.ends_at, zone), "topic": s.topic,
                     "venue": s.venue or event.venue} for s in event.sessions.all()]
        context = {
            "person": person, "event": event, "registration": registration,
            "sessions": sessions, "kind": kind,
            "event_link": _link("mokymai:event_detail", event.pk),
            "ticket_link": _link("mokymai:ticket", registration.token),
            "ics_link": _link("mokymai:ticket_ics", registration.token),
            "has_account": person.user_id is not None,
            "position": (registration.event.registrations.waiting()
                         .filter(queued_at__lte=registration.queued_at).count()
                         if registration.status == RegistrationStatus.WAITING else None),
            "base_url": settings.PORTAL_BASE_URL,
        }
        subject = render_to_string(f"mokymai/email/{kind}_subject.txt", context).strip()
        body = render_to_string(f"mokymai/email/{kind}.txt", context)
    return (settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body, None, [address])


def _send(registrations, kind: str) -> int:
    messages = [m for m in (message(r, kind) for r in registrations) if m is not None]
    return send_mass_mail(messages, fail_silently=False) if messages else 0


def _with_related(queryset):
    return queryset.select_related("person__user", "event").prefetch_related("event__sessions")


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def send_registration_email(registration_id: int, kind: str) -> None:
    registrations = list(_with_related(Registration.objects.filter(pk=registration_id)))
    sent = _send(registrations, kind)
    logger.info("registration %s: %s e-mail (%s sent)", registration_id, kind, sent)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def notify_event_cancelled(event_id: int) -> None:
    """Everyone registered or waiting hears the cancellation and its message."""
    registrations = _with_related(Registration.objects.filter(event_id=event_id).active())
    sent = _send(list(registrations), "event_cancelled")
    logger.info("event %s cancelled: %s e-mails", event_id, sent)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def notify_event_changed(event_id: int) -> None:
    """The time, the place or the link changed: everyone registered or waiting hears it."""
    registrations = _with_related(Registration.objects.filter(
        event_id=event_id, event__status__in=(EventStatus.PUBLISHED,
                                              EventStatus.REGISTRATION_CLOSED)).active())
    sent = _send(list(registrations), "event_changed")
    logger.info("event %s changed: %s e-mails", event_id, sent)


@shared_task
def send_reminders(now=None) -> int:
    """Daily (beat): remind the registered participants of events whose first day
    (``starts_on``, Vilnius time) is tomorrow. Once per registration: a three-day course
    is announced the day before it begins, not before each of its days, and a re-run sends
    nothing (registering again after a cancellation clears the mark)."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    registrations = list(_with_related(
        Registration.objects.registered()
        .filter(event__status__in=(EventStatus.PUBLISHED, EventStatus.REGISTRATION_CLOSED),
                event__starts_on=tomorrow, reminded_at__isnull=True)))
    sent = _send(registrations, "reminder")
    Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(reminded_at=now)
    logger.info("training reminders: %s", sent)
    return sent


@shared_task
def mark_held_events(now=None) -> int:
    """Nightly (beat): a published event whose last session has ended is held."""
    from mokymai.services import Refused, change_status

    now = now or timezone.now()
    moved = 0
    candidates = TrainingEvent.objects.filter(
        status__in=(EventStatus.PUBLISHED, EventStatus.REGISTRATION_CLOSED),
        ends_on__lt=timezone.localtime(now).date())
    for event in candidates:
        try:
            change_status(event=event, to=EventStatus.HELD, by=None, now=now)
            moved += 1
        except Refused:
            continue
    return moved


import mokymai.tasks_certificates  # noqa: E402,F401 - the certificates' e-mails

# The feedback questionnaire's e-mails and daily job.
from mokymai import tasks_feedback  # noqa: E402,F401
from mokymai.tasks_retention import anonymise_expired_personal_data  # noqa: E402,F401
