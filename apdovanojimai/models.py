"""Evaluations and awards for the territory's library specialists (charter function 5.6):
contests with their categories, criteria and jury; nominations of a person, a library or a
good practice; each juror's conflict declarations and private scores; the result computed
by a documented rule; the awards, diplomas and thank-you letters.

Who sees what (decided here, in the querysets, and nowhere else):

- a contest: every signed-in user once it has left the draft; a draft its jury and the
  whole-territory roles;
- a nomination: its nominator; the department's staff; a juror of its contest once they
  have declared no conflict of interest with it (``Nomination.objects.visible_to``). Before
  declaring, a juror sees only whom it nominates, to declare (``to_declare``);
- scores: each juror their own; once the chair has closed scoring, the chair and staff
  all of them (``services_jury``). Nobody sees another juror's score before closing, a
  staff member on the jury included;
- the jury's audit trail: staff only; before closing it says who scored, never what;
- an award: every signed-in user once the contest's results are published; staff always.

Staff run contests, the jury and the awards; management read what staff read of contests
and awards; a director nominates from their library and its outlets."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from bibliotekos.models import Library, LibraryKind, Person, Position


def _contest_upload_to(instance, filename: str) -> str:
    return f"apdovanojimai/konkursai/{timezone.localdate():%Y}/{filename}"


def _nomination_upload_to(instance, filename: str) -> str:
    return f"apdovanojimai/teikimai/{instance.nomination_id}/{filename}"


def _signed_in(user) -> bool:
    return user.is_authenticated and user.is_active


def may_manage(user) -> bool:
    """Department staff (and administrators) run contests, juries and awards."""
    return _signed_in(user) and user.can_manage_territory


def may_read_all(user) -> bool:
    """Staff and management: every contest (drafts too) and every award."""
    return _signed_in(user) and user.sees_whole_territory


# --- 1. contests ---------------------------------------------------------------------------

class ContestStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("contest status", "Draft")
    OPEN = "open", pgettext_lazy("contest status", "Open for nominations")
    EVALUATION = "evaluation", pgettext_lazy("contest status", "Evaluation")
    PUBLISHED = "published", pgettext_lazy("contest status", "Results published")
    ARCHIVED = "archived", pgettext_lazy("contest status", "Archived")


RESULTS_STATUSES = (ContestStatus.PUBLISHED, ContestStatus.ARCHIVED)


class ContestLevel(models.TextChoices):
    REGIONAL = "regional", pgettext_lazy("contest level", "Regional contest or award")
    NATIONAL = "national", pgettext_lazy("contest level", "Nomination to a national award")


class ContestQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not _signed_in(user):
            return self.none()
        if user.sees_whole_territory:
            return self
        return self.filter(~Q(status=ContestStatus.DRAFT)
                           | Q(pk__in=JuryMember.objects.filter(user=user)
                               .values("contest_id")))

    def with_results(self):
        return self.filter(status__in=RESULTS_STATUSES)


class Contest(models.Model):
    """One evaluation or award round: "Librarian of the year 2026", "The best rural branch",
    a long-service award, or the department's nominations to a national award."""

    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level"), max_length=20, choices=ContestLevel.choices,
                             default=ContestLevel.REGIONAL)
    description = models.TextField(_("description"), blank=True,
                                   help_text=_("What the contest is for. Markdown."))
    rules = models.TextField(_("rules"), blank=True, help_text=_("Markdown."))
    rules_file = models.FileField(_("rules (file)"), upload_to=_contest_upload_to, blank=True)
    rules_file_name = models.CharField(max_length=255, blank=True, editable=False)
    # the timetable
    nominations_open = models.DateField(_("nominations open"))
    nominations_close = models.DateField(_("nominations close"),
                                         help_text=_("The last day nominations are accepted."))
    scoring_until = models.DateField(_("jury scores until"), null=True, blank=True)
    results_on = models.DateField(_("results announced"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ContestStatus.choices,
                              default=ContestStatus.DRAFT)
    # the jury's closing and the chair's note for the protocol
    scoring_closed_at = models.DateTimeField(_("scoring closed"), null=True, blank=True)
    scoring_closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                          null=True, blank=True, related_name="+")
    protocol_note = models.TextField(_("chair's note for the protocol"), blank=True)
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    # what the diplomas and thank-you letters say
    diploma_text = models.TextField(
        _("diploma text"), blank=True,
        help_text=_("Printed under the recipient's name, for example: for creative work "
                    "and dedication to the library's readers."))
    letter_text = models.TextField(
        _("thank-you letter text"), blank=True,
        help_text=_("Printed in the thank-you letters to nominees who did not win."))
    signatory_name = models.CharField(_("signed by"), max_length=150, blank=True)
    signatory_position = models.CharField(_("signatory's position"), max_length=150,
                                          blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    objects = ContestQuerySet.as_manager()

    class Meta:
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        ordering = ["-year", "-nominations_open", "title"]
        indexes = [models.Index(fields=["status", "nominations_open"])]
        constraints = [models.CheckConstraint(
            condition=Q(nominations_close__gte=models.F("nominations_open")),
            name="apdovanojimai_window_in_order")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("apdovanojimai:contest_detail", args=[self.pk])

    @property
    def scoring_closed(self) -> bool:
        return self.scoring_closed_at is not None

    @property
    def results_published(self) -> bool:
        return self.status in RESULTS_STATUSES

    def accepts_nominations(self, day=None) -> bool:
        day = day or timezone.localdate()
        return (self.status == ContestStatus.OPEN
                and self.nominations_open <= day <= self.nominations_close)


class NomineeKind(models.TextChoices):
    PERSON = "person", pgettext_lazy("nominee kind", "A person")
    LIBRARY = "library", pgettext_lazy("nominee kind", "A library")
    PRACTICE = "practice", pgettext_lazy("nominee kind", "A project, event or practice")


class Category(models.Model):
    """A category of a contest and who is eligible for it: the nominee's kind, the kinds of
    library, the posts and the years of service (from the people registry's "works since")."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="categories",
                                verbose_name=_("contest"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    nominee_kind = models.CharField(_("who is nominated"), max_length=20,
                                    choices=NomineeKind.choices, default=NomineeKind.PERSON)
    library_kinds = models.JSONField(
        _("kinds of library"), default=list, blank=True,
        help_text=_("The nominee's library must be of one of these kinds; none: any."))
    positions = models.ManyToManyField(
        Position, blank=True, related_name="+", verbose_name=_("posts"),
        help_text=_("A nominated person must hold one of these posts; none: any."))
    min_service_years = models.PositiveSmallIntegerField(
        _("years of service at least"), null=True, blank=True,
        help_text=_("Counted from the person's \"works since\" date to the day nominations "
                    "close."))
    places = models.PositiveSmallIntegerField(
        _("winners"), default=1, help_text=_("How many nominations of the category win."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["contest", "order", "pk"]
        constraints = [models.CheckConstraint(condition=Q(places__gte=1),
                                              name="apdovanojimai_category_has_winners")]

    def __str__(self) -> str:
        return self.name

    def library_kind_labels(self) -> list[str]:
        labels = dict(LibraryKind.choices)
        return [str(labels.get(value, value)) for value in self.library_kinds]


class Criterion(models.Model):
    """What the jury scores, with its weight and the range of a score."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="criteria",
                                verbose_name=_("contest"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what is scored"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)
    min_score = models.PositiveSmallIntegerField(_("lowest score"), default=0)
    max_score = models.PositiveSmallIntegerField(_("highest score"), default=10)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["contest", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(max_score__gt=models.F("min_score")),
                                   name="apdovanojimai_score_range"),
            models.CheckConstraint(condition=Q(weight__gt=0),
                                   name="apdovanojimai_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class JuryRole(models.TextChoices):
    CHAIR = "chair", pgettext_lazy("jury role", "Chair")
    MEMBER = "member", pgettext_lazy("jury role", "Member")


class JuryMember(models.Model):
    """A member of a contest's jury: a portal account (scoring needs one). One chair."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="jury",
                                verbose_name=_("contest"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="jury_seats", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=20, choices=JuryRole.choices,
                            default=JuryRole.MEMBER)
    added_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jury member")
        verbose_name_plural = _("jury members")
        ordering = ["contest", "role", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "user"],
                                    name="apdovanojimai_juror_once"),
            models.UniqueConstraint(fields=["contest"], condition=Q(role="chair"),
                                    name="apdovanojimai_one_chair"),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_chair(self) -> bool:
        return self.role == JuryRole.CHAIR


# --- 2. nominations ------------------------------------------------------------------------

class NominationStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("nomination status", "Submitted")
    ACCEPTED = "accepted", pgettext_lazy("nomination status", "Admitted to evaluation")
    REJECTED = "rejected", pgettext_lazy("nomination status", "Not admitted")
    WITHDRAWN = "withdrawn", pgettext_lazy("nomination status", "Withdrawn")


LIVE_NOMINATION = (NominationStatus.SUBMITTED, NominationStatus.ACCEPTED)


class NominationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Its nominator, staff, and a juror of its contest who declared no conflict."""
        if not _signed_in(user):
            return self.none()
        if user.can_manage_territory:
            return self
        cleared = Assessment.objects.filter(juror__user=user, conflict=False,
                                            declared_at__isnull=False)
        return self.filter(Q(nominator=user) | Q(pk__in=cleared.values("nomination_id")))

    def to_declare(self, user):
        """What a juror is asked to declare about: the admitted nominations of the contests
        they judge (whom each nominates, nothing more)."""
        if not _signed_in(user):
            return self.none()
        return self.filter(status=NominationStatus.ACCEPTED,
                           contest__in=JuryMember.objects.filter(user=user)
                           .values("contest_id"))

    def live(self):
        return self.filter(status__in=LIVE_NOMINATION)


class Nomination(models.Model):
    """A person, a library or a good practice nominated in a category, with the
    justification; submitted by a library's director (for their library and its outlets)
    or by staff."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="nominations",
                                verbose_name=_("contest"))
    category = models.ForeignKey(Category, on_delete=models.PROTECT,
                                 related_name="nominations", verbose_name=_("category"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="nominations", verbose_name=_("person"))
    library = models.ForeignKey(Library, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="nominations", verbose_name=_("library"))
    practice = models.ForeignKey("viesinimas.Practice", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="nominations",
                                 verbose_name=_("good practice"))
    # the nominee's library when nominated: the person's, the library itself or the
    # practice's (scopes the metrics, finds a juror's own library)
    unit = models.ForeignKey(Library, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("nominee's library"))
    nominator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="nominations_made",
                                  verbose_name=_("nominated by"))
    nominating_library = models.ForeignKey(
        Library, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("nominating library"),
        help_text=_("The library whose director nominated; empty when the department did."))
    justification = models.TextField(_("justification"))
    eligibility = models.CharField(
        _("eligibility checked"), max_length=300, blank=True,
        help_text=_("What the registry said when the nomination was submitted."))
    status = models.CharField(_("status"), max_length=20, choices=NominationStatus.choices,
                              default=NominationStatus.SUBMITTED)
    status_note = models.TextField(_("reason"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["category__order", "category_id", "submitted_at", "pk"]
        indexes = [models.Index(fields=["contest", "status"]),
                   models.Index(fields=["nominator", "submitted_at"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False, library__isnull=True, practice__isnull=True)
                           | Q(person__isnull=True, library__isnull=False,
                               practice__isnull=True)
                           | Q(person__isnull=True, library__isnull=True,
                               practice__isnull=False)),
                name="apdovanojimai_one_nominee"),
            # the same nominee once per category while the nomination stands
            models.UniqueConstraint(fields=["category", "person"],
                                    condition=Q(status__in=LIVE_NOMINATION),
                                    name="apdovanojimai_person_once"),
            models.UniqueConstraint(fields=["category", "library"],
                                    condition=Q(status__in=LIVE_NOMINATION),
                                    name="apdovanojimai_library_once"),
            models.UniqueConstraint(fields=["category", "practice"],
                                    condition=Q(status__in=LIVE_NOMINATION),
                                    name="apdovanojimai_practice_once"),
        ]

    def __str__(self) -> str:
        return self.nominee_name

    def get_absolute_url(self) -> str:
        return reverse("apdovanojimai:nomination_detail", args=[self.pk])

    @property
    def nominee(self):
        return self.person or self.library or self.practice

    @property
    def nominee_name(self) -> str:
        nominee = self.nominee
        return str(nominee) if nominee is not None else ""


class NominationFileQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(nomination__in=Nomination.objects.visible_to(user))


class NominationFile(models.Model):
    """An attachment of a nomination (a letter of support, photos, a description)."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="files",
                                   verbose_name=_("nomination"))
    file = models.FileField(_("file"), upload_to=_nomination_upload_to)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = NominationFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


# --- 3. the jury -----------------------------------------------------------------------------

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


# --- 4. awards ------------------------------------------------------------------------------

class AwardKind(models.TextChoices):
    DIPLOMA = "diploma", pgettext_lazy("award kind", "Diploma")
    LETTER = "letter", pgettext_lazy("award kind", "Thank-you letter")


class AwardQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not _signed_in(user):
            return self.none()
        if user.sees_whole_territory:
            return self
        return self.filter(contest__status__in=RESULTS_STATUSES)

    def diplomas(self):
        return self.filter(kind=AwardKind.DIPLOMA)


class Award(models.Model):
    """A diploma to a winner or a thank-you letter to a nominee, with the recipient's name
    as printed, in the proper case typed by staff (the portal declines nothing)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="awards",
                                verbose_name=_("contest"))
    nomination = models.OneToOneField(Nomination, on_delete=models.CASCADE,
                                      related_name="award", verbose_name=_("nomination"))
    kind = models.CharField(_("kind"), max_length=20, choices=AwardKind.choices,
                            default=AwardKind.DIPLOMA)
    title = models.CharField(_("award"), max_length=200,
                             help_text=_("For example: Librarian of the year 2026."))
    place = models.PositiveSmallIntegerField(_("place"), null=True, blank=True)
    recipient_text = models.CharField(
        _("recipient as printed"), max_length=255,
        help_text=_("The name in the case the text needs (for example, the dative: "
                    "Aušrai Petrauskienei). Typed by staff; nothing is declined "
                    "automatically."))
    citation = models.TextField(_("text"), blank=True)
    number = models.CharField(_("number"), max_length=40, unique=True)
    issued_on = models.DateField(_("issued"), default=timezone.localdate)
    # the nominee, kept for the history of awards on a person's and a library's page
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="awards", verbose_name=_("person"))
    library = models.ForeignKey(Library, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="awards", verbose_name=_("library"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-issued_on", "place", "pk"]
        indexes = [models.Index(fields=["contest", "kind"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("apdovanojimai:award_detail", args=[self.pk])
