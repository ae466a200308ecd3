"""The knowledge base's e-mail: an entry handed for review reaches the people who may
review it (active staff and management other than its author). ``services.submit_entry``
queues it after commit with the entry's primary key; ``tasks.py`` star-imports this
module."""

import logging

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from konsultacijos.models import EntryStatus, KnowledgeEntry
from paskyros.models import Role
from portalas.notifications import wanting
from portalas.registry import notification_kind

logger = logging.getLogger("regionas.consultations")

__all__ = ["notify_entry_in_review", "review_message", "reviewers"]

REVIEW_KIND = "konsultacijos.review"
REVIEWER_ROLES = (Role.STAFF, Role.MANAGEMENT)

notification_kind(REVIEW_KIND, label=_("Knowledge-base entries to review"),
                  description=_("A knowledge-base entry written by a colleague waits for "
                                "another pair of eyes before it is published."),
                  optional=True, roles=REVIEWER_ROLES)


def reviewers(entry: KnowledgeEntry):
    """The active staff and management with an address, the author left out, and those
    who turned ``konsultacijos.review`` off (it is optional)."""
    return wanting(get_user_model().objects.filter(is_active=True, role__in=REVIEWER_ROLES)
                   .exclude(pk=entry.created_by_id).exclude(email="").order_by("pk"),
                   REVIEW_KIND)


def review_message(entry: KnowledgeEntry, user):
    """The (subject, body, from, [to]) of one reviewer's e-mail, in their language; the
    link is absolute (a worker has no request)."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {"entry": entry, "user": user, "author": entry.created_by,
                   "link": settings.PORTAL_BASE_URL + entry.get_absolute_url(),
                   "base_url": settings.PORTAL_BASE_URL}
        subject = render_to_string("konsultacijos/email/entry_in_review_subject.txt",
                                   context)
        body = render_to_string("konsultacijos/email/entry_in_review.txt", context)
    return (settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body, None,
            [user.email])


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def notify_entry_in_review(entry_id: int) -> int:
    """Every possible reviewer hears that the entry waits (nothing when it no longer
    waits: published, returned or withdrawn before the worker ran)."""
    entry = (KnowledgeEntry.objects.select_related("topic", "created_by")
             .filter(pk=entry_id).first())
    if entry is None or entry.status != EntryStatus.REVIEW:
        return 0
    messages = [review_message(entry, user) for user in reviewers(entry)]
    sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    logger.info("knowledge-base entry %s in review: %s e-mails", entry_id, sent)
    return sent
