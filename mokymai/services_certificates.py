"""Writes of the certificates: issue (one, or every one an event owes), revoke, reissue after
a correction, and the department's decision on a course taken elsewhere; and the public
verification with its rate limit.

A number is taken with the year's ``CertificateSequence`` row locked, so certificates issued
at the same moment (two staff pressing the button, a bulk job and a single issue) never share
one. Issuing for an event locks the event row too: a second bulk run waits for the first
and then finds nothing left to issue. E-mails are queued after commit, with primary keys
only."""

import hashlib
import hmac
import logging
import time
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from mokymai.models import (
    Certificate,
    CertificateLookupCount,
    CertificateSequence,
    CertificateStatus,
    EventStatus,
    ExternalCourse,
    ExternalCourseStatus,
    Registration,
    RegistrationStatus,
    TrainingEvent,
)
from mokymai.models_certificates import dates_text
from mokymai.services import Refused
from portalas.ordering import sorted_lt

logger = logging.getLogger("regionas.trainings")


def _send(certificate_ids: list[int], kind: str) -> None:
    from mokymai import tasks_certificates

    if certificate_ids:
        ids = list(certificate_ids)
        transaction.on_commit(
            lambda: tasks_certificates.send_certificate_emails.delay(ids, kind))


def _staff(by) -> None:
    if by is None or not by.is_authenticated or not by.is_active or \
            not by.can_manage_territory:
        raise PermissionDenied


# --- numbers ---------------------------------------------------------------------------------

