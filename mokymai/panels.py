"""What other pages show of the trainings: the menu, the home page's cards, the sections
on a library's card and a person's page, the territory's calendar and the personal data a
person may ask for or have erased."""

from datetime import time, timedelta
from decimal import Decimal

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Library, Person
from mokymai.models import (
    Attendance,
    EventStatus,
    Lecturer,
    Registration,
    RegistrationStatus,
    TrainingEvent,
    director_library_ids,
)
from paskyros.models import Role
from portalas.access import manages_territory, sees_territory
from portalas.clock import aware
from portalas.metrics import Period, Scope
from portalas.registry import (
    CalendarEntry,
    calendar_source,
    home_panel,
    nav_item,
    object_panel,
    personal_data,
)

OPEN_STATUSES = (EventStatus.PUBLISHED, EventStatus.REGISTRATION_CLOSED)
HELD_STATUSES = (EventStatus.HELD, EventStatus.COMPLETED)


def _librarian(user) -> bool:
    return user.is_authenticated and user.is_librarian


# --- the menu --------------------------------------------------------------------------------

nav_item(group="training", label=_("Events"), url_name="mokymai:event_list",
         icon="easel", order=10)
nav_item(group="training", label=_("Calendar"), url_name="mokymai:event_calendar",
         icon="calendar3", order=20)
nav_item(group="training", label=_("My registrations"), url_name="mokymai:my_registrations",
         icon="ticket-perforated", order=30, allowed=_librarian)
nav_item(group="training", label=_("Programmes"), url_name="mokymai:programme_list",
         icon="journal-text", order=40, allowed=sees_territory)
nav_item(group="training", label=_("Lecturers"), url_name="mokymai:lecturer_list",
         icon="person-video3", order=50, allowed=sees_territory)
nav_item(group="training", label=_("Topics"), url_name="mokymai:topic_list",
         icon="tags", order=60, allowed=manages_territory)
nav_item(group="training", label=_("Overview of trainings"), url_name="mokymai:overview",
         icon="graph-up", order=70, allowed=sees_territory)
nav_item(group="territory", label=_("Posts"), url_name="bibliotekos:position_list",
         icon="person-vcard", order=27, allowed=manages_territory)


# --- the home page ---------------------------------------------------------------------------

def _with_places(events):
    return events.annotate(
        registered=Count("registrations", filter=Q(
            registrations__status=RegistrationStatus.REGISTERED)),
        waiting=Count("registrations", filter=Q(
            registrations__status=RegistrationStatus.WAITING)))


def open_for_registration(user, *, now=None):
    """Upcoming published events whose registration window is open now."""
    now = now or timezone.now()
    return (TrainingEvent.objects.visible_to(user)
            .filter(status=EventStatus.PUBLISHED, starts_on__gte=timezone.localdate(now))
            .filter(Q(registration_opens__isnull=True) | Q(registration_opens__lte=now))
            .filter(Q(registration_closes__isnull=True) | Q(registration_closes__gt=now))
            .order_by("starts_on", "title", "pk"))


@home_panel(roles={Role.LIBRARIAN}, template="mokymai/_home_trainings.html", order=30)
def librarian_trainings(request):
    """Events a librarian may register for, and their own coming registrations."""
    today = timezone.localdate()
    mine = list(Registration.objects.filter(person__user=request.user)
                .exclude(status=RegistrationStatus.CANCELLED)
                .filter(event__status__in=OPEN_STATUSES, event__ends_on__gte=today)
                .select_related("event").order_by("event__starts_on", "pk")[:10])
    taken = {registration.event_id for registration in mine}
    events = [event for event in _with_places(open_for_registration(request.user))[:5 + len(
        taken)] if event.pk not in taken][:5]
    return {"events": events, "registrations": mine}


@home_panel(roles={Role.STAFF}, template="mokymai/_home_trainings_staff.html", order=30)
def staff_trainings(request):
    """Coming events with their places, and events held but not yet completed (one
    query: the home page has a budget)."""
    today = timezone.localdate()
    events = list(_with_places(TrainingEvent.objects.filter(
        Q(status__in=OPEN_STATUSES, ends_on__gte=today) | Q(status=EventStatus.HELD)))
        .order_by("starts_on", "title", "pk"))
    awaiting = [event for event in events if event.status == EventStatus.HELD]
    return {"upcoming": [event for event in events if event.status in OPEN_STATUSES][:8],
            "awaiting": awaiting[:8], "awaiting_count": len(awaiting)}


# --- sections of other pages -------------------------------------------------------------------

