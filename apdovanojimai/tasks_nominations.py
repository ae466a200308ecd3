"""E-mails of the nominations: the nominator hears when the department admits their
nomination to evaluation or does not admit it (with the reason). The task takes the
nomination's primary key and reads its status when it runs: a nomination that moved on
meanwhile (admitted after all, withdrawn) gets no stale e-mail. In the nominator's
language, with an absolute link (``PORTAL_BASE_URL``: a worker has no request)."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from apdovanojimai.models import Nomination, NominationStatus
from paskyros.models import Role
from portalas import notifications
from portalas.registry import notification_kind

logger = logging.getLogger("regionas.awards")

DECISION = "apdovanojimai.nomination_decision"

notification_kind(DECISION, label=_("Your nomination admitted or not admitted"),
                  description=_("The department admitted the nomination you made to a "
                                "contest's evaluation, or did not admit it (with the "
                                "reason)."),
                  optional=False, roles=(Role.LIBRARIAN, Role.STAFF, Role.ADMIN))

TEMPLATES = {NominationStatus.ACCEPTED: "admitted", NominationStatus.REJECTED: "rejected"}


def message(nomination: Nomination, user) -> EmailMessage:
    template = TEMPLATES[nomination.status]
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {"user": user, "nomination": nomination, "contest": nomination.contest,
                   "category": nomination.category, "nominee": nomination.nominee_name,
                   "link": settings.PORTAL_BASE_URL + nomination.get_absolute_url(),
                   "base_url": settings.PORTAL_BASE_URL,
                   "preferences_url": notifications.preferences_url()}
        subject = render_to_string(
            f"apdovanojimai/email/nomination_{template}_subject.txt", context)
        body = render_to_string(f"apdovanojimai/email/nomination_{template}.txt", context)
    return EmailMessage(settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body,
                        to=[user.email])


@shared_task(name="apdovanojimai.tasks_nominations.send_nomination_decision", acks_late=True,
             autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def send_nomination_decision(nomination_id: int) -> int:
    """Tell the nominator; nothing when it is neither admitted nor not admitted now, or the
    nominator has no active account with an address."""
    nomination = (Nomination.objects
                  .select_related("contest", "category", "nominator", "person", "library",
                                  "practice")
                  .filter(pk=nomination_id).first())
    if nomination is None or nomination.status not in TEMPLATES:
        return 0
    user = nomination.nominator
    if not (user.is_active and user.email and notifications.wants(user, DECISION)):
        return 0
    sent = get_connection(fail_silently=False).send_messages([message(nomination, user)])
    logger.info("nomination %s %s: %s e-mail to the nominator", nomination_id,
                nomination.status, sent)
    return sent
