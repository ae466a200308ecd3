"""The trainings' figures, counted once: the metrics (``mokymai.reports``), the year's
overview page and document and the annual report all read them from here, so a number
cannot differ between them.

Definitions (charter function 3.1):

- an **event held** is an event whose status is *held* or *completed* and whose first day
  (``starts_on``, Vilnius time) falls in the period;
- a **participant** is a *registered* registration (not waiting, not cancelled) of an event
  held that attended at least one session (an ``Attendance`` with ``present``); one person
  at two events is two participants and one **person trained**;
- **participant-hours** are the academic hours the participants attended: for a completed
  event the hours fixed on the registration when it was completed, for an event held but
  not yet completed the hours counted from its attendance as it stands;
- a **completion** is a participant who met the event's completion rule (known once the
  event is completed);
- a **registration** is a registered place at an event held; a **no-show** is one of them
  with no session attended, at an event whose attendance was taken (an event with no
  attendance recorded at all has no no-shows yet, rather than everyone);
- **costs** are the costs recorded for the events held (the territory only: a cost is not
  split among libraries).

A scope narrows the people, not the events: a municipality counts the participants whose
registration's library (where they worked when they registered) is in it, a library the
participants of the library and its outlets; an event counts for them when it had at least
one participant from there.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, Sum
from django.utils.translation import gettext as _

from bibliotekos.models import Person
from bibliotekos.scoping import descendant_ids
from mokymai.models import (
    Attendance,
    Cost,
    EventKind,
    EventStatus,
    Registration,
    RegistrationStatus,
    TrainingEvent,
)
from portalas.metrics import Period, Scope
from portalas.numbers import divide
from portalas.ordering import sorted_lt

ZERO = Decimal("0.00")


# --- the rows each figure counts -------------------------------------------------------------

def held_events(period: Period):
    """Events held or completed whose first day falls in the period."""
    return TrainingEvent.objects.held().starting_between(period.start, period.end)


def scope_library_ids(scope: Scope) -> set[int]:
    """A library scope's libraries: the library and every outlet under it."""
    return {scope.library.pk} | descendant_ids([scope.library.pk])


def _in_scope(registrations, scope: Scope):
    if scope.level == "municipality":
        return registrations.filter(library__municipality=scope.municipality)
    if scope.level == "library":
        return registrations.filter(library_id__in=scope_library_ids(scope))
    return registrations


def _attended():
    return Exists(Attendance.objects.filter(registration=OuterRef("pk"), present=True))


def registrations(period: Period, scope: Scope):
    """Registered places (not waiting, not cancelled) at the events held."""
    return _in_scope(Registration.objects.filter(event__in=held_events(period),
                                                 status=RegistrationStatus.REGISTERED), scope)


def participations(period: Period, scope: Scope):
    """Registered places at the events held that attended at least one session."""
    return registrations(period, scope).filter(_attended())


def no_show_registrations(period: Period, scope: Scope):
    """Registered places that attended nothing, at events whose attendance was taken."""
    taken = Exists(Attendance.objects.filter(session__event=OuterRef("event")))
    return registrations(period, scope).exclude(_attended()).filter(taken)


def completions(period: Period, scope: Scope):
    return participations(period, scope).filter(completed=True)


def events(period: Period, scope: Scope):
    """The events held; for a municipality or a library those with a participant from
    there."""
    found = held_events(period)
    if scope.level == "territory":
        return found
    return found.filter(pk__in=participations(period, scope).values("event_id"))


def people_trained(period: Period, scope: Scope):
    return Person.objects.filter(pk__in=participations(period, scope).values("person_id"))


# --- participant-hours ------------------------------------------------------------------------

def registration_hours(registration: Registration) -> Decimal:
    """The hours one registration attended: fixed on it once the event is completed, else
    counted from its attendance (``sessions`` and ``attendances`` prefetched)."""
    from mokymai.services import attended_hours

    event = registration.event
    if event.status == EventStatus.COMPLETED and registration.attended_hours is not None:
        return registration.attended_hours
    return attended_hours(registration, event.sessions.all(), registration.attendances.all())


