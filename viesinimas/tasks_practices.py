"""Tasks of the good-practice catalogue: a photo's thumbnail, and the e-mails of the review —
staff hear that a practice was handed for review, its author that it was published or
returned. ``services_practices`` queues them after commit with primary keys; each e-mail
is in its recipient's language, with absolute links (``PORTAL_BASE_URL``: a worker has no
request). ``viesinimas.tasks`` imports this module."""

import logging

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from paskyros.models import Role
from portalas import notifications
from portalas.registry import notification_kind
from viesinimas.models import Practice, PracticeStatus

logger = logging.getLogger("regionas.publicity")

__all__ = ["make_photo_thumbnail", "notify_practice_decided", "notify_practice_submitted"]

SUBMITTED = "viesinimas.practice_submitted"
DECIDED = "viesinimas.practice_decided"

notification_kind(SUBMITTED, label=_("Good practices to review"),
                  description=_("A library handed a description of its good practice to the "
                                "department for review."),
                  optional=True, roles=(Role.STAFF, Role.ADMIN))
notification_kind(DECIDED, label=_("Your good practice published or returned"),
                  description=_("The department published the good practice you described, "
                                "or returned it to you with a note."),
                  optional=False, roles=(Role.LIBRARIAN, Role.STAFF))


def wants(user, key: str) -> bool:
    """Whether ``user`` gets the e-mails of a notification kind: an active account with an
    address; an optional kind unless they turned it off (``portalas.notifications``; a kind
    nobody declared is a mistake: KeyError)."""
    return (user is not None and user.is_active and bool(user.email)
            and notifications.wants(user, key))


def reviewers(*, leave_out: int | None = None) -> list:
    """Active department staff with an address who have not turned the kind off (the one
    who handed the practice in left out)."""
    staff = (get_user_model().objects.filter(is_active=True, role=Role.STAFF)
             .exclude(email="").order_by("pk"))
    if leave_out is not None:
        staff = staff.exclude(pk=leave_out)
    return list(notifications.wanting(staff, SUBMITTED))


def _message(template: str, user, context: dict, *, kind: str) -> EmailMessage:
    """One e-mail in ``user``'s language; an optional kind carries its one-click
    unsubscribe link (in the text and the headers)."""
    optional = notifications.kind(kind).optional
    headers = notifications.list_unsubscribe_headers(user, kind) if optional else {}
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {**context, "user": user, "base_url": settings.PORTAL_BASE_URL,
                   "unsubscribe_url": notifications.unsubscribe_url(user, kind)
                   if optional else "",
                   "preferences_url": notifications.preferences_url()}
        subject = render_to_string(f"viesinimas/practices_email_{template}_subject.txt",
                                   context)
        body = render_to_string(f"viesinimas/practices_email_{template}.txt", context)
    return EmailMessage(settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body,
                        to=[user.email], headers=headers)


def _send(messages: list[EmailMessage]) -> int:
    return get_connection(fail_silently=False).send_messages(messages) if messages else 0


def _practice(practice_id: int) -> Practice | None:
    return (Practice.objects.select_related("library", "created_by", "reviewed_by")
            .filter(pk=practice_id).first())


def _link(practice: Practice) -> str:
    return settings.PORTAL_BASE_URL + practice.get_absolute_url()


@shared_task(name="viesinimas.tasks_practices.make_photo_thumbnail", acks_late=True,
             autoretry_for=(OSError,), retry_backoff=30, max_retries=3)
def make_photo_thumbnail(photo_id: int) -> bool:
    """The photo's thumbnail for the catalogue's cards and the gallery (nothing for a photo
    withdrawn before the worker ran)."""
    from viesinimas.services_practices import store_thumbnail

    return store_thumbnail(photo_id)


@shared_task(name="viesinimas.tasks_practices.notify_practice_submitted", acks_late=True,
             autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def notify_practice_submitted(practice_id: int) -> int:
    """Every staff member who has not turned it off hears that the practice waits (nothing
    when it no longer waits: published, returned or archived before the worker ran)."""
    practice = _practice(practice_id)
    if practice is None or practice.status != PracticeStatus.REVIEW:
        return 0
    submitter = practice.history.filter(status=PracticeStatus.REVIEW).order_by(
        "-history_date").values_list("history_user_id", flat=True).first()
    context = {"practice": practice, "link": _link(practice),
               "queue_link": settings.PORTAL_BASE_URL + reverse("viesinimas:practice_mine")
               + "?stage=review"}
    sent = _send([_message("submitted", user, context, kind=SUBMITTED)
                  for user in reviewers(leave_out=submitter)])
    logger.info("practice %s in review: %s e-mails to the department", practice_id, sent)
    return sent


@shared_task(name="viesinimas.tasks_practices.notify_practice_decided", acks_late=True,
             autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def notify_practice_decided(practice_id: int) -> int:
    """The practice's author hears that it was published, or returned with the note (not
    when they decided it themselves, nor when it moved on before the worker ran)."""
    practice = _practice(practice_id)
    if practice is None or practice.status not in (PracticeStatus.PUBLISHED,
                                                   PracticeStatus.DRAFT):
        return 0
    author = practice.created_by
    if practice.status == PracticeStatus.DRAFT and not practice.review_note:
        return 0
    if author is None or author.pk == practice.reviewed_by_id or not wants(author, DECIDED):
        return 0
    template = "published" if practice.status == PracticeStatus.PUBLISHED else "returned"
    sent = _send([_message(template, author, {"practice": practice, "link": _link(practice)},
                           kind=DECIDED)])
    logger.info("practice %s %s: %s e-mail to the author", practice_id, template, sent)
    return sent
