"""The professional-development record: per person, their trainings and hours per year;
per library, municipality and the territory, the registry's people trained, their hours and
the share of the staff that improved their qualification.

Definitions (the metrics in ``mokymai.reports`` register these functions):

- the **staff** of a scope are the registry's people who work in its libraries now (a
  person with a library; a library scope counts the library and its outlets, a
  municipality the libraries in it);
- a person of the staff is **trained** in a period when they took part (attended at least
  one session) in an event held in the period, or completed a course elsewhere (ending in
  the period) that the department confirmed — counted once however many;
- **hours** are the participant-hours of the staff's participations in the period plus the
  hours of their confirmed courses taken elsewhere;
- the **share of staff trained** is trained ÷ staff (a percentage) and the **hours per
  librarian** hours ÷ staff: sums over sums, never averages of libraries' ratios.

Participations count where the person worked when they registered (the registration's
library), the staff where they work now; for one year the two differ only for people who
moved.
"""

from collections import defaultdict
from decimal import Decimal

from bibliotekos.models import Person
from mokymai.selectors_overview import hours_total, participations, scope_library_ids
from portalas.metrics import Period, Scope

ZERO = Decimal("0.00")


def staff(period: Period, scope: Scope):
    """The registry's people working in the scope's libraries."""
    people = Person.objects.filter(library__isnull=False)
    if scope.level == "municipality":
        return people.filter(library__municipality=scope.municipality)
    if scope.level == "library":
        return people.filter(library_id__in=scope_library_ids(scope))
    return people


def _staff_participations(period: Period, scope: Scope):
    return participations(period, scope).filter(library__isnull=False)


def _external(period: Period, scope: Scope):
    """The staff's confirmed courses taken elsewhere that ended in the period."""
    from mokymai.models import ExternalCourse, ExternalCourseStatus

    return ExternalCourse.objects.filter(
        status=ExternalCourseStatus.CONFIRMED, ends_on__gte=period.start,
        ends_on__lte=period.end, person__in=staff(period, scope))


def staff_trained(period: Period, scope: Scope):
    """The staff who took part in an event held in the period or had a course taken
    elsewhere confirmed for it."""
    from django.db.models import Q

    return Person.objects.filter(
        Q(pk__in=_staff_participations(period, scope).values("person_id"))
        | Q(pk__in=_external(period, scope).values("person_id")))


def staff_trained_by_library(year: int, library_ids) -> dict[int, int]:
    """For the statistics form: per library — with its outlets, as a system reports its
    staff — how many people improved their qualification in ``year``: took part in an
    event held that year while working there, or had a course elsewhere confirmed.
    Two queries and the library tree."""
    from bibliotekos.scoping import descendant_ids
    from mokymai.models import ExternalCourse, ExternalCourseStatus

    period = Period.year(year)
    root_of = {}
    for library_id in library_ids:
        for member in {library_id} | descendant_ids([library_id]):
            root_of.setdefault(member, library_id)
    people: dict[int, set] = {library_id: set() for library_id in library_ids}
    for library_id, person_id in (participations(period, Scope.territory())
                                  .filter(library_id__in=root_of)
                                  .values_list("library_id", "person_id")):
        people[root_of[library_id]].add(person_id)
    for library_id, person_id in ExternalCourse.objects.filter(
            status=ExternalCourseStatus.CONFIRMED, ends_on__year=year,
            person__library_id__in=root_of).values_list("person__library_id", "person_id"):
        people[root_of[library_id]].add(person_id)
    return {library_id: len(found) for library_id, found in people.items()}


def staff_hours(period: Period, scope: Scope) -> Decimal:
    from django.db.models import Sum

    events = hours_total(_staff_participations(period, scope))
    elsewhere = _external(period, scope).aggregate(total=Sum("hours"))["total"] or ZERO
    return events + elsewhere


def records(people) -> dict[int, list[dict]]:
    """Each person's record: per year (newest first) the events they took part in, the
    hours they attended and the events they completed. A fixed number of queries for any
    number of people."""
    from mokymai.models import EventStatus, Registration, RegistrationStatus
    from mokymai.selectors_overview import registration_hours

    rows = (Registration.objects.filter(person__in=people,
                                        status=RegistrationStatus.REGISTERED,
                                        event__status__in=(EventStatus.HELD,
                                                           EventStatus.COMPLETED))
            .select_related("event").prefetch_related("attendances", "event__sessions")
            .order_by("event__starts_on", "pk"))
    found: dict[int, dict[int, dict]] = defaultdict(dict)
    for registration in rows:
        if not any(a.present for a in registration.attendances.all()):
            continue
        year = registration.event.starts_on.year
        line = found[registration.person_id].setdefault(
            year, {"year": year, "events": 0, "hours": ZERO, "completed": 0, "titles": []})
        line["events"] += 1
        line["hours"] += registration_hours(registration)
        line["completed"] += bool(registration.completed)
        line["titles"].append(registration.event.title)
    from mokymai.selectors_certificates import confirmed_external

    for person_id, years in confirmed_external(people).items():
        for year, course in years.items():
            line = found[person_id].setdefault(
                year, {"year": year, "events": 0, "hours": ZERO, "completed": 0, "titles": []})
            line["external_courses"] = course["courses"]
            line["external_hours"] = course["hours"]
    return {pk: sorted(years.values(), key=lambda line: -line["year"])
            for pk, years in found.items()}


