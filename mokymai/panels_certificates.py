"""Declarations of the certificates part of the trainings app (imported by mokymai/panels.py):
the menu, the certificates on a person's page, the personal data they hold, and (through
``mokymai.reports_certificates``) the document kind that issues an event's certificates."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Person
from mokymai import reports_certificates  # noqa: F401 - registers "mokymai.certificates"
from mokymai.models import (
    Certificate,
    ExternalCourse,
    ExternalCourseStatus,
    erased_holder_name,
)
from portalas.access import sees_territory
from portalas.registry import nav_item, object_panel, personal_data, restricted_record

PANEL_LIMIT = 20


def _librarian(user) -> bool:
    return user.is_authenticated and user.is_librarian


# --- the menu --------------------------------------------------------------------------------

nav_item(group="training", label=_("My certificates"), url_name="mokymai:my_certificates",
         icon="award", order=32, allowed=_librarian)
nav_item(group="training", label=_("Certificates"), url_name="mokymai:certificate_list",
         icon="award", order=45, allowed=sees_territory)
nav_item(group="training", label=_("Courses taken elsewhere"),
         url_name="mokymai:external_course_list", icon="mortarboard", order=46,
         allowed=sees_territory)


# --- a person's page --------------------------------------------------------------------------

@object_panel(Person, template="mokymai/_person_certificates.html", order=62)
def person_certificates(request, person):
    """The person's certificates and courses taken elsewhere, as far as the user may see
    them (whole-territory roles, the person, their director)."""
    certificates = list(Certificate.objects.visible_to(request.user).filter(person=person)
                        .order_by("-issued_at", "-pk")[:PANEL_LIMIT])
    courses = list(ExternalCourse.objects.visible_to(request.user).filter(person=person)
                   .order_by("-ends_on", "-pk")[:PANEL_LIMIT])
    if not certificates and not courses:
        return None
    return {"person": person, "certificates": certificates, "courses": courses,
            "confirmed": ExternalCourseStatus.CONFIRMED}


# --- personal data ----------------------------------------------------------------------------

def _export(person) -> list[dict]:
    rows = []
    for certificate in Certificate.objects.filter(person=person).order_by("issued_at", "pk"):
        rows.append({
            "record": "training certificate", "number": certificate.number,
            "holder": certificate.holder_name, "event": certificate.title,
            "programme": certificate.programme_title, "dates": certificate.dates_text,
            "hours": str(certificate.hours),
            "issued_at": timezone.localtime(certificate.issued_at).isoformat(),
            "status": certificate.get_status_display(),
            "revoked_reason": certificate.revoked_reason})
    for course in ExternalCourse.objects.filter(person=person).order_by("submitted_at", "pk"):
        rows.append({
            "record": "course taken elsewhere", "title": course.title,
            "provider": course.provider, "dates": course.dates_text,
            "hours": str(course.hours), "status": course.get_status_display(),
            "note": course.staff_note,
            "submitted_at": timezone.localtime(course.submitted_at).isoformat()})
    for entry in Certificate.history.filter(person_id=person.pk).order_by("history_date",
                                                                           "history_id"):
        rows.append({
            "record": "training certificate history",
            "date": timezone.localtime(entry.history_date).isoformat(),
            "type": entry.history_type, "number": entry.number, "holder": entry.holder_name,
            "event": entry.title, "hours": str(entry.hours), "status": entry.status,
            "revoked_reason": entry.revoked_reason})
    for entry in ExternalCourse.history.filter(person_id=person.pk).order_by("history_date",
                                                                              "history_id"):
        rows.append({
            "record": "course taken elsewhere history",
            "date": timezone.localtime(entry.history_date).isoformat(),
            "type": entry.history_type, "title": entry.title, "provider": entry.provider,
            "hours": str(entry.hours), "status": entry.status, "note": entry.staff_note})
    return rows


def _erase(person) -> int:
    """Certificates stay (an issued certificate must still verify, and the year's hours not
    change). The certificate register is kept for the retention period after the training
    ended: while it runs, a certificate keeps its holder's name for the department only,
    restricted and marked (GDPR Art. 18; everyone else, the public verification included,
    sees "holder data removed"), and the retention task erases the name when it ends; a
    certificate already past it names nobody at once (the registry's placeholder), in the
    rows and their history. Courses taken elsewhere that were not confirmed are deleted
    with their files and history; confirmed ones stay for the records, without their file
    and note. Returns how many rows were changed or deleted."""
    from mokymai.services_retention import retention_ends

    today = timezone.localdate()
    placeholder = erased_holder_name(person.pk)
    changed = 0
    certificates = (Certificate.objects.filter(person=person)
                    .select_related("registration__event", "external_course"))
    for certificate in certificates:
        ended = (certificate.registration.event.ends_on if certificate.registration_id
                 else certificate.external_course.ends_on)
        until = retention_ends(ended)
        if until >= today:
            changed += Certificate.objects.filter(pk=certificate.pk).update(
                restricted_until=until)
            Certificate.history.filter(id=certificate.pk).update(restricted_until=until)
        else:
            changed += Certificate.objects.filter(pk=certificate.pk).update(
                holder_name=placeholder, restricted_until=None)
            Certificate.history.filter(id=certificate.pk).update(holder_name=placeholder,
                                                                  restricted_until=None)
    # earlier versions of certificates no longer theirs
    changed += (Certificate.history.filter(person_id=person.pk, restricted_until=None)
                .exclude(holder_name=placeholder).exclude(
                    id__in=Certificate.objects.filter(restricted_until__isnull=False)
                    .values("pk")).update(holder_name=placeholder))
    courses = list(ExternalCourse.objects.filter(person=person))
    for course in courses:
        if course.file:
            course.file.delete(save=False)
    gone = [c.pk for c in courses if c.status != ExternalCourseStatus.CONFIRMED]
    kept = [c.pk for c in courses if c.status == ExternalCourseStatus.CONFIRMED]
    changed += ExternalCourse.objects.filter(pk__in=gone).delete()[0]
    changed += ExternalCourse.history.filter(id__in=gone).delete()[0]
    changed += ExternalCourse.objects.filter(pk__in=kept).update(file="", staff_note="")
    changed += (ExternalCourse.history.filter(person_id=person.pk)
                .filter(~Q(file="") | ~Q(staff_note="")).update(file="", staff_note=""))
    return changed


def _due() -> list:
    from mokymai.services_retention import expired

    found = expired()
    return [(_("Trainings' registrations past retention"), found.registrations),
            (_("Courses taken elsewhere past retention"), found.external_courses),
            (_("Certificates whose holder is named no more"), found.certificates),
            (_("Restricted certificates whose retention ended"),
             found.restricted_certificates),
            (_("Restricted participant lists and sign-in sheets whose retention ended"),
             found.restricted_documents)]


restricted_record("mokymai.certificate_register", label=_("The certificate register"),
                  model="mokymai.Certificate", fields=("holder_name",),
                  restricted={"restricted_until__isnull": False})
restricted_record("mokymai.certificate_register_history",
                  label=_("The certificate register's earlier versions"),
                  model="mokymai.HistoricalCertificate", fields=("holder_name",),
                  restricted={"restricted_until__isnull": False})

personal_data("mokymai.certificates", label=_("Trainings: certificates and courses taken "
                                              "elsewhere"), export=_export, erase=_erase,
              due=_due)
