"""What other pages show of the trainings: the menu, the home page's cards, the sections
on a library's card and a person's page, the territory's calendar and the personal data a
person may ask for or have erased."""

from datetime import time, timedelta

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
    restricted_record,
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

YEAR_PARAMETER = "mokymai_year"
FIRST_YEAR = 2000


def _asked_year(request) -> int | None:
    """The year the card was asked for (``?mokymai_year=``); None when not asked or out of
    range (a typo shows the default, not an error on someone else's page)."""
    value = request.GET.get(YEAR_PARAMETER, "")
    if not value.isdigit():
        return None
    year = int(value)
    return year if FIRST_YEAR <= year <= timezone.localdate().year + 1 else None


def _panel_year(request, scope) -> tuple[int, bool]:
    """The year the card shows and whether it was asked for: the asked one; else this
    year, or last year while this year has nothing yet (January's card is not empty)."""
    from mokymai import records

    asked = _asked_year(request)
    if asked is not None:
        return asked, True
    this_year = timezone.localdate().year
    if records.has_training(Period.year(this_year), scope):
        return this_year, False
    return this_year - 1, False


@object_panel(Library, template="mokymai/_library_trainings.html", order=60)
def library_trainings(request, library):
    """The trainings of the library's people (with its outlets) in a year: participants,
    participant-hours and no-shows of the events held, the staff trained (of the registry's
    people working there), the staff's hours (events and confirmed courses elsewhere) and
    the hours per librarian — the very functions the metrics are — and the coming
    registrations. For the whole-territory roles and the library's director; shown when
    any of it is not zero (or a year was asked for, so the year switch stays)."""
    from mokymai import records
    from mokymai import selectors_overview as figures_of

    user = request.user
    if not (user.sees_whole_territory or library.pk in director_library_ids(user)):
        return None
    scope = Scope.of_library(library)
    ids = figures_of.scope_library_ids(scope)
    year, asked = _panel_year(request, scope)
    period = Period.year(year)
    upcoming = (Registration.objects.filter(library_id__in=ids,
                                            event__status__in=OPEN_STATUSES,
                                            event__ends_on__gte=timezone.localdate())
                .exclude(status=RegistrationStatus.CANCELLED)
                .select_related("event", "person").order_by("event__starts_on", "pk"))
    upcoming_rows = list(upcoming[:10])
    upcoming_count = (len(upcoming_rows) if len(upcoming_rows) < 10 else upcoming.count())
    figures = {"participants": figures_of.FIGURES["participants"](period, scope),
               "participant_hours": figures_of.FIGURES["participant_hours"](period, scope),
               "no_shows": figures_of.FIGURES["no_shows"](period, scope),
               **records.summary(period, scope)}
    shown = ("participants", "participant_hours", "no_shows", "staff_trained", "staff_hours")
    if not asked and not upcoming_count and not any(figures[name] for name in shown):
        return None
    this_year = timezone.localdate().year
    return {"library": library, "year": year, **figures,
            "upcoming": upcoming_rows, "upcoming_count": upcoming_count,
            "year_parameter": YEAR_PARAMETER, "previous_year": year - 1,
            "next_year": year + 1 if year < this_year else None}


@object_panel(Person, template="mokymai/_person_trainings.html", order=60)
def person_trainings(request, person):
    """The person's registrations (as far as the user may see them), their record by year
    (the person, their director and the whole-territory roles) and, for a lecturer, the
    events they teach at."""
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
    from mokymai.records import person_years, record_people

    # the record (also of someone who trained only elsewhere) for whoever may see it
    years = (person_years(person) if record_people(request.user).filter(pk=person.pk).exists()
             else [])
    if not rows and lecturer is None and not years:
        return None
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
    # the account's calendar subscription, and the person's name, e-mail or phone in an
    # event's contact line (rows and history)
    from bibliotekos.erasure import identifying_texts, scrub_texts
    from mokymai.models import CalendarFeed

    if getattr(person, "user", None) is not None:
        changed += CalendarFeed.objects.filter(user=person.user).delete()[0]
    changed += scrub_texts([TrainingEvent, TrainingEvent.history.model],
                           identifying_texts(person))
    lecturer = Lecturer.objects.filter(person=person).first()
    if lecturer is not None and lecturer.notes:
        changed += Lecturer.objects.filter(pk=lecturer.pk).update(notes="")
    changed += Lecturer.history.filter(person_id=person.pk).exclude(notes="").update(notes="")
    return changed + restrict_filed_lists()


def restrict_filed_lists() -> int:
    """Participant lists and sign-in sheets of events held are records the Library files and
    keeps for the retention period: they are restricted (GDPR Art. 18: only the department
    opens them, marked) until the period after the event ends, when the retention task
    deletes them. Every other stored document is deleted by the documents' own provider."""
    from ataskaitos.models import JobStatus, ReportJob
    from mokymai.services_retention import retention_ends

    changed = 0
    jobs = ReportJob.objects.filter(kind__in=FILED_LIST_KINDS, status=JobStatus.DONE,
                                    restricted_until=None).exclude(file="")
    events = {}
    for job in jobs:
        event_id = str(job.params.get("event", ""))
        if event_id not in events:
            events[event_id] = (TrainingEvent.objects.filter(pk=event_id or None,
                                                             status__in=HELD_STATUSES)
                                .values_list("ends_on", flat=True).first())
        ends_on = events[event_id]
        if ends_on is None or retention_ends(ends_on) < timezone.localdate():
            continue                    # not a filed record (or past retention): deleted
        changed += ReportJob.objects.filter(pk=job.pk).update(
            restricted_until=retention_ends(ends_on))
    return changed


FILED_LIST_KINDS = ("mokymai.participants", "mokymai.sign_in_sheet")

restricted_record("mokymai.filed_lists", label=_("Participant lists and sign-in sheets of "
                                                 "events held"),
                  model="ataskaitos.ReportJob", fields=("file", "filename", "params"),
                  restricted={"kind__in": FILED_LIST_KINDS, "restricted_until__isnull": False})

personal_data("mokymai.registrations", label=_("Trainings: registrations, attendance and "
                                               "the lecturer's record"),
              export=_export, erase=_erase, order=50)   # before the registry's: it reads names

# The certificates', the feedback's and the newsletter's (digest) own declarations.
from mokymai import panels_certificates, panels_digest, panels_feedback  # noqa: E402, F401
