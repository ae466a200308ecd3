"""Nominations of a person, a library or a good practice, and their attachments."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from apdovanojimai.models.contests import Category, Contest, JuryMember, _signed_in
from bibliotekos.models import Library, Person


def _nomination_upload_to(instance, filename: str) -> str:
    return f"apdovanojimai/teikimai/{instance.nomination_id}/{filename}"


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
        from apdovanojimai.models.jury import Assessment

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
