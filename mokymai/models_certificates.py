"""Professional-development certificates (*kvalifikacijos tobulinimo pažymėjimai*, issue 17)
and the courses librarians took elsewhere.

A ``Certificate`` is issued to a participant who completed a completed event. What it says
is a snapshot taken at issue (the holder's name, the event, its dates and hours, the
organiser and the signer), so a later edit of the event or the person does not change a
document already handed out; a correction is a *reissue*: the snapshot is refreshed and the
number and the verification token stay. Numbers run per year (``CertificateSequence``,
locked while a number is taken). Anyone may check a certificate on the public verification
page with its number and token (the QR code on the PDF carries both).

An ``ExternalCourse`` is a course taken elsewhere that a librarian submits with its
certificate file; once department staff confirm it, its hours count in the person's
record (the file is the proof: the portal issues no certificate for it).

Imported at the end of ``mokymai.models``."""

import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bibliotekos.models import ERASED_FIRST_NAME, Person
from mokymai.models import PersonRecordQuerySet, Registration

__all__ = ["Certificate", "CertificateLookupCount", "CertificateSequence", "CertificateStatus",
           "ExternalCourse", "ExternalCourseStatus", "erased_holder_name",
           "new_certificate_token"]


def new_certificate_token() -> str:
    return secrets.token_urlsafe(16)


def erased_holder_name(person_id: int) -> str:
    """The holder a certificate names once its holder's data were removed (erasure, or the
    end of the retention period): the registry's placeholder of the anonymised person."""
    return f"{ERASED_FIRST_NAME} asmuo {person_id}"


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")


class CertificateQuerySet(PersonRecordQuerySet):
    def visible_to(self, user):
        """As every record about a person; a restricted one (its holder asked for erasure
        while the register must still be kept, GDPR Art. 18) only the department sees."""
        rows = super().visible_to(user)
        if user.is_authenticated and user.can_manage_territory:
            return rows
        return rows.filter(restricted_until=None)

    def valid(self):
        return self.filter(status=CertificateStatus.VALID)


