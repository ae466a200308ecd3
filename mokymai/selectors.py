"""Reads of the registration pages: whose person record a user is, where someone stands in
an event's queue, the counts of an event, the people a user may register. Scope comes from
the models' ``visible_to``; nothing here writes."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from bibliotekos.models import Library, Person
from mokymai.models import (
    EventStatus,
    Registration,
    RegistrationStatus,
    TrainingEvent,
    director_library_ids,
)
from mokymai.services import REGISTERING
from portalas.ordering import lt_order

SEARCH_LIMIT = 50   # people of the registry found by a search (staff)
STAFF_LIMIT = 300   # a director's staff, listed whole
STAFF_HISTORY_LIMIT = 500  # a director's staff's registrations on "my registrations"


def own_person(user) -> Person | None:
    """The registry's record of the signed-in user (``Person.user``), if any."""
    if not user.is_authenticated:
        return None
    return Person.objects.select_related("library", "post").filter(user=user).first()


def own_libraries(user):
    """The libraries a user may name as their workplace: their memberships' (a director's
    with the outlets); the whole-territory roles any library."""
    return Library.objects.visible_to(user).open_now().order_by(lt_order("name"))


def directed_library_ids(user) -> frozenset[int]:
    return director_library_ids(user)


def is_director(user) -> bool:
    return bool(director_library_ids(user))


def may_act_for(user, person) -> bool:
    """Whether the user may register or cancel for ``person`` (the services' own rule;
    the director's libraries are remembered for the request, so a list costs no query per
    row)."""
    from mokymai.services import may_register

    return may_register(user, person)


def sees_participants(user) -> bool:
    """Staff and management see every participant list; a director their staff's rows."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.sees_whole_territory or is_director(user)


def registers_others(user) -> bool:
    """Staff register anyone, a director their staff."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.can_manage_territory or is_director(user)


def my_registration(user, event) -> Registration | None:
    if not user.is_authenticated:
        return None
    return (Registration.objects.filter(event=event, person__user=user)
            .select_related("person").first())


def _ahead_or_same(registration) -> Q:
    return (Q(queued_at__lt=registration.queued_at)
            | Q(queued_at=registration.queued_at, pk__lte=registration.pk))


def queue_position(registration) -> int | None:
    """The number in the waiting list (1 is next), or None when not waiting."""
    if registration is None or registration.status != RegistrationStatus.WAITING:
        return None
    return (Registration.objects.waiting().filter(event_id=registration.event_id)
            .filter(_ahead_or_same(registration)).count())


def queue_positions(event) -> dict[int, int]:
    """Every waiting registration's number in the queue (registration pk → number)."""
    ids = (Registration.objects.waiting().filter(event=event)
           .order_by("queued_at", "pk").values_list("pk", flat=True))
    return {pk: number for number, pk in enumerate(ids, start=1)}


@dataclass
class Counts:
    registered: int = 0
    waiting: int = 0
    cancelled: int = 0
    capacity: int | None = None

    @property
    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.registered, 0)

    @property
    def full(self) -> bool:
        return self.capacity is not None and (self.registered >= self.capacity
                                              or self.waiting > 0)


def counts(event, queryset=None) -> Counts:
    """Registered, waiting and cancelled registrations of an event in one query (of
    ``queryset``, e.g. a director's staff, when given)."""
    rows = (queryset if queryset is not None else Registration.objects.filter(event=event))
    totals = rows.aggregate(
        registered=Count("pk", filter=Q(status=RegistrationStatus.REGISTERED)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
        cancelled=Count("pk", filter=Q(status=RegistrationStatus.CANCELLED)))
    return Counts(capacity=event.capacity, **totals)


def may_cancel(user, registration) -> bool:
    """Whether ``user`` may cancel ``registration`` now (the services decide in the end)."""
    return (registration.status != RegistrationStatus.CANCELLED
            and registration.event.status in REGISTERING
            and may_act_for(user, registration.person))


def candidates(user, query: str = ""):
    """People ``user`` may register for an event: a director's staff (their library and its
    outlets), for staff the whole registry (found by name, at most ``SEARCH_LIMIT``)."""
    people = Person.objects.visible_to(user).select_related("library", "post")
    if not user.can_manage_territory:
        people = people.filter(library_id__in=directed_library_ids(user))
    query = " ".join(query.split())
    if query:
        for word in query.split(" "):
            people = people.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word)
                                   | Q(email__icontains=word))
    elif user.can_manage_territory:
        return people.none()
    return people.order_by(lt_order("last_name"), lt_order("first_name"), "pk")