def participation_hours(period: Period, scope: Scope) -> list[tuple[Registration, Decimal]]:
    """Every participation with its hours, in a fixed number of queries."""
    rows = (participations(period, scope)
            .select_related("event", "person", "library__municipality")
            .prefetch_related("attendances", "event__sessions", "event__topics")
            .order_by("event_id", "pk"))
    return [(registration, registration_hours(registration)) for registration in rows]


def hours_total(rows) -> Decimal:
    """The hours of the participations ``rows``, as ``registration_hours`` counts each:
    those of completed events, whose hours are fixed, summed in the database; only the rest
    (events held, not yet completed) counted from their attendance. At national size the
    annual report reads this for every quarter: a sum, not a walk over every registration."""
    from collections import defaultdict

    from mokymai.models import TrainingEvent, attendance_hours
    from mokymai.services import scaled_to_event

    fixed = Q(event__status=EventStatus.COMPLETED, attended_hours__isnull=False)
    total = rows.filter(fixed).aggregate(total=Sum("attended_hours"))["total"] or ZERO
    rest = rows.exclude(fixed)
    events = {event.pk: event for event in TrainingEvent.objects.filter(
        pk__in=rest.values("event_id")).only("pk", "hours").prefetch_related("sessions")}
    if not events:
        return total
    sessions = {s.pk: s for event in events.values() for s in event.sessions.all()}
    # the attendance marks as plain rows: a registration's raw hours, then in its event's
    # hours (a registration that attended nothing adds nothing)
    raw: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    for registration_id, event_id, session_id, minutes in Attendance.objects.filter(
            registration__in=rest.values("pk"), present=True).values_list(
            "registration_id", "registration__event_id", "session_id", "minutes"):
        session = sessions.get(session_id)
        if session is not None and session.event_id == event_id:
            raw[registration_id, event_id] += attendance_hours(True, minutes, session)
    of_sessions = {event.pk: sum((s.hours for s in event.sessions.all()), ZERO)
                   for event in events.values()}
    for (_registration, event_id), hours in raw.items():
        total += scaled_to_event(hours, events[event_id].hours, of_sessions[event_id])
    return total


def participant_hours(period: Period, scope: Scope) -> Decimal:
    return hours_total(participations(period, scope))


def costs(period: Period, scope: Scope) -> Decimal | None:
    """What the events held cost, in euros; not defined below the territory."""
    if scope.level != "territory":
        return None
    total = Cost.objects.filter(event__in=held_events(period)).aggregate(
        total=Sum("amount"))["total"]
    return total if total is not None else ZERO


# --- the figures by name (the metrics register these very functions) -----------------------

FIGURES = {
    "events_held": lambda period, scope: events(period, scope).count(),
    "participants": lambda period, scope: participations(period, scope).count(),
    "people_trained": lambda period, scope: people_trained(period, scope).count(),
    "participant_hours": participant_hours,
    "completions": lambda period, scope: completions(period, scope).count(),
    "registrations": lambda period, scope: registrations(period, scope).count(),
    "no_shows": lambda period, scope: no_show_registrations(period, scope).count(),
    "costs_eur": costs,
}
RECORDS = {
    "events_held": events,
    "participants": participations,
    "people_trained": people_trained,
    "completions": completions,
    "registrations": registrations,
    "no_shows": no_show_registrations,
}


def figures(period: Period, scope: Scope | None = None) -> dict:
    """Every figure for the period and scope, and the cost per participant-hour (sum of
    costs ÷ sum of participant-hours, as the ratio metric divides)."""
    scope = scope or Scope.territory()
    found = {name: compute(period, scope) for name, compute in FIGURES.items()}
    found["cost_per_participant_hour"] = divide(found["costs_eur"],
                                                found["participant_hours"])
    return found


# --- the year's overview: the page, the document and the annual report ----------------------

