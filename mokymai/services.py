"""Writes of the trainings app: registration with a waiting list, cancellation and
promotion, the event's status machine, attendance and completion.

Every change of who holds a place runs with the event's row locked (``select_for_update``),
so 200 people pressing "register" at the same moment for 150 places end as exactly 150
registered and 50 waiting. E-mails are queued after commit, with primary keys only."""

import logging
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bibliotekos.models import Person
from mokymai.models import (
    HUNDREDTH,
    TRANSITIONS,
    Attendance,
    EventStatus,
    Registration,
    RegistrationStatus,
    Session,
    TrainingEvent,
    director_library_ids,
)

logger = logging.getLogger("regionas.trainings")

# Statuses in which people may still be registered (by staff, past the window too).
REGISTERING = (EventStatus.PUBLISHED, EventStatus.REGISTRATION_CLOSED)


class Refused(ValidationError):
    """A registration, cancellation or mark the rules do not allow; the message says why."""


def _task(name: str, *args) -> None:
    from mokymai import tasks

    transaction.on_commit(lambda: getattr(tasks, name).delay(*args))


def _locked(event: TrainingEvent) -> TrainingEvent:
    return TrainingEvent.objects.select_for_update().get(pk=event.pk)


# --- who may act for whom ------------------------------------------------------------------

def may_register(user, person: Person) -> bool:
    """Staff register anyone; a director their library's and outlets' staff; anyone
    themself."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.can_manage_territory:
        return True
    if person.user_id is not None and person.user_id == user.pk:
        return True
    return person.library_id is not None and person.library_id in director_library_ids(user)


def may_mark_attendance(user, event: TrainingEvent) -> bool:
    """Department staff, and the lecturers of the event's sessions."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.can_manage_territory or event.is_lecturer(user)


# --- registration ------------------------------------------------------------------------

@transaction.atomic
def register(*, event: TrainingEvent, person: Person, by, organisation: str = "",
             note: str = "", now=None) -> Registration:
    """Put ``person`` on ``event``: a place while there is one, else the waiting list.
    Staff may register after the window has closed; nobody on a draft, cancelled or
    finished event, and nobody twice."""
    now = now or timezone.now()
    if not may_register(by, person):
        raise PermissionDenied
    event = _locked(event)
    if event.status not in REGISTERING:
        raise Refused(_("Registration for this event is not possible: it is %(status)s.")
                      % {"status": event.get_status_display().lower()}, code="status")
    state = event.registration_state(now)
    if state != "open" and not by.can_manage_territory:
        if state == "not_yet":
            opens = timezone.localtime(event.registration_opens)
            raise Refused(_("Registration opens on %(when)s.")
                          % {"when": opens.strftime("%Y-%m-%d %H:%M")}, code="not_yet")
        raise Refused(_("Registration for this event is closed."), code="closed")
    existing = Registration.objects.select_for_update().filter(event=event,
                                                               person=person).first()
    if existing is not None and existing.status != RegistrationStatus.CANCELLED:
        raise Refused(
            _("%(person)s is already registered for this event.") % {"person": person}
            if existing.status == RegistrationStatus.REGISTERED else
            _("%(person)s is already on this event's waiting list.") % {"person": person},
            code="twice")
    taken = event.registrations.registered().count()
    # Once the event has begun the queue no longer moves (see _promote): a free place goes
    # to the person staff register at the door; anyone else still queues behind the others.
    at_the_door = by.can_manage_territory and has_started(event, now)
    waiting = not at_the_door and event.registrations.waiting().exists()
    has_place = event.capacity is None or (taken < event.capacity and not waiting)
    status = RegistrationStatus.REGISTERED if has_place else RegistrationStatus.WAITING
    registration = existing or Registration(event=event, person=person)
    registration.status = status
    registration.library_id = person.library_id
    registration.organisation = organisation.strip()
    registration.note = note.strip()
    registration.queued_at = now
    registration.registered_by = by
    registration.promoted_at = registration.cancelled_at = registration.cancelled_by = None
    registration.reminded_at = None
    registration.save()
    _task("send_registration_email", registration.pk, "registered" if has_place else "waiting")
    logger.info("event %s: registration %s %s", event.pk, registration.pk, status)
    return registration


