"""The weekly e-mail of new calls for applications to the people who asked for it
(``CallSubscription``, opt-in): every call published since the last run and still open,
in one e-mail per person, in their language."""

import logging

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from paskyros.models import Role, User
from portalas.notifications import wanting
from portalas.registry import notification_kind, periodic_task
from projektai.models import Call

logger = logging.getLogger("regionas.projects")

periodic_task("project-calls-digest", task="projektai.tasks.send_calls_digest",
              schedule=crontab(hour=8, minute=30, day_of_week="mon"))
notification_kind("projektai.calls", label=_("New calls for applications"),
                  description=_("Every Monday, the calls for applications published during "
                                "the week (only when there are new ones). Turned on and off "
                                "on the calls page."),
                  optional=True, roles=(Role.LIBRARIAN, Role.STAFF, Role.MANAGEMENT))


def _link(name: str, *args) -> str:
    return settings.PORTAL_BASE_URL + reverse(name, args=args)


def subscribers():
    """Active people with an address who asked for the e-mail (and have not turned the
    kind off on the e-mail preferences page)."""
    return wanting(User.objects.filter(is_active=True, call_subscription__isnull=False)
                   .exclude(email="").order_by("pk"), "projektai.calls")


def digest_message(user, calls: list[Call]):
    """The (subject, body, from, [to]) of one person's e-mail, in their language."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "user": user, "count": len(calls),
            "calls": [{"call": call, "funder": call.funder or (
                call.programme.funder if call.programme_id else None),
                "url": _link("projektai:call_detail", call.pk)} for call in calls],
            "calls_link": _link("projektai:call_list"),
            "base_url": settings.PORTAL_BASE_URL,
        }
        subject = render_to_string("projektai/email/calls_digest_subject.txt", context).strip()
        body = render_to_string("projektai/email/calls_digest.txt", context)
    return (settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body, None,
            [user.email])


@shared_task(name="projektai.tasks.send_calls_digest")
def send_calls_digest(now=None) -> int:
    """Weekly (beat): the published calls not yet sent whose deadline has not passed, in
    one e-mail per subscriber; then those calls are marked sent, so a re-run sends nothing
    and a call published later goes in the next e-mail. Returns the e-mails sent."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    with transaction.atomic():
        calls = list(Call.objects.select_for_update(of=("self",))
                     .filter(published=True, digest_sent_at__isnull=True, deadline__gte=today)
                     .select_related("programme__funder", "funder")
                     .order_by("deadline", "title", "pk"))
        if not calls:
            return 0
        messages = [digest_message(user, calls) for user in subscribers()]
        sent = send_mass_mail(messages, fail_silently=False) if messages else 0
        Call.objects.filter(pk__in=[call.pk for call in calls]).update(digest_sent_at=now)
    logger.info("calls digest: %s calls to %s people", len(calls), sent)
    return sent
