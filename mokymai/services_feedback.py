"""Writes of the feedback: inviting an event's attendees and storing an answer.

An answer is stored with no link to the person: in one transaction the answer is created
(event, ratings, comments, the day) and the invitation is marked answered — the invitation
is locked first, so a double click stores one answer. E-mails are queued after commit,
with the event's primary key only."""

import logging

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from mokymai.models import Attendance, Registration, TrainingEvent
from mokymai.models_feedback import (
    FeedbackAnswer,
    FeedbackInvitation,
    FeedbackLecturerRating,
    feedback_open,
)
from mokymai.services import Refused

logger = logging.getLogger("regionas.trainings")

QUESTIONS = ("content", "lecturers", "organisation", "usefulness")


def attendees(event: TrainingEvent):
    """Registered participants (not waiting, not cancelled) present at one session or more."""
    present = Attendance.objects.filter(registration=OuterRef("pk"), present=True)
    return Registration.objects.filter(event=event).registered().filter(Exists(present))


def _queue_sending(event_id: int) -> None:
    from mokymai import tasks_feedback

    transaction.on_commit(lambda: tasks_feedback.send_feedback_invitations.delay(event_id))


@transaction.atomic
def invite_feedback(event: TrainingEvent, *, now=None) -> list[FeedbackInvitation]:
    """Invite the event's attendees not yet invited (each once, ever) and queue their
    e-mails; nothing outside the answering window. Returns the new invitations. Safe to
    call again: the nightly task, the staff's button and the "held" step all may."""
    now = now or timezone.now()
    if not feedback_open(event, timezone.localdate(now)):
        return []
    missing = attendees(event).filter(feedback_invitation__isnull=True).order_by("pk")
    created = []
    for registration in missing:
        invitation, new = FeedbackInvitation.objects.get_or_create(
            registration=registration, defaults={"created_at": now})
        if new:
            created.append(invitation)
    unsent = FeedbackInvitation.objects.filter(registration__event=event, sent_at__isnull=True,
                                               answered=False)
    if created or unsent.exists():
        _queue_sending(event.pk)
    logger.info("event %s: %s feedback invitations", event.pk, len(created))
    return created


def lecturers_of(event: TrainingEvent) -> list:
    """The lecturers of the event's sessions, once each, in name order."""
    from mokymai.models import Lecturer

    return list(Lecturer.objects.filter(sessions__event=event).distinct()
                .select_related("person").order_by("person__last_name",
                                                   "person__first_name", "pk"))


@transaction.atomic
def submit_answer(*, invitation: FeedbackInvitation, ratings: dict, most_useful: str = "",
                  to_improve: str = "", lecturer_ratings: dict | None = None,
                  now=None) -> FeedbackAnswer:
    """Store one answer to the invitation's questionnaire, once, within the window.
    ``ratings``: the four questions' 1–5; ``lecturer_ratings``: {lecturer id: 1–5} for
    lecturers of the event (others are ignored). With one lecturer, the "lecturers" rating
    is theirs."""
    now = now or timezone.now()
    invitation = (FeedbackInvitation.objects.select_for_update()
                  .select_related("registration__event").get(pk=invitation.pk))
    if invitation.answered:
        raise Refused(_("This questionnaire has already been answered."), code="answered")
    event = invitation.registration.event
    today = timezone.localdate(now)
    if not feedback_open(event, today):
        raise Refused(_("The questionnaire is closed."), code="closed")
    values = {}
    for question in QUESTIONS:
        value = ratings.get(question)
        if value not in (1, 2, 3, 4, 5):
            raise Refused(_("Rate every question from 1 to 5."), code="rating")
        values[question] = value
    answer = FeedbackAnswer.objects.create(
        event=event, most_useful=most_useful.strip(), to_improve=to_improve.strip(),
        submitted_on=today, **values)
    teachers = {lecturer.pk for lecturer in lecturers_of(event)}
    given = {int(pk): value for pk, value in (lecturer_ratings or {}).items()
             if int(pk) in teachers and value in (1, 2, 3, 4, 5)}
    if len(teachers) == 1 and not given:
        given = {next(iter(teachers)): values["lecturers"]}
    FeedbackLecturerRating.objects.bulk_create(
        FeedbackLecturerRating(answer=answer, lecturer_id=pk, rating=value)
        for pk, value in sorted(given.items()))
    FeedbackInvitation.objects.filter(pk=invitation.pk).update(answered=True)
    logger.info("event %s: a feedback answer", event.pk)
    return answer