@object_panel(Library, template="mokymai/_library_trainings.html", order=60)
def library_trainings(request, library):
    """The trainings of the library's people (with its outlets): this year's participants,
    participant-hours and no-shows, and the coming registrations. For the whole-territory
    roles and the library's director."""
    from mokymai import selectors_overview as figures_of

    user = request.user
    if not (user.sees_whole_territory or library.pk in director_library_ids(user)):
        return None
    scope = Scope.of_library(library)
    ids = figures_of.scope_library_ids(scope)
    if not Registration.objects.filter(library_id__in=ids).exists():
        return None
    year = timezone.localdate().year
    period = Period.year(year)
    upcoming = (Registration.objects.filter(library_id__in=ids,
                                            event__status__in=OPEN_STATUSES,
                                            event__ends_on__gte=timezone.localdate())
                .exclude(status=RegistrationStatus.CANCELLED)
                .select_related("event", "person").order_by("event__starts_on", "pk"))
    from mokymai import records

    staff_count = records.staff(period, scope).count()
    trained = records.staff_trained(period, scope).count()
    return {"library": library, "year": year, "staff": staff_count, "staff_trained": trained,
            "staff_share": (Decimal(100) * trained / staff_count) if staff_count else None,
            "participants": figures_of.FIGURES["participants"](period, scope),
            "participant_hours": figures_of.FIGURES["participant_hours"](period, scope),
            "no_shows": figures_of.FIGURES["no_shows"](period, scope),
            "upcoming": list(upcoming[:10]), "upcoming_count": upcoming.count()}


@object_panel(Person, template="mokymai/_person_trainings.html", order=60)
def person_trainings(request, person):
    """The person's registrations (as far as the user may see them) and, for a lecturer,
    the events they teach at."""
    from mokymai.selectors_overview import registration_hours

    registrations = list(
        Registration.objects.visible_to(request.user).filter(person=person)
        .select_related("event").prefetch_related("attendances", "event__sessions")
        .order_by("-event__starts_on", "-pk"))
    rows = [{"registration": r, "event": r.event,
             "hours": registration_hours(r) if r.event.status in HELD_STATUSES
             and r.status == RegistrationStatus.REGISTERED else None}
            for r in registrations]
    lecturer = Lecturer.objects.visible_to(request.user).filter(person=person).first()
    taught = []
    if lecturer is not None:
        taught = list(TrainingEvent.objects.visible_to(request.user)
                      .filter(sessions__lecturers=lecturer).distinct()
                      .order_by("-starts_on", "title"))
    if not rows and lecturer is None:
        return None
    from mokymai.records import person_years

    years = person_years(person) if rows else []
    return {"person": person, "rows": rows, "lecturer": lecturer, "taught": taught,
            "years": years}


# --- the territory's calendar --------------------------------------------------------------------

def _calendar(start, end, user):
    """Each session of the published, held and completed events (not drafts, not cancelled
    ones) between ``start`` and ``end`` (dates, both included)."""
    from mokymai.models import Session

    events = TrainingEvent.objects.visible_to(user).filter(
        status__in=(*OPEN_STATUSES, *HELD_STATUSES))
    sessions = (Session.objects.filter(event__in=events,
                                       starts_at__gte=aware(start, time(0, 0)),
                                       starts_at__lt=aware(end + timedelta(days=1), time(0, 0)))
                .select_related("event").order_by("starts_at", "pk"))
    for session in sessions:
        event = session.event
        title = f"{event.title}: {session.topic}" if session.topic else event.title
        yield CalendarEntry(title=title, start=timezone.localtime(session.starts_at),
                            end=timezone.localtime(session.ends_at),
                            url=reverse("mokymai:event_detail", args=[event.pk]),
                            source="mokymai.events")


calendar_source("mokymai.events", label=_("Trainings"), entries=_calendar)


# --- personal data -------------------------------------------------------------------------------

def _export(person) -> list[dict]:
    rows = []
    registrations = (Registration.objects.filter(person=person)
                     .select_related("event", "library").order_by("queued_at", "pk"))
    for registration in registrations:
        event = registration.event
        rows.append({
            "record": "training registration", "event": event.title,
            "starts_on": event.starts_on.isoformat() if event.starts_on else "",
            "status": registration.get_status_display(),
            "library": registration.library.name if registration.library else "",
            "organisation": registration.organisation, "note": registration.note,
            "registered_at": timezone.localtime(registration.queued_at).isoformat(),
            "cancelled_at": (timezone.localtime(registration.cancelled_at).isoformat()
                             if registration.cancelled_at else ""),
            "attended_hours": (str(registration.attended_hours)
                               if registration.attended_hours is not None else ""),
            "completed": "" if registration.completed is None else registration.completed})
    for attendance in (Attendance.objects.filter(registration__person=person)
                       .select_related("session__event").order_by("session__starts_at")):
        rows.append({
            "record": "training attendance", "event": attendance.session.event.title,
            "session": timezone.localtime(attendance.session.starts_at).isoformat(),
            "present": attendance.present, "minutes": attendance.minutes,
            "how": attendance.get_source_display()})
    lecturer = Lecturer.objects.filter(person=person).first()
    if lecturer is not None:
        rows.append({"record": "lecturer", "organisation": lecturer.organisation,
                     "topics": ", ".join(t.name for t in lecturer.topics.all()),
                     "notes": lecturer.notes})
    return rows + _history_rows(person)


