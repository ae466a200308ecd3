import logging

from celery import shared_task
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from paskyros.models import Invitation
from portalas.registry import notification_kind, periodic_task

logger = logging.getLogger("regionas.accounts")


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def send_invitation_email(invitation_id: int) -> None:
    """Mint the link's token here, so it never travels through the broker."""
    with transaction.atomic():
        invitation = (Invitation.objects.select_for_update(of=("self",))
                      .select_related("user", "invited_by")
                      .filter(pk=invitation_id).first())
        if invitation is None or not invitation.is_usable:
            return
        token, token_hash = Invitation.new_token()
        invitation.token_hash = token_hash
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["token_hash", "sent_at"])
    user = invitation.user
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "invited_by": invitation.invited_by,
            "link": f"{settings.PORTAL_BASE_URL}/paskyra/kvietimas/{token}/",
            "expires_at": invitation.expires_at,
            "base_url": settings.PORTAL_BASE_URL,
        }
        subject = render_to_string("paskyros/email/invitation_subject.txt", context).strip()
        body = render_to_string("paskyros/email/invitation.txt", context)
    send_mail(settings.EMAIL_SUBJECT_PREFIX + subject, body, None, [user.email])
    logger.info("invitation %s sent", invitation.pk)


periodic_task("purge-expired-sessions-and-invitations", task="paskyros.tasks.housekeeping",
              schedule=6 * 3600)
notification_kind("paskyros.invitation", label=_("Invitation to the portal"),
                  description=_("The link that sets the password of a new account."),
                  optional=False)
notification_kind("paskyros.password_reset", label=_("Password reset"),
                  description=_("Sent only when you ask for it."), optional=False)


@shared_task
def housekeeping() -> None:
    """Drop expired sessions and long-dead invitations (kept 90 days for the record)."""
    Session.objects.filter(expire_date__lt=timezone.now()).delete()
    cutoff = timezone.now() - timezone.timedelta(days=90)
    Invitation.objects.filter(expires_at__lt=cutoff, accepted_at__isnull=True).delete()
