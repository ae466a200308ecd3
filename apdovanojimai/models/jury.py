"""The jury's work: each juror's declaration and scores, the audit trail and the results."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apdovanojimai.models.contests import (
    RESULTS_STATUSES,
    Category,
    Contest,
    Criterion,
    JuryMember,
    JuryRole,
    _signed_in,
    may_manage,
)
from apdovanojimai.models.nominations import Nomination


class ConflictReason(models.TextChoices):
    OWN_LIBRARY = "own_library", pgettext_lazy("conflict", "The nominee is of my library")
    RELATIVE = "relative", pgettext_lazy("conflict", "A relative or a close person")
    SUPERIOR = "superior", pgettext_lazy("conflict", "A subordinate or a superior")
    NOMINATOR = "nominator", pgettext_lazy("conflict", "I nominated or supported it")
    OTHER = "other", pgettext_lazy("conflict", "Another interest")


def _closed_for_chair_or_staff(user, contest_path: str) -> Q:
    """Once the contest's scoring is closed, its chair and staff read every juror's work."""
    closed = Q(**{f"{contest_path}__scoring_closed_at__isnull": False})
    if user.can_manage_territory:
        return closed
    chaired = JuryMember.objects.filter(user=user, role=JuryRole.CHAIR).values("contest_id")
    return closed & Q(**{f"{contest_path}__in": chaired})


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A juror their own; after closing, the chair and staff all of the contest's."""
        if not _signed_in(user):
            return self.none()
        return self.filter(Q(juror__user=user)
                           | _closed_for_chair_or_staff(user, "nomination__contest"))


class Assessment(models.Model):
    """One juror's work on one nomination: the conflict-of-interest declaration first, then
    (with no conflict) their scores and comment. A juror with a conflict scores nothing of
    it and the rule leaves them out of its result."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE,
                                   related_name="assessments", verbose_name=_("nomination"))
    juror = models.ForeignKey(JuryMember, on_delete=models.CASCADE,
                              related_name="assessments", verbose_name=_("jury member"))
    conflict = models.BooleanField(_("conflict of interest"), null=True)
    conflict_reason = models.CharField(_("kind of conflict"), max_length=20,
                                       choices=ConflictReason.choices, blank=True)
    conflict_note = models.CharField(_("explanation"), max_length=300, blank=True)
    declared_at = models.DateTimeField(_("declared"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    completed_at = models.DateTimeField(_("scored"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["nomination", "juror"]
        constraints = [models.UniqueConstraint(fields=["nomination", "juror"],
                                               name="apdovanojimai_assessment_once")]

    def __str__(self) -> str:
        return f"{self.juror} · {self.nomination}"


class ScoreQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(assessment__in=Assessment.objects.visible_to(user))


class Score(models.Model):
    """A juror's score of one criterion of one nomination."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE,
                                   related_name="scores", verbose_name=_("assessment"))
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores",
                                  verbose_name=_("criterion"))
    value = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    scored_at = models.DateTimeField(auto_now=True)

    objects = ScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["assessment", "criterion"],
                                               name="apdovanojimai_score_once")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class JuryAction(models.TextChoices):
    DECLARED_NONE = "declared_none", pgettext_lazy("jury action", "Declared no conflict")
    DECLARED_CONFLICT = "declared_conflict", pgettext_lazy("jury action",
                                                           "Declared a conflict")
    SCORED = "scored", pgettext_lazy("jury action", "Scored")
    RESCORED = "rescored", pgettext_lazy("jury action", "Changed scores")
    CLOSED = "closed", pgettext_lazy("jury action", "Closed scoring")
    NOTE = "note", pgettext_lazy("jury action", "Wrote the protocol note")
    PUBLISHED = "published", pgettext_lazy("jury action", "Published the results")
    RESET = "reset", pgettext_lazy("jury action", "Reset a juror's declaration")
    REMINDED = "reminded", pgettext_lazy("jury action", "Reminder e-mail sent")


class JuryEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff only (what a row may show before closing is the selectors' business)."""
        return self if may_manage(user) else self.none()


class JuryEvent(models.Model):
    """The audit trail of a contest's evaluation: who did what and when. ``detail`` holds
    the scores given ({criterion id: value}), shown only once scoring is closed."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="jury_events",
                                verbose_name=_("contest"))
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, null=True,
                                   blank=True, related_name="+",
                                   verbose_name=_("nomination"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              related_name="+", verbose_name=_("who"))
    action = models.CharField(_("action"), max_length=30, choices=JuryAction.choices)
    detail = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    objects = JuryEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("jury event")
        verbose_name_plural = _("jury events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["contest", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"


class ResultQuerySet(models.QuerySet):
    def visible_to(self, user):
        """After closing the chair and staff all; everyone signed in the winners of
        published results."""
        if not _signed_in(user):
            return self.none()
        return self.filter(_closed_for_chair_or_staff(user, "nomination__contest")
                           | Q(won=True, nomination__contest__status__in=RESULTS_STATUSES))


class Result(models.Model):
    """A nomination's result, computed when the chair closes scoring (``services_jury``
    documents the rule): the mean of its weighted scores, the rank in its category, and
    whether it won."""

    nomination = models.OneToOneField(Nomination, on_delete=models.CASCADE,
                                      related_name="result", verbose_name=_("nomination"))
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="results",
                                 verbose_name=_("category"))
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True,
                                help_text=_("Out of 100."))
    sheets = models.PositiveSmallIntegerField(_("jurors who scored"), default=0)
    excluded = models.PositiveSmallIntegerField(_("jurors excluded for a conflict"),
                                                default=0)
    rank = models.PositiveSmallIntegerField(_("place"), null=True)
    tie_note = models.CharField(_("how a tie was broken"), max_length=300, blank=True)
    won = models.BooleanField(_("winner"), default=False)
    computed_at = models.DateTimeField(default=timezone.now)

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["category", "rank", "pk"]

    def __str__(self) -> str:
        return f"{self.nomination}: {self.score}"
