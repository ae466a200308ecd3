"""E-mails of the certificates (imported at the end of ``mokymai.tasks``): each holder hears
that their certificate has been issued (or corrected), with the absolute links to it in
the portal and to its public verification. Tasks take primary keys only."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.core.mail.message import sanitize_address
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mokymai.models import Certificate, CertificateStatus
from portalas.registry import notification_kind

logger = logging.getLogger("regionas.trainings")
KINDS = {"issued", "reissued"}

notification_kind("mokymai.certificate", label=_("Training certificate"),
                  description=_("Your professional-development certificate has been issued "
                                "or corrected."), optional=False)


def message(certificate: Certificate, kind: str):
    """The (subject, body, from, [to]) of one e-mail, in the holder's language; None when
    the holder has no address."""
    if kind not in KINDS:
        raise ValueError(kind)
    person = certificate.person
    address = person.email or (person.user.email if person.user_id else "")
    if not address:
        return None
    try:
        sanitize_address(address, "utf-8")
    except ValueError:
        logger.warning("certificate %s: the holder's e-mail address is not valid",
                       certificate.pk)
        return None
    language = (person.user.language if person.user_id else "") or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "certificate": certificate, "person": person, "kind": kind,
            "has_account": person.user_id is not None,
            "certificate_link": settings.PORTAL_BASE_URL + reverse(
                "mokymai:certificate_detail", args=[certificate.pk]),
            "verification_link": certificate.verification_url,
            "base_url": settings.PORTAL_BASE_URL,
        }
        subject = gettext("Professional development certificate: %(title)s") % {
            "title": certificate.title}
        body = render_to_string("mokymai/email/certificate.txt", context)
    return (settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body, None, [address])


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def send_certificate_emails(certificate_ids: list[int], kind: str = "issued") -> int:
    """One e-mail per valid certificate among ``certificate_ids`` (sent together, over one
    connection)."""
    certificates = (Certificate.objects.filter(pk__in=certificate_ids,
                                               status=CertificateStatus.VALID)
                    .select_related("person__user").order_by("pk"))
    messages = [m for m in (message(c, kind) for c in certificates) if m is not None]
    sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    logger.info("certificates: %s %s e-mails sent", sent, kind)
    return sent
