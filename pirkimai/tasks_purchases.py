"""E-mails of the purchases, queued after the commit of the move that causes them:

- ``pirkimai.purchase_submitted`` — a request submitted for approval: to management (and
  administrators) who have not turned it off;
- ``pirkimai.purchase_decided`` — a request approved or returned (with management's
  comment): to the requester.

Each task takes the purchase's primary key and reads its state when it runs: a request that
moved on meanwhile (approved before the e-mail went, cancelled) gets no stale e-mail. In the
recipient's language, with an absolute link (``PORTAL_BASE_URL``: a worker has no
request)."""

import logging

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from paskyros.models import Role
from pirkimai.models import Purchase, PurchaseStatus, may_approve, may_read
from portalas import notifications
from portalas.registry import notification_kind

logger = logging.getLogger("regionas.procurement")

__all__ = ["DECIDED", "SUBMITTED", "send_decided", "send_submitted"]

SUBMITTED = "pirkimai.purchase_submitted"
DECIDED = "pirkimai.purchase_decided"

notification_kind(SUBMITTED, label=_("Purchase requests to approve"),
                  description=_("A staff member submitted a purchase request for "
                                "management's approval."),
                  optional=True, roles=(Role.MANAGEMENT, Role.ADMIN))
notification_kind(DECIDED, label=_("Your purchase request approved or returned"),
                  description=_("Management approved the purchase request you submitted, or "
                                "returned it with a comment on what to correct."),
                  optional=False, roles=(Role.STAFF, Role.ADMIN))


def _purchase(purchase_id: int) -> Purchase | None:
    return (Purchase.objects.select_related("cpv", "requested_by", "decided_by")
            .filter(pk=purchase_id).first())


def message(purchase: Purchase, user, template: str, key: str) -> EmailMessage:
    """One person's e-mail, in their language."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {"user": user, "purchase": purchase,
                   "link": settings.PORTAL_BASE_URL + purchase.get_absolute_url(),
                   "base_url": settings.PORTAL_BASE_URL,
                   "approved": purchase.status == PurchaseStatus.APPROVED,
                   "unsubscribe_url": (notifications.unsubscribe_url(user, key)
                                       if notifications.kind(key).optional else ""),
                   "preferences_url": notifications.preferences_url()}
        subject = render_to_string(f"pirkimai/{template}_subject.txt", context)
        body = render_to_string(f"pirkimai/{template}.txt", context)
    headers = (notifications.list_unsubscribe_headers(user, key)
               if notifications.kind(key).optional else {})
    return EmailMessage(settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body,
                        to=[user.email], headers=headers)


@shared_task(name="pirkimai.tasks_purchases.send_submitted", acks_late=True,
             autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def send_submitted(purchase_id: int) -> int:
    """Tell management a request awaits their approval; nothing once it has moved on."""
    purchase = _purchase(purchase_id)
    if purchase is None or purchase.status != PurchaseStatus.SUBMITTED:
        return 0
    people = get_user_model().objects.filter(
        is_active=True, role__in=(Role.MANAGEMENT, Role.ADMIN)).exclude(email="")
    people = [user for user in notifications.wanting(people.order_by("pk"), SUBMITTED)
              if may_approve(user)]
    messages = [message(purchase, user, "purchase_submitted_email", SUBMITTED)
                for user in people]
    sent = get_connection(fail_silently=False).send_messages(messages) if messages else 0
    logger.info("purchase %s submitted: %s e-mails to management", purchase_id, sent)
    return sent


@shared_task(name="pirkimai.tasks_purchases.send_decided", acks_late=True,
             autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def send_decided(purchase_id: int) -> int:
    """Tell the requester their request is approved or returned; nothing when it is
    neither now, or they have no active account with an address."""
    purchase = _purchase(purchase_id)
    if purchase is None or purchase.status not in (PurchaseStatus.APPROVED,
                                                   PurchaseStatus.RETURNED):
        return 0
    user = purchase.requested_by
    if not (user.is_active and user.email and may_read(user)
            and notifications.wants(user, DECIDED)):
        return 0
    sent = get_connection(fail_silently=False).send_messages(
        [message(purchase, user, "purchase_decided_email", DECIDED)])
    logger.info("purchase %s %s: %s e-mail to the requester", purchase_id, purchase.status,
                sent)
    return sent