def choosable_people(user):
    """Every person ``user`` may register (the choices a posted form is checked against)."""
    people = Person.objects.visible_to(user)
    if not user.can_manage_territory:
        people = people.filter(library_id__in=directed_library_ids(user))
    return people


@dataclass
class Standing:
    """Where a person stands on an event: status and, when waiting, the queue number."""

    status: str = ""
    position: int | None = None
    registration: Registration | None = None


def standings(event, person_ids) -> dict[int, Standing]:
    """The registration of each of ``person_ids`` on ``event`` (cancelled ones too)."""
    positions = queue_positions(event)
    found = {}
    for registration in Registration.objects.filter(event=event, person_id__in=list(person_ids)):
        found[registration.person_id] = Standing(registration.status,
                                                 positions.get(registration.pk), registration)
    return found


def staff_registrations(user, event):
    """A director's staff on ``event`` (registered and waiting), as the director sees them."""
    libraries = directed_library_ids(user)
    if not libraries:
        return Registration.objects.none()
    return (Registration.objects.visible_to(user).active()
            .filter(event=event, library_id__in=libraries)
            .select_related("person", "library", "event").order_by("status", "queued_at", "pk"))


@dataclass
class MyRegistrations:
    upcoming: list = field(default_factory=list)
    past: list = field(default_factory=list)
    staff_upcoming: list = field(default_factory=list)
    staff_past: list = field(default_factory=list)


def _split(registrations, today):
    upcoming, past = [], []
    for registration in registrations:
        ends = registration.event.ends_on or registration.event.starts_on
        held = registration.event.status in (EventStatus.HELD, EventStatus.COMPLETED)
        (past if held or (ends is not None and ends < today) else upcoming).append(registration)
    upcoming.sort(key=lambda r: (r.event.starts_on is None, r.event.starts_on or today, r.pk))
    return upcoming, past


def _with_positions(registrations) -> list:
    """Each waiting registration gets ``position`` (its queue number), in one query per
    event with people waiting."""
    registrations = list(registrations)
    events = {r.event_id for r in registrations if r.status == RegistrationStatus.WAITING}
    positions: dict[int, int] = {}
    for event_id in events:
        positions.update(queue_positions(TrainingEvent(pk=event_id)))
    for registration in registrations:
        registration.position = positions.get(registration.pk)
    return registrations


def my_registrations(user, *, past_limit: int = 100) -> MyRegistrations:
    """The user's own registrations (upcoming, past) and, for a director, their staff's."""
    today = timezone.localdate()
    related = ("event", "person", "library")
    own = _with_positions(Registration.objects.filter(person__user=user)
                          .select_related(*related).order_by("-event__starts_on", "-pk"))
    result = MyRegistrations()
    result.upcoming, result.past = _split(own, today)
    result.past = result.past[:past_limit]
    libraries = directed_library_ids(user)
    if libraries:
        theirs = (Registration.objects.visible_to(user).filter(library_id__in=libraries)
                  .exclude(person__user=user).select_related(*related)
                  .order_by("-event__starts_on", "-pk")[:STAFF_HISTORY_LIMIT])
        upcoming, past = _split(_with_positions(theirs), today)
        result.staff_upcoming = upcoming
        result.staff_past = [r for r in past if r.status != RegistrationStatus.CANCELLED][
            :past_limit]
    return result
