"""Feedback after a training (issue 17): an anonymous questionnaire each attendee is invited
to answer once.

Two halves that never meet. ``FeedbackInvitation`` belongs to the registration: the
personal link (a random token) and whether it has been used — not when, so its time cannot
be matched with an answer. ``FeedbackAnswer`` belongs to the event only: no person, no
registration, no invitation; a random primary key (no order of arrival) and the day it was
given, not the moment. Imported at the end of ``mokymai.models``."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mokymai.models import EventStatus, Lecturer, Registration, TrainingEvent, new_token

__all__ = ["RATINGS", "FeedbackAnswer", "FeedbackInvitation", "FeedbackLecturerRating",
           "feedback_closes_on", "feedback_open"]

# The scale every question uses.
RATINGS = [
    (1, pgettext_lazy("rating", "Very poor")),
    (2, pgettext_lazy("rating", "Poor")),
    (3, pgettext_lazy("rating", "Fair")),
    (4, pgettext_lazy("rating", "Good")),
    (5, pgettext_lazy("rating", "Excellent")),
]
FEEDBACK_STATUSES = (EventStatus.HELD, EventStatus.COMPLETED)


def feedback_closes_on(event: TrainingEvent):
    """The last day (Vilnius time) the event's questionnaire may be answered:
    ``FEEDBACK_DAYS`` after its last day; None without sessions."""
    if event.ends_on is None:
        return None
    return event.ends_on + timedelta(days=settings.FEEDBACK_DAYS)


def feedback_open(event: TrainingEvent, today=None) -> bool:
    """From the event being held until ``FEEDBACK_DAYS`` after its last day."""
    closes = feedback_closes_on(event)
    if event.status not in FEEDBACK_STATUSES or closes is None:
        return False
    return (today or timezone.localdate()) <= closes


class FeedbackInvitationQuerySet(models.QuerySet):
    """An invitation follows its registration (whether it was answered is all it holds)."""

    def visible_to(self, user):
        return self.filter(registration__in=Registration.objects.visible_to(user))


class FeedbackLecturerRatingQuerySet(models.QuerySet):
    """Nobody reads single answers: the summaries aggregate them (at least five)."""

    def visible_to(self, user):
        return self.none()


class FeedbackInvitation(models.Model):
    """The personal link to an event's questionnaire: one per registered participant who
    attended at least one session. It records that it was answered, nothing of the answer
    and not when."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE,
                                        related_name="feedback_invitation",
                                        verbose_name=_("registration"))
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    answered = models.BooleanField(_("answered"), default=False)

    objects = FeedbackInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback invitation")
        verbose_name_plural = _("feedback invitations")
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.registration)

    @property
    def event(self) -> TrainingEvent:
        return self.registration.event


class FeedbackAnswer(models.Model):
    """One participant's answers, anonymous: linked to the event and nothing else."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE,
                              related_name="feedback_answers", verbose_name=_("event"))
    content = models.PositiveSmallIntegerField(
        _("content"), choices=RATINGS,
        validators=[MinValueValidator(1), MaxValueValidator(5)])
    lecturers = models.PositiveSmallIntegerField(
        _("lecturers"), choices=RATINGS,
        validators=[MinValueValidator(1), MaxValueValidator(5)])
    organisation = models.PositiveSmallIntegerField(
        pgettext_lazy("feedback question", "organisation"), choices=RATINGS,
        validators=[MinValueValidator(1), MaxValueValidator(5)])
    usefulness = models.PositiveSmallIntegerField(
        _("usefulness for work"), choices=RATINGS,
        validators=[MinValueValidator(1), MaxValueValidator(5)])
    most_useful = models.TextField(_("what was most useful"), blank=True, max_length=2000)
    to_improve = models.TextField(_("what to improve"), blank=True, max_length=2000)
    # The day only (Vilnius time): the moment could be matched with who was online.
    submitted_on = models.DateField(_("answered on"), default=timezone.localdate,
                                    editable=False)

    class Meta:
        verbose_name = _("feedback answer")
        verbose_name_plural = _("feedback answers")
        ordering = ["submitted_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(content__gte=1, content__lte=5, lecturers__gte=1,
                                   lecturers__lte=5, organisation__gte=1, organisation__lte=5,
                                   usefulness__gte=1, usefulness__lte=5),
                name="feedback_ratings_one_to_five"),
        ]

    def __str__(self) -> str:
        return f"{self.event} ({self.submitted_on:%Y-%m-%d})"


class FeedbackLecturerRating(models.Model):
    """An answer's rating of one lecturer of the event (optional, per lecturer). A random
    key here too: the rows of one answer must not tell the order answers arrived in."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    answer = models.ForeignKey(FeedbackAnswer, on_delete=models.CASCADE,
                               related_name="lecturer_ratings", verbose_name=_("answer"))
    lecturer = models.ForeignKey(Lecturer, on_delete=models.CASCADE,
                                 related_name="feedback_ratings", verbose_name=_("lecturer"))
    rating = models.PositiveSmallIntegerField(
        _("rating"), choices=RATINGS, validators=[MinValueValidator(1), MaxValueValidator(5)])

    objects = FeedbackLecturerRatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("lecturer's rating")
        verbose_name_plural = _("lecturers' ratings")
        constraints = [
            models.UniqueConstraint(fields=["answer", "lecturer"],
                                    name="feedback_one_rating_per_lecturer"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5),
                                   name="feedback_lecturer_rating_one_to_five"),
        ]

    def __str__(self) -> str:
        return f"{self.lecturer}: {self.rating}"
