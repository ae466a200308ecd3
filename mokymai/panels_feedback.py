"""Declarations of the feedback part of the trainings app (imported by mokymai/panels.py):
what the portal holds about a person here — their invitations (the personal link and
whether it was used). The answers themselves are anonymous and are no one's personal data."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mokymai.models import new_token
from mokymai.models_feedback import FeedbackInvitation
from portalas.registry import personal_data


def _export(person) -> list[dict]:
    invitations = (FeedbackInvitation.objects.filter(registration__person=person)
                   .select_related("registration__event").order_by("pk"))
    return [{"record": "training feedback invitation",
             "event": invitation.registration.event.title,
             "e-mailed_at": (timezone.localtime(invitation.sent_at).isoformat()
                             if invitation.sent_at else ""),
             "answered": invitation.answered}
            for invitation in invitations]


def _erase(person) -> int:
    """An unused link stops working (a new secret no one has; marked sent, so it is not
    e-mailed again); every invitation stays, saying only whether an answer was given, so
    the events' "answers of invited" do not change."""
    changed = 0
    now = timezone.now()
    for invitation in FeedbackInvitation.objects.filter(registration__person=person,
                                                        answered=False):
        FeedbackInvitation.objects.filter(pk=invitation.pk).update(
            token=new_token(), sent_at=invitation.sent_at or now)
        changed += 1
    return changed


personal_data("mokymai.feedback", label=_("Trainings: feedback invitations"),
              export=_export, erase=_erase)