class CertificateSequence(models.Model):
    """The last number given in a year; its row is locked (``select_for_update``) while the
    next one is taken, so two issues at once never get the same number."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("certificate numbering")
        verbose_name_plural = _("certificate numbering")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class ExternalCourseStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


def external_course_upload(instance, filename: str) -> str:
    """A name the server makes (the uploaded name is never used): year, random, the type
    the content was recognised as."""
    return f"mokymai/kursai/{timezone.now():%Y}/{uuid.uuid4().hex}.{instance.file_type or 'bin'}"


class ExternalCourse(models.Model):
    """A course taken elsewhere, submitted by the librarian who took it with its
    certificate (PDF, JPEG or PNG); confirmed ones count in the person's record."""

    FILE_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}

    person = models.ForeignKey(Person, on_delete=models.PROTECT,
                               related_name="external_courses", verbose_name=_("person"))
    provider = models.CharField(_("provider"), max_length=255,
                                help_text=_("Who organised the course."))
    title = models.CharField(_("title"), max_length=255)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    hours = models.DecimalField(_("academic hours"), max_digits=6, decimal_places=2,
                                validators=[MinValueValidator(Decimal("0.5")),
                                            MaxValueValidator(Decimal("2000"))])
    file = models.FileField(_("certificate file"), upload_to=external_course_upload,
                            max_length=200)
    file_type = models.CharField(max_length=4, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=ExternalCourseStatus.choices,
                              default=ExternalCourseStatus.SUBMITTED, db_index=True)
    staff_note = models.TextField(_("note of the department"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("decided by"))
    confirmed_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = PersonRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("external course")
        verbose_name_plural = _("external courses")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                   name="external_course_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.provider})"

    def get_absolute_url(self) -> str:
        return reverse("mokymai:external_course_detail", args=[self.pk])

    @property
    def dates_text(self) -> str:
        return dates_text(self.starts_on, self.ends_on)

    @property
    def content_type(self) -> str:
        return self.FILE_TYPES.get(self.file_type, "application/octet-stream")


def dates_text(first, last) -> str:
    """``2026-03-10`` or ``2026-03-10–2026-03-12``."""
    if first is None:
        return ""
    if last is None or last == first:
        return first.isoformat()
    return f"{first.isoformat()}–{last.isoformat()}"


class Certificate(models.Model):
    """A certificate the department issued (or, for a course elsewhere, the record of one).
    The text fields are the snapshot printed on the PDF."""

    registration = models.OneToOneField(Registration, on_delete=models.PROTECT, null=True,
                                        blank=True, related_name="certificate",
                                        verbose_name=_("registration"))
    external_course = models.ForeignKey(ExternalCourse, on_delete=models.PROTECT, null=True,
                                        blank=True, related_name="certificates",
                                        verbose_name=_("external course"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="certificates",
                               verbose_name=_("holder"))
    number = models.CharField(_("number"), max_length=40, unique=True)
    token = models.CharField(max_length=40, unique=True, default=new_certificate_token,
                             editable=False)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+",
                                  verbose_name=_("issued by"))
    # the snapshot
    holder_name = models.CharField(_("holder"), max_length=200)
    title = models.CharField(_("event"), max_length=255)
    programme_title = models.CharField(_("programme"), max_length=300, blank=True)
    dates_text = models.CharField(_("dates"), max_length=60)
    hours = models.DecimalField(_("academic hours"), max_digits=6, decimal_places=2)
    hour_minutes = models.PositiveSmallIntegerField(_("minutes in an academic hour"))
    organiser = models.CharField(_("organiser"), max_length=255)
    signer_name = models.CharField(_("signed by"), max_length=200)
    signer_title = models.CharField(_("signer's post"), max_length=200)
    place = models.CharField(_("place of issue"), max_length=100)
    # validity
    status = models.CharField(_("status"), max_length=10, choices=CertificateStatus.choices,
                              default=CertificateStatus.VALID, db_index=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("revoked by"))
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)
    reissued_at = models.DateTimeField(_("reissued at"), null=True, blank=True)
    # The holder asked for erasure while the register must still be kept (GDPR Art. 18): the
    # row keeps the name for the department only, marked, and the public verification names
    # nobody; on this day the retention task erases the name too.
    restricted_until = models.DateField(_("restricted until"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token"])

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(registration__isnull=False, external_course__isnull=True)
                | Q(registration__isnull=True, external_course__isnull=False),
                name="certificate_from_registration_or_external_course"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.holder_name}"

    def get_absolute_url(self) -> str:
        return reverse("mokymai:certificate_detail", args=[self.pk])

    @property
    def is_valid(self) -> bool:
        return self.status == CertificateStatus.VALID

    @property
    def holder_erased(self) -> bool:
        """The holder's data were removed (the number, programme and hours stay, for the
        register): the certificate names nobody, or only to the department while the
        register is kept (restricted)."""
        return (self.restricted_until is not None
                or self.holder_name == erased_holder_name(self.person_id))

    @property
    def issued_on(self):
        """The day of issue, Vilnius time."""
        return timezone.localdate(self.issued_at)

    @property
    def programme_label(self) -> str:
        """What the certificate was for: the programme when the event ran one, else the
        event."""
        return self.programme_title or self.title

    @property
    def verification_url(self) -> str:
        """The public address that checks this certificate (the QR code's)."""
        from urllib.parse import urlencode

        return (settings.PORTAL_BASE_URL + reverse("mokymai:certificate_verify") + "?"
                + urlencode({"numeris": self.number, "kodas": self.token}))


class CertificateLookupCount(models.Model):
    """How many verification lookups came from one client address in one window of time
    (the address is kept only as a keyed hash), for the rate limit of the public page. Old
    windows are deleted as new ones start."""

    key = models.CharField(max_length=64)
    window = models.PositiveIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"],
                                               name="certificate_lookup_one_per_window")]
        indexes = [models.Index(fields=["window"])]

    def __str__(self) -> str:
        return f"{self.window}: {self.count}"