@dataclass
class EventLine:
    event: TrainingEvent
    participants: int = 0
    participant_hours: Decimal = ZERO
    costs: Decimal = ZERO

    @property
    def hours(self) -> Decimal:
        return self.event.total_hours

    @property
    def cost_per_participant_hour(self) -> Decimal | None:
        return divide(self.costs, self.participant_hours)


@dataclass
class GroupLine:
    label: str
    events: int = 0
    participants: int = 0
    people: int = 0
    participant_hours: Decimal = ZERO
    costs: Decimal | None = None

    @property
    def cost_per_participant_hour(self) -> Decimal | None:
        return divide(self.costs, self.participant_hours)


@dataclass
class Overview:
    year: int
    totals: dict
    events: list[EventLine] = field(default_factory=list)
    by_kind: list[GroupLine] = field(default_factory=list)
    by_topic: list[GroupLine] = field(default_factory=list)
    by_municipality: list[GroupLine] = field(default_factory=list)

    @property
    def period(self) -> Period:
        return Period.year(self.year)


def year_overview(year: int) -> Overview:
    """The territory's year: the totals (the metrics' own values), every event held with
    its participants, participant-hours and costs, and the same by kind, topic and the
    participants' municipality."""
    period = Period.year(year)
    totals = figures(period, Scope.territory())
    held = list(held_events(period).prefetch_related("sessions", "topics", "costs")
                .order_by("starts_on", "title", "pk"))
    lines = {event.pk: EventLine(event, costs=sum((c.amount for c in event.costs.all()), ZERO))
             for event in held}
    places = defaultdict(lambda: {"participants": 0, "people": set(), "hours": ZERO})
    for registration, hours in participation_hours(period, Scope.territory()):
        line = lines[registration.event_id]
        line.participants += 1
        line.participant_hours += hours
        library = registration.library
        municipality = library.municipality if library is not None else None
        place = places[municipality.name if municipality else ""]
        place["participants"] += 1
        place["people"].add(registration.person_id)
        place["hours"] += hours

    kinds = dict(EventKind.choices)
    by_kind: dict[str, GroupLine] = {}
    by_topic: dict[str, GroupLine] = {}
    no_topic = _("No topic")
    for line in lines.values():
        kind = by_kind.setdefault(line.event.kind,
                                  GroupLine(str(kinds.get(line.event.kind, line.event.kind)),
                                            costs=ZERO))
        kind.events += 1
        kind.participants += line.participants
        kind.participant_hours += line.participant_hours
        kind.costs += line.costs
        topics = [t.name for t in line.event.topics.all()] or [no_topic]
        for name in topics:
            topic = by_topic.setdefault(name, GroupLine(name))
            topic.events += 1
            topic.participants += line.participants
            topic.participant_hours += line.participant_hours
    kind_order = list(kinds)
    outside = _("Outside the territory's libraries")
    municipalities = [GroupLine(name or outside, participants=data["participants"],
                                people=len(data["people"]), participant_hours=data["hours"])
                      for name, data in places.items()]
    return Overview(
        year=year, totals=totals, events=list(lines.values()),
        by_kind=[by_kind[code] for code in sorted(by_kind, key=lambda code: kind_order.index(
            code) if code in kind_order else len(kind_order))],
        by_topic=sorted_lt([g for g in by_topic.values() if g.label != no_topic],
                           key=lambda g: g.label)
        + [g for g in by_topic.values() if g.label == no_topic],
        by_municipality=sorted_lt([g for g in municipalities if g.label != outside],
                                  key=lambda g: g.label)
        + [g for g in municipalities if g.label == outside])


def overview_years(today: date | None = None) -> list[int]:
    """The years with an event held, and this year, newest first (the page's year menu)."""
    from django.utils import timezone

    today = today or timezone.localdate()
    years = {d.year for d in TrainingEvent.objects.held().exclude(starts_on=None)
             .dates("starts_on", "year")}
    years.add(today.year)
    return sorted(years, reverse=True)
