"""E-mails of the groups area: a meeting's invitation (with an .ics, METHOD:REQUEST), its
update (the same UID, a higher SEQUENCE) and its cancellation (METHOD:CANCEL). The task
takes the meeting's primary key and reads who is a member then; each e-mail goes to one
member, in their language (Lithuanian for someone without an account), with an absolute
link to the meeting's page (``PORTAL_BASE_URL``: a worker has no request)."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from bendradarbiavimas.models import Meeting
from bendradarbiavimas.selectors_groups import (
    absolute,
    invitees,
    meeting_calendar,
    when_text,
)
from portalas.registry import notification_kind

logger = logging.getLogger("regionas.cooperation")

INVITATION = "bendradarbiavimas.meeting_invitation"
KINDS = {"request": "REQUEST", "update": "REQUEST", "cancel": "CANCEL"}

notification_kind(INVITATION, label=_("Meeting invitations"),
                  description=_("An invitation to a meeting of a commission or working group "
                                "you are a member of, its changes and its cancellation, with "
                                "an .ics file for your calendar."), optional=False)


def _language(member) -> str:
    if member.user_id and getattr(member.user, "language", ""):
        return member.user.language
    return settings.LANGUAGE_CODE


def message(meeting: Meeting, member, kind: str) -> EmailMessage:
    """One member's e-mail with the meeting's .ics naming them as the ATTENDEE."""
    email = member.contact_email
    method = KINDS[kind]
    ics = meeting_calendar(meeting, method=method, attendees=[(member, email)])
    with translation.override(_language(member)), timezone.override(settings.TIME_ZONE):
        context = {"meeting": meeting, "member": member, "kind": kind,
                   "group": meeting.group, "when": when_text(meeting),
                   "agenda": [line.strip() for line in meeting.agenda.splitlines()
                              if line.strip()],
                   "link": absolute(reverse("bendradarbiavimas:meeting_detail",
                                            args=[meeting.pk])),
                   "base_url": settings.PORTAL_BASE_URL}
        subject = render_to_string("bendradarbiavimas/email/groups_invitation_subject.txt",
                                   context)
        body = render_to_string("bendradarbiavimas/email/groups_invitation.txt", context)
    mail = EmailMessage(settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body,
                        to=[email])
    mail.attach("cancel.ics" if kind == "cancel" else "posedis.ics", ics, "text/calendar")
    return mail


def recipients(meeting: Meeting, kind: str) -> list:
    """An invitation: the members on the meeting's day with an address. A cancellation:
    those who were invited."""
    if kind != "cancel":
        return invitees(meeting)
    invited = (meeting.attendance.filter(invited_at__isnull=False)
               .select_related("member__person", "member__user").order_by("member_id"))
    return [row.member for row in invited if row.member.contact_email]


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def send_meeting_invitations(meeting_id: int, kind: str) -> int:
    if kind not in KINDS:
        raise ValueError(kind)
    meeting = Meeting.objects.select_related("group").filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    messages = [message(meeting, member, kind) for member in recipients(meeting, kind)]
    sent = get_connection(fail_silently=False).send_messages(messages) if messages else 0
    logger.info("meeting %s: %s e-mails (%s)", meeting_id, sent, kind)
    return sent