def person_years(person: Person) -> list[dict]:
    return records([person]).get(person.pk, [])


# The layout of the records CSV, one row per person and year (UTF-8): the one place it is
# written down. README.md ("Professional-development records") copies ``layout_table()``;
# a test keeps the two and ``RECORD_COLUMNS`` equal.
RECORD_LAYOUT = (
    (("person_id",), "the registry's id of the person"),
    (("surname", "first_name"), "as in the registry"),
    (("library_code", "library", "municipality"),
     "where the person works now (empty for people outside the territory's libraries)"),
    (("year",), "the year the events started (a course taken elsewhere: the year it ended)"),
    (("events",), "events held that year the person attended at least one session of"),
    (("hours",), "academic hours attended at those events (fixed when the event was "
                 "completed)"),
    (("completed_events",), "of those, the events whose completion rule the person met"),
    (("external_courses",), "courses taken elsewhere that ended that year and the department "
                            "confirmed"),
    (("external_hours",), "their academic hours (the person's hours that year are "
                          "`hours` + `external_hours`)"),
)
RECORD_COLUMNS = [column for columns, _meaning in RECORD_LAYOUT for column in columns]


def layout_table() -> str:
    """The CSV layout as the Markdown table README.md shows."""
    lines = ["| column | meaning |", "|---|---|"]
    lines += [f"| {', '.join(f'`{c}`' for c in columns)} | {meaning} |"
              for columns, meaning in RECORD_LAYOUT]
    return "\n".join(lines)


def people_with_records():
    """The people who have a record: a registration, or a confirmed course taken
    elsewhere (someone who trained only elsewhere has a record too)."""
    from django.db.models import Exists, OuterRef

    from mokymai.models import ExternalCourse, ExternalCourseStatus, Registration

    return Person.objects.filter(
        Exists(Registration.objects.filter(person=OuterRef("pk")))
        | Exists(ExternalCourse.objects.filter(person=OuterRef("pk"),
                                               status=ExternalCourseStatus.CONFIRMED)))


def record_people(user):
    """Whose record ``user`` may see (issue 17: a person their own, a director their
    library's people with its outlets', the whole-territory roles everyone's) — narrower
    than the registry's ``Person.objects.visible_to``, where a librarian sees their
    colleagues."""
    from django.db.models import Q

    from bibliotekos.scoping import director_library_ids
    from paskyros.models import Role

    if not user.is_authenticated or not user.is_active:
        return Person.objects.none()
    if user.sees_whole_territory:
        return Person.objects.all()
    if user.role != Role.LIBRARIAN:
        return Person.objects.none()
    mine = Q(user=user)
    directed = director_library_ids(user)
    if directed:
        mine |= Q(library_id__in=directed)
    return Person.objects.filter(mine)


def summary(period: Period, scope: Scope) -> dict:
    """The scope's figures as the metrics compute them (the same functions, the same
    ratios): staff, staff trained, their hours, the share trained (%) and the hours per
    librarian (None where the scope has no staff)."""
    from portalas.numbers import divide

    people = staff(period, scope).count()
    trained = staff_trained(period, scope).count()
    hours = staff_hours(period, scope)
    share = divide(trained, people)
    return {"staff": people, "staff_trained": trained, "staff_hours": hours,
            "staff_share": None if share is None else share * 100,
            "hours_per_librarian": divide(hours, people)}


def has_training(period: Period, scope: Scope) -> bool:
    """Whether anything of the scope's people happened in the period: a place at an event
    held (attended or not) or a confirmed course taken elsewhere. Two cheap queries."""
    from mokymai.selectors_overview import registrations

    return (registrations(period, scope).exists()
            or _external(period, scope).exists())


def record_rows(people) -> list[list]:
    """The CSV rows of ``people``'s records, one per person and year."""
    people = list(people.select_related("library__municipality"))
    found = records(people)
    rows = []
    for person in people:
        library = person.library
        for line in found.get(person.pk, []):
            rows.append([person.pk, person.last_name, person.first_name,
                         library.code if library else "", library.name if library else "",
                         library.municipality.name if library and library.municipality
                         else "", line["year"], line["events"], line["hours"],
                         line["completed"], line.get("external_courses", 0),
                         line.get("external_hours", ZERO)])
    return rows