def take_numbers(year: int, count: int = 1) -> list[str]:
    """The year's next ``count`` numbers (``CERTIFICATE_NUMBER_PATTERN``), taken with the
    year's row locked until the caller's transaction ends. A number already used (the
    pattern was changed to one that repeats) is skipped."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("take_numbers() must run inside the transaction that uses them")
    CertificateSequence.objects.bulk_create([CertificateSequence(year=year, last=0)],
                                            ignore_conflicts=True)
    last = CertificateSequence.objects.select_for_update().get(year=year).last
    numbers: list[str] = []
    while len(numbers) < count:
        wanted = count - len(numbers)
        candidates = [settings.CERTIFICATE_NUMBER_PATTERN.format(year=year, seq=last + step)
                      for step in range(1, wanted + 1)]
        last += wanted
        used = set(Certificate.objects.filter(number__in=candidates)
                   .values_list("number", flat=True))
        numbers += [number for number in candidates if number not in used]
    CertificateSequence.objects.filter(year=year).update(last=last)
    return numbers


# --- the snapshot -----------------------------------------------------------------------------

def holder_name(person) -> str:
    return " ".join(f"{person.first_name} {person.last_name}".split())


def _snapshot(registration: Registration) -> dict:
    """What the certificate prints, from the current data."""
    event = registration.event
    programme = event.programme
    return {
        "holder_name": holder_name(registration.person),
        "title": event.title,
        "programme_title": str(programme) if programme is not None else "",
        "dates_text": dates_text(event.starts_on, event.ends_on),
        "hours": event.total_hours.quantize(Decimal("0.01")),
        "hour_minutes": settings.ACADEMIC_HOUR_MINUTES,
        "organiser": event.organiser or settings.TRAINING_ORGANISER,
        "signer_name": settings.CERTIFICATE_SIGNER_NAME,
        "signer_title": settings.CERTIFICATE_SIGNER_TITLE,
        "place": settings.CERTIFICATE_PLACE,
    }


def owes_certificate(registration: Registration) -> bool:
    return (registration.event.status == EventStatus.COMPLETED
            and registration.status == RegistrationStatus.REGISTERED
            and registration.completed is True)


# --- issue ------------------------------------------------------------------------------------

def _issue(registrations: list[Registration], by, now) -> list[Certificate]:
    """Certificates of the registrations that have none (the caller holds the transaction
    and the event's lock), numbered in the order given."""
    have = set(Certificate.objects.filter(registration__in=registrations)
               .values_list("registration_id", flat=True))
    owed = [registration for registration in registrations if registration.pk not in have]
    if not owed:
        return []
    year = timezone.localtime(now).year
    issued = []
    for registration, number in zip(owed, take_numbers(year, len(owed)), strict=True):
        certificate = Certificate(registration=registration, person=registration.person,
                                  number=number, year=year, issued_at=now, issued_by=by,
                                  **_snapshot(registration))
        certificate.save()
        issued.append(certificate)
    return issued


@transaction.atomic
def issue_certificate(registration: Registration, by, *, now=None) -> Certificate:
    """The certificate of one participant who completed a completed event (the one they
    already have, if any)."""
    _staff(by)
    now = now or timezone.now()
    event = TrainingEvent.objects.select_for_update().get(pk=registration.event_id)
    registration = (Registration.objects.select_related("person", "event__programme")
                    .get(pk=registration.pk))
    registration.event = event
    if not owes_certificate(registration):
        raise Refused(_("A certificate is issued only to a participant who completed a "
                        "completed event."), code="not_completed")
    issued = _issue([registration], by, now)
    if not issued:
        return Certificate.objects.get(registration=registration)
    certificate = issued[0]
    _send([certificate.pk], "issued")
    logger.info("certificate %s issued (registration %s)", certificate.pk, registration.pk)
    return certificate


@transaction.atomic
def issue_certificates(event: TrainingEvent, by, *, now=None) -> list[Certificate]:
    """A certificate for every participant who completed ``event`` (a completed event) and
    has none yet; returns those issued now (none on a second run)."""
    _staff(by)
    now = now or timezone.now()
    event = TrainingEvent.objects.select_for_update().get(pk=event.pk)
    if event.status != EventStatus.COMPLETED:
        raise Refused(_("Certificates are issued once the event is completed."),
                      code="not_completed")
    owed = sorted_lt(event.registrations.registered()
                     .filter(completed=True, certificate__isnull=True)
                     .select_related("person").order_by("pk"),
                     key=lambda r: f"{r.person.last_name} {r.person.first_name}")
    if not owed:
        return []
    # the snapshot's hours read the sessions: once, not once per certificate
    event._prefetched_objects_cache = {"sessions": list(event.sessions.all())}
    for registration in owed:
        registration.event = event
    issued = _issue(owed, by, now)
    _send([c.pk for c in issued], "issued")
    logger.info("event %s: %s certificates issued", event.pk, len(issued))
    return issued


# --- revoke and reissue -----------------------------------------------------------------------

@transaction.atomic
def revoke(certificate: Certificate, reason: str, by, *, now=None) -> Certificate:
    """The certificate is no longer valid (issued by mistake): the verification page says
    so and its PDF is no longer handed out. The number stays taken."""
    _staff(by)
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Write why the certificate is revoked."), code="no_reason")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status == CertificateStatus.REVOKED:
        raise Refused(_("This certificate is already revoked."), code="revoked")
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_at = now or timezone.now()
    certificate.revoked_by = by
    certificate.revoked_reason = reason
    certificate._change_reason = "revoked"
    certificate.save()
    logger.info("certificate %s revoked by user %s", certificate.pk, by.pk)
    return certificate


@transaction.atomic
def reissue(certificate: Certificate, by, *, now=None) -> Certificate:
    """After a correction (a misspelt name, the event's hours): the snapshot is taken again
    from the current data; the number and the token stay, so the QR code of the old copy
    still leads to the certificate, which now shows the corrected data."""
    _staff(by)
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status != CertificateStatus.VALID:
        raise Refused(_("A revoked certificate cannot be reissued."), code="revoked")
    if certificate.registration_id is None:
        raise Refused(_("Only the portal's own certificates can be reissued."),
                      code="external")
    registration = (Registration.objects.select_related("person", "event__programme")
                    .get(pk=certificate.registration_id))
    for name, value in _snapshot(registration).items():
        setattr(certificate, name, value)
    certificate.person = registration.person
    certificate.reissued_at = now or timezone.now()
    certificate._change_reason = "reissued"
    certificate.save()
    _send([certificate.pk], "reissued")
    logger.info("certificate %s reissued by user %s", certificate.pk, by.pk)
    return certificate


# --- courses taken elsewhere ------------------------------------------------------------------

@transaction.atomic
def submit_external(*, person, by, provider: str, title: str, starts_on, ends_on, hours,
                    upload, file_type: str) -> ExternalCourse:
    """A librarian submits a course they took elsewhere, with its certificate file (already
    checked: ``file_type`` is what its content is)."""
    if person.user_id is None or person.user_id != by.pk:
        raise PermissionDenied
    course = ExternalCourse(person=person, provider=provider.strip(), title=title.strip(),
                            starts_on=starts_on, ends_on=ends_on, hours=hours,
                            file_type=file_type, submitted_by=by)
    course.file.save("upload", upload, save=False)
    course.save()
    logger.info("external course %s submitted by user %s", course.pk, by.pk)
    return course


def _decide(course: ExternalCourse, status: str, by, note: str, now) -> ExternalCourse:
    _staff(by)
    course = ExternalCourse.objects.select_for_update().get(pk=course.pk)
    if course.status != ExternalCourseStatus.SUBMITTED:
        raise Refused(_("This course has already been decided on."), code="decided")
    course.status = status
    course.staff_note = note
    course.confirmed_by = by
    course.confirmed_at = now or timezone.now()
    course.save()
    logger.info("external course %s %s by user %s", course.pk, status, by.pk)
    return course


@transaction.atomic
def confirm_external(course: ExternalCourse, by, *, note: str = "", now=None) -> ExternalCourse:
    """The department accepts the course: its hours count in the person's record (no
    portal certificate is issued: the uploaded certificate is the proof)."""
    return _decide(course, ExternalCourseStatus.CONFIRMED, by, (note or "").strip(), now)


@transaction.atomic
def reject_external(course: ExternalCourse, note: str, by, *, now=None) -> ExternalCourse:
    note = (note or "").strip()
    if not note:
        raise Refused(_("Write why the course is not accepted."), code="no_note")
    return _decide(course, ExternalCourseStatus.REJECTED, by, note, now)


# --- verification -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Verification:
    """``outcome``: ``valid`` / ``revoked`` (number and token match; ``certificate`` set),
    ``not_verified`` (a token that does not match, whatever the number), ``exists`` /
    ``not_found`` (the number alone: is there a valid certificate with it)."""

    outcome: str
    certificate: Certificate | None = None


def normalise_number(number: str) -> str:
    """The number as typed, without spaces (a QR reader or a copy may add some)."""
    return "".join((number or "").split())[:40]


def verify(number: str, token: str = "") -> Verification:
    number, token = normalise_number(number), (token or "").strip()[:64]
    certificate = Certificate.objects.filter(number__iexact=number).first() if number else None
    if token:
        if certificate is None or not hmac.compare_digest(certificate.token.encode(),
                                                          token.encode()):
            return Verification("not_verified")
        return Verification("valid" if certificate.is_valid else "revoked", certificate)
    if certificate is not None and certificate.is_valid:
        return Verification("exists")
    return Verification("not_found")


LOOKUP_LIMIT = 30           # lookups per address …
LOOKUP_WINDOW = 600         # … in ten minutes (seconds)
clock = time.time           # (tests hold the clock still)


def lookup_allowed(address: str, *, now: float | None = None) -> bool:
    """Count one lookup from ``address``; False once it made ``LOOKUP_LIMIT`` in the last
    ``LOOKUP_WINDOW`` seconds (a sliding window estimated from two fixed ones). Counted in
    the database, so every web worker shares the limit; the address is kept only as a
    keyed hash."""
    now = clock() if now is None else now
    key = hmac.new(settings.SECRET_KEY.encode(), f"certificate-lookup:{address}".encode(),
                   hashlib.sha256).hexdigest()
    window = int(now // LOOKUP_WINDOW)
    with transaction.atomic():
        counted = CertificateLookupCount.objects.filter(key=key, window=window).update(
            count=F("count") + 1)
        if not counted:
            try:
                with transaction.atomic():
                    CertificateLookupCount.objects.create(key=key, window=window, count=1)
            except IntegrityError:
                CertificateLookupCount.objects.filter(key=key, window=window).update(
                    count=F("count") + 1)
            CertificateLookupCount.objects.filter(window__lt=window - 1).delete()
    counts = dict(CertificateLookupCount.objects.filter(key=key, window__in=[window - 1, window])
                  .values_list("window", "count"))
    elapsed = (now % LOOKUP_WINDOW) / LOOKUP_WINDOW
    estimate = counts.get(window, 0) + counts.get(window - 1, 0) * (1 - elapsed)
    return estimate <= LOOKUP_LIMIT