@transaction.atomic
def cancel_registration(*, registration: Registration, by, now=None) -> list[Registration]:
    """The participant (or their director, or staff) gives up the place or the queue
    position; the first on the waiting list moves up. Returns those promoted."""
    now = now or timezone.now()
    if not may_register(by, registration.person):
        raise PermissionDenied
    event = _locked(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise Refused(_("This registration is already cancelled."), code="cancelled")
    if event.status not in REGISTERING:
        raise Refused(_("The event has taken place or is cancelled: the registration can no "
                        "longer be cancelled."), code="status")
    held_place = registration.status == RegistrationStatus.REGISTERED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    registration.cancelled_by = by
    registration.save(update_fields=["status", "cancelled_at", "cancelled_by"])
    _task("send_registration_email", registration.pk, "cancelled")
    return _promote(event, now) if held_place else []


def has_started(event: TrainingEvent, now) -> bool:
    """Whether the event's first session has begun (an event without sessions has not)."""
    first = event.sessions.order_by("starts_at").values_list("starts_at", flat=True).first()
    return first is not None and first <= now


def _promote(event: TrainingEvent, now) -> list[Registration]:
    """Fill free places from the waiting list, first come first served (the event row is
    locked by the caller). Not once the event has begun: a place freed then would reach
    someone by e-mail after the first session, so it stays free and staff register whoever
    is at the door by hand."""
    if has_started(event, now):
        return []
    if event.capacity is None:
        free = None
    else:
        free = event.capacity - event.registrations.registered().count()
        if free <= 0:
            return []
    queue = event.registrations.waiting().select_for_update().order_by("queued_at", "pk")
    promoted = list(queue if free is None else queue[:free])
    for registration in promoted:
        registration.status = RegistrationStatus.REGISTERED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        _task("send_registration_email", registration.pk, "promoted")
    return promoted


@transaction.atomic
def promote_waiting(*, event: TrainingEvent, now=None) -> list[Registration]:
    """After the places grew (staff raised the capacity): move people up from the queue."""
    event = _locked(event)
    if event.status not in REGISTERING:
        return []
    return _promote(event, now or timezone.now())


# --- the event's status ----------------------------------------------------------------------

@transaction.atomic
def change_status(*, event: TrainingEvent, to: str, by, message: str = "",
                  now=None) -> TrainingEvent:
    """Move the event along draft → published → registration closed → held → completed,
    or cancel it (with a message e-mailed to everyone registered or waiting). A conditional
    update: two clicks at once move it once."""
    now = now or timezone.now()
    if by is not None and not by.can_manage_territory:  # None: the nightly scheduler
        raise PermissionDenied
    event = _locked(event)
    if to not in TRANSITIONS.get(event.status, set()):
        raise Refused(_("A %(status)s event cannot become %(to)s.") % {
            "status": event.get_status_display().lower(),
            "to": EventStatus(to).label.lower()}, code="transition")
    if to == EventStatus.PUBLISHED and not event.sessions.exists():
        raise Refused(_("Add at least one session before publishing."), code="no_sessions")
    if to == EventStatus.CANCELLED and not message.strip():
        raise Refused(_("Write the message the registered people will receive."),
                      code="no_message")
    if to == EventStatus.HELD:
        last = event.sessions.order_by("-ends_at").values_list("starts_at", flat=True).first()
        if last is not None and last > now:
            raise Refused(_("The event is not over yet: its last session has not started."),
                          code="not_over")
    updates = {"status": to, "version": event.version + 1}
    if to == EventStatus.PUBLISHED and event.published_at is None:
        updates["published_at"] = now
    if to == EventStatus.CANCELLED:
        updates["cancel_message"] = message.strip()
    for name, value in updates.items():
        setattr(event, name, value)
    event._change_reason = f"status → {to}"
    event.save()
    if to == EventStatus.COMPLETED:
        record_completion(event=event)
    if to == EventStatus.CANCELLED:
        _task("notify_event_cancelled", event.pk)
    if to == EventStatus.PUBLISHED:
        _promote(event, now)
    logger.info("event %s → %s", event.pk, to)
    return event


def event_hours(event: TrainingEvent, sessions=None) -> Decimal:
    """The event's academic hours: as set on it, else the sum of its sessions' (as
    ``TrainingEvent.total_hours``, with the sessions passed in to save a query)."""
    if event.hours is not None:
        return event.hours
    sessions = sessions if sessions is not None else event.sessions.all()
    return sum((s.hours for s in sessions), Decimal("0.00"))


def attended_hours(registration: Registration, sessions=None, attendances=None) -> Decimal:
    """The academic hours a registration attended, in the event's hours: the sessions'
    hours attended, scaled when the event's hours are set apart from its sessions (a day
    09:00–16:00 with breaks counted as 6 hours). So attending everything gives exactly the
    event's hours — the figure the cost per participant-hour, the overview and the
    certificate use — and the cost does not jump when the event is completed. Sessions and
    attendances may be passed in, prefetched, to count a whole list without a query per
    row."""
    sessions = list(sessions if sessions is not None
                    else registration.event.sessions.all())
    by_pk = {s.pk: s for s in sessions}
    if attendances is None:
        attendances = registration.attendances.all()
    raw = Decimal("0.00")
    for attendance in attendances:
        session = by_pk.get(attendance.session_id)
        if session is not None:
            raw += attendance.hours(session)
    return scaled_to_event(raw, registration.event.hours,
                           sum((s.hours for s in sessions), Decimal("0.00")))


def scaled_to_event(raw: Decimal, event_hours: Decimal | None, of_sessions: Decimal) -> Decimal:
    """The sessions' hours attended (``raw``) in the event's hours, when the event's hours
    are set apart from its sessions' (``of_sessions``): ``attended_hours``'s last step."""
    if event_hours is None:
        return raw
    if not of_sessions:
        return Decimal("0.00")
    if raw >= of_sessions:
        return event_hours
    return (raw * event_hours / of_sessions).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def completes(event: TrainingEvent, hours: Decimal, sessions=None) -> bool:
    """Whether ``hours`` attended (as ``attended_hours`` counts them) meet the event's
    completion rule, a share of the event's hours."""
    total = event_hours(event, sessions)
    if total == 0:
        return False
    return hours * 100 >= total * event.completion_percent


def record_completion(*, event: TrainingEvent) -> int:
    """Fix each registered participant's attended hours and completion (the event is being
    completed); returns how many completed."""
    sessions = list(event.sessions.all())
    completed = 0
    registrations = event.registrations.registered().prefetch_related("attendances")
    for registration in registrations:
        hours = attended_hours(registration, sessions, registration.attendances.all())
        done = completes(event, hours, sessions)
        completed += done
        Registration.objects.filter(pk=registration.pk).update(attended_hours=hours,
                                                               completed=done)
    return completed


# --- attendance ------------------------------------------------------------------------------

@transaction.atomic
def mark_attendance(*, registration: Registration, session: Session, by, present: bool = True,
                    minutes: int | None = None,
                    source: str = Attendance.Source.LIST) -> Attendance | None:
    """Tick (or untick) one participant at one session. Only someone registered (not
    waiting, not cancelled) can attend; only staff and the event's lecturers mark."""
    if session.event_id != registration.event_id:
        raise Refused(_("This session belongs to another event."), code="other_event")
    if not may_mark_attendance(by, registration.event):
        raise PermissionDenied
    if registration.event.status in (EventStatus.DRAFT, EventStatus.CANCELLED,
                                     EventStatus.COMPLETED):
        raise Refused(_("Attendance of a %(status)s event cannot be changed.") % {
            "status": registration.event.get_status_display().lower()}, code="status")
    if registration.status != RegistrationStatus.REGISTERED:
        raise Refused(_("%(person)s is not registered for this event.")
                      % {"person": registration.person}, code="not_registered")
    if minutes is not None and minutes < 0:
        raise Refused(_("Minutes cannot be negative."), code="minutes")
    attendance, _created = Attendance.objects.update_or_create(
        registration=registration, session=session,
        defaults={"present": present, "minutes": minutes, "source": source, "marked_by": by})
    return attendance



def refresh_dates(*, event: TrainingEvent) -> None:
    """Keep the event's first and last day (Vilnius time) in step with its sessions."""
    bounds = list(event.sessions.order_by("starts_at").values_list("starts_at", "ends_at"))
    starts_on = timezone.localtime(bounds[0][0]).date() if bounds else None
    ends_on = timezone.localtime(max(end for _start, end in bounds)).date() if bounds else None
    TrainingEvent.objects.filter(pk=event.pk).update(starts_on=starts_on, ends_on=ends_on)
    event.starts_on, event.ends_on = starts_on, ends_on
