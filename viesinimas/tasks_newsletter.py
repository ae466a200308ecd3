"""Sending a newsletter: ``send_newsletter`` (queued after commit by
``services_newsletter.start_sending``) records who is to get the issue — one
``NewsletterDelivery`` per person — and queues the batches; each batch claims a person's
delivery before sending their e-mail, so a batch retried after a failure (or run twice)
sends nobody a second copy. The last batch moves the issue to sent."""

import logging

from celery import shared_task
from django.core.mail import get_connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from paskyros.models import Role
from portalas.registry import notification_kind
from viesinimas.models import Newsletter, NewsletterDelivery, NewsletterStatus

logger = logging.getLogger("regionas.publicity")

#: E-mails sent by one task.
BATCH_SIZE = 50

notification_kind("viesinimas.newsletter", label=_("Newsletter"),
                  description=_("The department's periodic digest: good practices, upcoming "
                                "trainings, calls for applications and news of the "
                                "territory's libraries."),
                  optional=True, roles=(Role.LIBRARIAN, Role.STAFF, Role.MANAGEMENT))


def _sending(newsletter_id: int) -> Newsletter | None:
    return Newsletter.objects.filter(pk=newsletter_id, status=NewsletterStatus.SENDING).first()


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def send_newsletter(newsletter_id: int) -> int:
    """Everyone who is to get the issue gets a delivery row (once; a re-run adds only
    those new since), then the unsent are sent in batches of ``BATCH_SIZE``. Returns the
    number of batches queued."""
    from viesinimas.services_newsletter import finish_if_delivered, recipients

    newsletter = _sending(newsletter_id)
    if newsletter is None:
        return 0
    NewsletterDelivery.objects.bulk_create(
        [NewsletterDelivery(newsletter=newsletter, user_id=pk)
         for pk in recipients().values_list("pk", flat=True)], ignore_conflicts=True)
    due = list(newsletter.deliveries.filter(sent_at__isnull=True).order_by("user_id")
               .values_list("user_id", flat=True))
    batches = [due[start:start + BATCH_SIZE] for start in range(0, len(due), BATCH_SIZE)]
    for batch in batches:
        send_newsletter_batch.delay(newsletter_id, batch)
    if not batches:
        finish_if_delivered(newsletter_id)
    logger.info("newsletter %s: %s people in %s batches", newsletter_id, len(due), len(batches))
    return len(batches)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def send_newsletter_batch(newsletter_id: int, user_ids: list[int]) -> int:
    """Send the issue to these people, each once: a person's delivery is claimed (marked
    sent) before their e-mail goes, and released when sending it fails, so the retry sends
    exactly those not yet sent. Someone who has turned the newsletter off, or left, since
    the issue went out is dropped. Returns the e-mails sent."""
    from viesinimas import services_newsletter as service

    newsletter = _sending(newsletter_id)
    if newsletter is None:
        return 0
    due = NewsletterDelivery.objects.filter(newsletter=newsletter, user_id__in=user_ids,
                                            sent_at__isnull=True)
    people = list(service.recipients().filter(pk__in=due.values("user_id")))
    due.exclude(user_id__in=[user.pk for user in people]).delete()
    items = list(newsletter.items.all())
    sent = 0
    if people:
        with get_connection() as connection:
            for user in people:
                claimed = due.filter(user_id=user.pk).update(sent_at=timezone.now())
                if claimed != 1:
                    continue  # another run sent it meanwhile
                try:
                    service.message(newsletter, items, user, connection=connection).send()
                except Exception:
                    NewsletterDelivery.objects.filter(newsletter=newsletter,
                                                      user_id=user.pk).update(sent_at=None)
                    raise
                sent += 1
    service.finish_if_delivered(newsletter_id)
    logger.info("newsletter %s: a batch of %s sent %s", newsletter_id, len(user_ids), sent)
    return sent
