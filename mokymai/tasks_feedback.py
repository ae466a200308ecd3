"""E-mails and the daily job of the feedback (imported at the end of ``mokymai.tasks``).

Each attendee of an event held gets one e-mail with their personal, absolute link to the
questionnaire. The daily job invites those not yet invited (attendance is often entered
after the event is marked held) while the answering window is open; run twice, it sends
nothing twice."""

import logging
from datetime import timedelta

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from mokymai.models import EventStatus, TrainingEvent
from mokymai.models_feedback import FeedbackInvitation, feedback_closes_on, feedback_open
from portalas.registry import notification_kind, periodic_task

logger = logging.getLogger("regionas.trainings")

periodic_task("training-feedback-invitations",
              task="mokymai.tasks_feedback.invite_feedback_daily",
              schedule=crontab(hour=10, minute=0))
notification_kind("mokymai.feedback", label=_("Training feedback questionnaire"),
                  description=_("After an event you attended: a personal link to its "
                                "anonymous questionnaire."), optional=False)


def answer_link(invitation: FeedbackInvitation) -> str:
    return settings.PORTAL_BASE_URL + reverse("mokymai:feedback_answer",
                                              args=[invitation.token])


def message(invitation: FeedbackInvitation):
    """The (subject, body, from, [to]) of one invitation, in the participant's language;
    None without an address."""
    registration = invitation.registration
    address = registration.email
    if not address:
        return None
    person, event = registration.person, registration.event
    language = (person.user.language if person.user_id else "") or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {"person": person, "event": event, "link": answer_link(invitation),
                   "closes_on": feedback_closes_on(event),
                   "base_url": settings.PORTAL_BASE_URL}
        subject = render_to_string("mokymai/email/feedback_invitation_subject.txt",
                                   context).strip()
        body = render_to_string("mokymai/email/feedback_invitation.txt", context)
    return (settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body, None, [address])


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def send_feedback_invitations(event_id: int, now=None) -> int:
    """E-mail the event's invitations not sent yet (and not answered), while the window is
    open; each is marked sent in the same transaction, so a retry or a second task sends
    none twice."""
    now = now or timezone.now()
    with transaction.atomic():
        event = TrainingEvent.objects.filter(pk=event_id).first()
        if event is None or not feedback_open(event, timezone.localdate(now)):
            return 0
        invitations = list(
            FeedbackInvitation.objects.select_for_update(of=("self",))
            .filter(registration__event_id=event_id, sent_at__isnull=True, answered=False)
            .select_related("registration__person__user", "registration__event")
            .order_by("pk"))
        pairs = [(invitation, message(invitation)) for invitation in invitations]
        pairs = [(invitation, mail) for invitation, mail in pairs if mail is not None]
        if not pairs:
            return 0
        sent = send_mass_mail([mail for _invitation, mail in pairs], fail_silently=False)
        FeedbackInvitation.objects.filter(pk__in=[i.pk for i, _mail in pairs]).update(
            sent_at=now)
    logger.info("event %s: %s feedback invitations e-mailed", event_id, sent)
    return sent


@shared_task
def invite_feedback_daily(now=None) -> int:
    """Daily (beat): invite the attendees not yet invited of every event held or completed
    whose window is open. Returns how many were invited."""
    from mokymai.services_feedback import invite_feedback

    now = now or timezone.now()
    today = timezone.localdate(now)
    events = TrainingEvent.objects.filter(
        status__in=(EventStatus.HELD, EventStatus.COMPLETED),
        ends_on__gte=today - timedelta(days=settings.FEEDBACK_DAYS))
    invited = 0
    for event in events:
        invited += len(invite_feedback(event, now=now))
    logger.info("feedback invitations: %s new", invited)
    return invited
