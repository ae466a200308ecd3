"""The jury's reminder (daily, Celery beat): three working days before a contest's
``scoring_until`` (Lithuanian holidays and weekends skipped, ``portalas.workdays``), a
juror with nominations still to declare about or to score hears it once — once per contest
and juror, whichever day the run first finds them. A run claims the pair before the e-mail
goes: it locks the juror's seat and writes a ``JuryEvent`` ("reminder sent", naming the
juror) unless one is there already, so two runs at once send one e-mail; a failed send
takes the claim back. In the juror's language, with absolute links (``PORTAL_BASE_URL``)."""

import logging
from datetime import date

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from apdovanojimai.models import ContestStatus, JuryEvent, JuryMember
from apdovanojimai.selectors_jury import seats_progress
from apdovanojimai.services_jury import REMINDED
from paskyros.models import Role
from portalas import notifications
from portalas.registry import notification_kind, periodic_task
from portalas.workdays import days_before

logger = logging.getLogger("regionas.awards")

__all__ = ["REMINDER", "REMIND_WORKING_DAYS", "send_jury_reminders"]

REMINDER = "apdovanojimai.jury_reminder"
#: Jurors are reminded this many working days before scoring ends.
REMIND_WORKING_DAYS = 3

notification_kind(REMINDER, label=_("Jury work left before scoring ends"),
                  description=_("A contest whose jury you are on stops scoring in three "
                                "working days and you still have nominations to declare "
                                "about or to score."),
                  optional=True, roles=(Role.STAFF, Role.LIBRARIAN, Role.MANAGEMENT, Role.ADMIN))
periodic_task("awards-jury-reminders", task="apdovanojimai.tasks_jury.send_jury_reminders",
              schedule=crontab(hour=8, minute=40))


def seats_due(today: date) -> list[JuryMember]:
    """The seats of contests in evaluation, not closed, whose reminder day has come and
    whose scoring has not ended, with work left."""
    seats = [seat for seat in JuryMember.objects.filter(
        contest__status=ContestStatus.EVALUATION, contest__scoring_closed_at__isnull=True,
        contest__scoring_until__gte=today, user__is_active=True)
        .exclude(user__email="").select_related("contest", "user").order_by("contest_id", "pk")
        if days_before(seat.contest.scoring_until, REMIND_WORKING_DAYS, working=True) <= today]
    progress = seats_progress(seats)
    for seat in seats:
        seat.progress = progress[seat.pk]
    return [seat for seat in seats if seat.progress.work_left]


def claim(seat: JuryMember) -> JuryEvent | None:
    """The reminder of this contest and juror, claimed once (None: already sent)."""
    with transaction.atomic():
        JuryMember.objects.select_for_update().filter(pk=seat.pk).first()
        sent = JuryEvent.objects.filter(contest_id=seat.contest_id, action=REMINDED,
                                        detail__juror=seat.user_id).exists()
        if sent:
            return None
        return JuryEvent.objects.create(contest_id=seat.contest_id, action=REMINDED,
                                        actor=None, detail={"juror": seat.user_id})


def message(seat: JuryMember) -> EmailMessage:
    user = seat.user
    headers = notifications.list_unsubscribe_headers(user, REMINDER)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {"user": user, "contest": seat.contest, "progress": seat.progress,
                   "link": settings.PORTAL_BASE_URL + reverse(
                       "apdovanojimai:jury_worklist", args=[seat.contest_id]),
                   "base_url": settings.PORTAL_BASE_URL,
                   "unsubscribe_url": notifications.unsubscribe_url(user, REMINDER)}
        subject = render_to_string("apdovanojimai/email/jury_reminder_subject.txt", context)
        body = render_to_string("apdovanojimai/email/jury_reminder.txt", context)
    return EmailMessage(settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body,
                        to=[user.email], headers=headers)


@shared_task(name="apdovanojimai.tasks_jury.send_jury_reminders")
def send_jury_reminders(today=None) -> int:
    """Daily: remind the jurors with work left (see the module). Returns the e-mails sent."""
    if isinstance(today, str):
        today = date.fromisoformat(today)
    today = today or timezone.localdate()
    seats = seats_due(today)
    wanted = {u.pk for u in notifications.wanting([s.user for s in seats], REMINDER)}
    sent = 0
    for seat in seats:
        if seat.user_id not in wanted:
            continue
        claimed = claim(seat)
        if claimed is None:
            continue   # another run (or an earlier day) sent it
        try:
            sent += get_connection(fail_silently=False).send_messages([message(seat)])
        except OSError:
            claimed.delete()
            raise
    logger.info("jury reminders for %s: %s e-mails", today, sent)
    return sent
