"""The end of the retention period of the trainings' personal data (GDPR Art. 5(1)(e)).

The certificate register and the participation records are kept for
``PERSONAL_DATA_RETENTION_YEARS`` after an event's last day (restricted, Art. 18: they are
only read, for the register and the figures). Once that has passed, the nightly task
(``mokymai.tasks_retention``) and ``python manage.py personal_data_retention`` detach them
from the person:

- the registrations of such events, with their attendance and certificates, and the
  courses taken elsewhere that ended before then, are moved to a **stand-in**: a registry
  record that names nobody (the registry's placeholder, ``Ištrintas asmuo <id>``), one per
  person and run, so each year's participants, people trained and participant-hours do not
  change; the registration's library (where the person worked) stays, so do the
  municipalities' figures;
- their free texts (note, organisation, the department's note) and who registered or
  cancelled them are emptied, in the rows and in every history row;
- a certificate keeps its number, programme, dates and hours and names the stand-in
  (``Certificate.holder_erased``: the verification page says "holder data removed");
- the uploaded file of a course taken elsewhere is deleted.

Records already detached (pointing to an anonymised person) are not touched again: a run
that finds nothing changes nothing, so the task is idempotent and can be re-run.
"""

import logging
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from bibliotekos.models import ERASED_FIRST_NAME, Person
from mokymai.models import (
    Attendance,
    Certificate,
    ExternalCourse,
    Registration,
    erased_holder_name,
)

logger = logging.getLogger("regionas.trainings")


@dataclass(frozen=True)
class Expired:
    """What the end of the retention period concerns (counts only, never names)."""

    cutoff: date
    events: int = 0
    registrations: int = 0
    attendance: int = 0
    certificates: int = 0
    external_courses: int = 0
    people: int = 0
    restricted_certificates: int = 0
    restricted_documents: int = 0

    def as_dict(self) -> dict:
        found = asdict(self)
        found["cutoff"] = self.cutoff.isoformat()
        return found


def cutoff(today: date | None = None) -> date:
    """Events that ended before this day are past their retention."""
    today = today or timezone.localdate()
    years = settings.PERSONAL_DATA_RETENTION_YEARS
    try:
        return today.replace(year=today.year - years)
    except ValueError:                  # 29 February
        return today.replace(year=today.year - years, day=28)


def retention_ends(day: date) -> date:
    """The last day a record of something that ended on ``day`` is kept."""
    years = settings.PERSONAL_DATA_RETENTION_YEARS
    try:
        return day.replace(year=day.year + years)
    except ValueError:                  # 29 February
        return day.replace(year=day.year + years, day=28)


def _named(prefix: str = "") -> Q:
    """Rows whose person is still someone (not erased, not a stand-in)."""
    return ~Q(**{f"{prefix}first_name": ERASED_FIRST_NAME,
                 f"{prefix}last_name__startswith": "asmuo ", f"{prefix}email": "",
                 f"{prefix}user__isnull": True})


def _registrations(today):
    return Registration.objects.filter(_named("person__"), event__ends_on__lt=cutoff(today))


def _courses(today):
    return ExternalCourse.objects.filter(_named("person__"), ends_on__lt=cutoff(today))


def _restricted_certificates(today):
    return Certificate.objects.filter(restricted_until__lt=today or timezone.localdate())


def _restricted_documents(today):
    from ataskaitos.models import ReportJob

    return ReportJob.objects.filter(kind__startswith="mokymai.",
                                    restricted_until__lt=today or timezone.localdate())


def expired(today: date | None = None) -> Expired:
    """What a run would detach or erase now (the dry run)."""
    registrations = _registrations(today)
    courses = _courses(today)
    people = (set(registrations.values_list("person_id", flat=True))
              | set(courses.values_list("person_id", flat=True)))
    return Expired(
        cutoff=cutoff(today),
        events=registrations.values("event_id").distinct().count(),
        registrations=registrations.count(),
        attendance=Attendance.objects.filter(registration__in=registrations).count(),
        certificates=Certificate.objects.filter(Q(registration__in=registrations)
                                                | Q(external_course__in=courses)).count(),
        external_courses=courses.count(), people=len(people),
        restricted_certificates=_restricted_certificates(today).count(),
        restricted_documents=_restricted_documents(today).count())


def _stand_in() -> Person:
    person = Person.objects.create(first_name=ERASED_FIRST_NAME, last_name="asmuo")
    Person.objects.filter(pk=person.pk).update(last_name=f"asmuo {person.pk}")
    Person.history.filter(id=person.pk).update(last_name=f"asmuo {person.pk}")
    person.last_name = f"asmuo {person.pk}"
    return person


def _end_restrictions(today) -> None:
    """Restricted records (kept after an erasure, GDPR Art. 18) whose retention ended: a
    certificate names nobody any more, a filed list is deleted."""
    for certificate in _restricted_certificates(today).only("pk", "person_id"):
        holder = erased_holder_name(certificate.person_id)
        Certificate.objects.filter(pk=certificate.pk).update(holder_name=holder,
                                                             restricted_until=None)
        Certificate.history.filter(id=certificate.pk).update(holder_name=holder,
                                                             restricted_until=None)
    for job in _restricted_documents(today):
        if job.file:
            job.file.delete(save=False)
        job.delete()


@transaction.atomic
def anonymise_expired(today: date | None = None) -> Expired:
    """Detach every record past its retention from its person (see the module); what was
    done, in counts."""
    found = expired(today)
    _end_restrictions(today)
    if not (found.registrations or found.external_courses):
        return found
    registrations = defaultdict(list)
    for pk, person_id in _registrations(today).values_list("pk", "person_id"):
        registrations[person_id].append(pk)
    courses = defaultdict(list)
    for course in _courses(today).exclude(file=""):
        course.file.delete(save=False)
    for pk, person_id in _courses(today).values_list("pk", "person_id"):
        courses[person_id].append(pk)
    for person_id in registrations.keys() | courses.keys():
        stand_in = _stand_in()
        holder = erased_holder_name(stand_in.pk)
        ids = registrations.get(person_id, [])
        course_ids = courses.get(person_id, [])
        Registration.objects.filter(pk__in=ids).update(
            person=stand_in, note="", organisation="", registered_by=None, cancelled_by=None)
        Registration.history.filter(id__in=ids).update(
            person_id=stand_in.pk, note="", organisation="", registered_by_id=None,
            cancelled_by_id=None)
        ExternalCourse.objects.filter(pk__in=course_ids).update(
            person=stand_in, file="", staff_note="", submitted_by=None)
        ExternalCourse.history.filter(id__in=course_ids).update(
            person_id=stand_in.pk, file="", staff_note="", submitted_by_id=None)
        certificates = Certificate.objects.filter(Q(registration_id__in=ids)
                                                  | Q(external_course_id__in=course_ids))
        certificate_ids = list(certificates.values_list("pk", flat=True))
        certificates.update(person=stand_in, holder_name=holder)
        Certificate.history.filter(id__in=certificate_ids).update(person_id=stand_in.pk,
                                                                  holder_name=holder)
    logger.info("personal data past retention anonymised: %s", found.as_dict())
    return found