def _when(entry) -> str:
    return timezone.localtime(entry.history_date).isoformat()


def _history_rows(person) -> list[dict]:
    """The stored earlier versions of those records (also of registrations since deleted)."""
    rows = []
    registration_ids = set()
    for entry in Registration.history.filter(person_id=person.pk).order_by("history_date",
                                                                            "history_id"):
        registration_ids.add(entry.id)
        rows.append({
            "record": "training registration history", "date": _when(entry),
            "type": entry.history_type, "registration": entry.id, "event_id": entry.event_id,
            "status": entry.status, "organisation": entry.organisation, "note": entry.note,
            "attended_hours": ("" if entry.attended_hours is None
                               else str(entry.attended_hours)),
            "completed": "" if entry.completed is None else entry.completed})
    for entry in (Attendance.history.filter(registration_id__in=registration_ids)
                  .order_by("history_date", "history_id")):
        rows.append({"record": "training attendance history", "date": _when(entry),
                     "type": entry.history_type, "registration": entry.registration_id,
                     "session_id": entry.session_id, "present": entry.present,
                     "minutes": entry.minutes, "how": entry.source})
    for entry in Lecturer.history.filter(person_id=person.pk).order_by("history_date",
                                                                        "history_id"):
        rows.append({"record": "lecturer history", "date": _when(entry),
                     "type": entry.history_type, "organisation": entry.organisation,
                     "notes": entry.notes})
    return rows


def _erase(person) -> int:
    """Registrations of events not held (coming, drafts, cancelled ones) are deleted with
    their attendance and their history: they count in no figure. Registrations of events
    held or completed stay, so the year's participants and participant-hours do not change
    afterwards; the person they point to is anonymised by the registry's own provider, and
    their free text (note, organisation) is emptied here, in the rows and their history. A
    lecturer's notes are emptied too. Returns how many rows were deleted or changed."""
    registrations = Registration.objects.filter(person=person)
    gone = registrations.exclude(event__status__in=HELD_STATUSES)
    gone_ids = list(gone.values_list("pk", flat=True))
    # the rows first (their attendance with them), then every history entry of them,
    # including the ones the deletion itself just wrote
    changed = Registration.objects.filter(pk__in=gone_ids).delete()[0]
    changed += Attendance.history.filter(registration_id__in=gone_ids).delete()[0]
    changed += Registration.history.filter(id__in=gone_ids).delete()[0]
    kept = Registration.objects.filter(person=person)
    changed += kept.exclude(note="", organisation="").update(note="", organisation="")
    # every earlier version that points to the person (also of rows deleted before)
    changed += (Registration.history.filter(person_id=person.pk)
                .exclude(note="", organisation="").update(note="", organisation=""))
    lecturer = Lecturer.objects.filter(person=person).first()
    if lecturer is not None and lecturer.notes:
        changed += Lecturer.objects.filter(pk=lecturer.pk).update(notes="")
    changed += Lecturer.history.filter(person_id=person.pk).exclude(notes="").update(notes="")
    return changed + erase_documents()


def erase_documents() -> int:
    """Finished documents of the trainings (participant lists, sign-in sheets, certificate
    ZIPs, overviews, records) may print anyone's name: they are deleted, file and row;
    whoever needs one asks again and gets it from the anonymised data."""
    from ataskaitos.models import JobStatus, ReportJob

    jobs = ReportJob.objects.filter(kind__startswith="mokymai.",
                                    status__in=[JobStatus.DONE, JobStatus.FAILED])
    for job in jobs.exclude(file=""):
        job.file.delete(save=False)
    return jobs.delete()[0]


personal_data("mokymai.registrations", label=_("Trainings: registrations, attendance and "
                                               "the lecturer's record"),
              export=_export, erase=_erase)

# The certificates' and the feedback's own declarations.
from mokymai import panels_certificates, panels_feedback  # noqa: E402, F401
