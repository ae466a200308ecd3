"""Contests, their categories (with eligibility), criteria and jury; who may run them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from bibliotekos.models import LibraryKind, Position


def _contest_upload_to(instance, filename: str) -> str:
    return f"apdovanojimai/konkursai/{timezone.localdate():%Y}/{filename}"


def _signed_in(user) -> bool:
    return user.is_authenticated and user.is_active


def may_manage(user) -> bool:
    """Department staff (and administrators) run contests, juries and awards."""
    return _signed_in(user) and user.can_manage_territory


def may_read_all(user) -> bool:
    """Staff and management: every contest (drafts too) and every award."""
    return _signed_in(user) and user.sees_whole_territory


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
