"""Query budgets for the trainings' pages that had none: each page is requested with some
data, then with twice as much, and must run the same number of queries (no query per row)
within a ceiling a little above today's count."""

from datetime import date, time, timedelta
from decimal import Decimal
from itertools import count

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mokymai.models import (
    CalendarFeed,
    Cost,
    EventStatus,
    Programme,
    RegistrationStatus,
    Session,
    Topic,
)
from mokymai.services import (
    cancel_registration,
    change_status,
    mark_attendance,
    refresh_dates,
    register,
)
from mokymai.tests.factories import make_event, make_lecturer, make_person
from portalas.clock import aware
from portalas.testing import count_queries, query_budget

pytestmark = pytest.mark.django_db

serial = count(1)


def steady(client, url, grow, ceiling: int, label: str, **params):
    """The page's queries with the data as it is and after ``grow()`` doubled it: equal,
    and within ``ceiling``."""
    first = client.get(url, params)
    assert first.status_code == 200, (label, first.status_code)
    before = count_queries(lambda: client.get(url, params))
    grow()
    with query_budget(ceiling, label) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    assert len(captured.captured_queries) == before, (
        f"{label}: {before} queries before, {len(captured.captured_queries)} after doubling")
    return response


def person(library, prefix="P"):
    n = next(serial)
    return make_person(library, first=f"{prefix}{n}", last=f"Pavardenė{n}",
                       email=f"{prefix.lower()}{n}@test.lt")


def add_registrations(event, library, staff, how_many):
    return [register(event=event, person=person(library), by=staff)
            for _ in range(how_many)]


def add_session(event, day, lecturer=None):
    session = Session.objects.create(event=event, starts_at=aware(day, time(14, 0)),
                                     ends_at=aware(day, time(16, 0)),
                                     topic=f"Dalis {next(serial)}")
    if lecturer is not None:
        session.lecturers.add(lecturer)
    refresh_dates(event=event)
    return session


# --- attendance --------------------------------------------------------------------------------

def test_the_attendance_summary(staff_client, staff, territory):
    event = make_event(capacity=None, sessions=2, registration_opens=None,
                       registration_closes=None,
                       day=timezone.localdate() - timedelta(days=5))
    sessions = list(event.sessions.all())

    def grow_marked(how_many):
        for registration in add_registrations(event, territory.central_a, staff, how_many):
            for session in sessions:
                mark_attendance(registration=registration, session=session, by=staff)

    grow_marked(3)
    steady(staff_client, reverse("mokymai:attendance", args=[event.pk]),
           lambda: grow_marked(3), 8, "attendance summary", all="1")


def test_the_check_in_page(staff_client, staff, territory):
    today = timezone.localdate()
    event = make_event(capacity=None, day=today, start=time(0, 5), end=time(23, 50),
                       registration_opens=None, registration_closes=None)
    [registration] = add_registrations(event, territory.central_a, staff, 1)
    mark_attendance(registration=registration, session=event.sessions.get(), by=staff)
    url = reverse("mokymai:checkin", args=[registration.token])

    def grow():
        add_registrations(event, territory.central_a, staff, 4)
        for _ in range(2):
            make_lecturer(event, first=f"Lektorė{next(serial)}")

    steady(staff_client, url, grow, 8, "check-in")


# --- registration --------------------------------------------------------------------------------

@pytest.fixture
def busy_event(staff, territory):
    event = make_event(capacity=2, sessions=2)
    add_registrations(event, territory.central_a, staff, 3)
    return event


def churn(registration, staff, times):
    """``times`` more cancellations and registrations again: history rows to list."""
    for _ in range(times):
        cancel_registration(registration=registration, by=staff)
        registration = register(event=registration.event, person=registration.person,
                                by=staff)
    return registration


def test_a_registration_and_its_cancel_page(staff_client, staff, territory, busy_event):
    mine = register(event=busy_event, person=person(territory.central_a), by=staff)
    assert mine.status == RegistrationStatus.WAITING
    mine = churn(mine, staff, 2)
    detail = reverse("mokymai:registration_detail", args=[mine.pk])
    cancel = reverse("mokymai:registration_cancel", args=[mine.pk])

    def grow():
        # (the registration's own history is listed by the kit's ``history_entries``, a
        # query or two per change, capped at 200 — it grows with this one person's
        # changes only, not with the event's size)
        add_registrations(busy_event, territory.central_a, staff, 4)

    for url, ceiling, label in ((detail, 16, "registration detail"),
                                (cancel, 6, "registration cancel page")):
        steady(staff_client, url, grow, ceiling, label)


def test_the_self_registration_page(client_a, librarian_a, staff, territory):
    event = make_event(capacity=50, sessions=2)
    make_person(territory.central_a, user=librarian_a)
    add_registrations(event, territory.central_a, staff, 3)
    url = reverse("mokymai:event_register", args=[event.pk])

    def grow():
        add_registrations(event, territory.central_a, staff, 3)
        add_session(event, event.ends_on + timedelta(days=1))
        add_session(event, event.ends_on + timedelta(days=1))

    response = steady(client_a, url, grow, 12, "self-registration page")
    assert response.context["form"] is not None


def test_the_ticket(staff, territory):
    event = make_event(sessions=2)
    [registration] = add_registrations(event, territory.central_a, staff, 1)

    def grow():
        add_session(event, event.ends_on + timedelta(days=1))
        add_session(event, event.ends_on + timedelta(days=2))
        add_registrations(event, territory.central_a, staff, 3)

    steady(Client(), reverse("mokymai:ticket", args=[registration.token]), grow, 3, "ticket")


# --- creating and editing an event --------------------------------------------------------------

def add_choices(how_many):
    from bibliotekos.models import Position

    for _ in range(how_many):
        n = next(serial)
        Topic.objects.create(name=f"Tema {n}")
        Programme.objects.create(title=f"Programa {n}", hours=Decimal("8"))
        Position.objects.create(name=f"Pareigos {n}")


def test_the_new_event_form(staff_client):
    add_choices(3)
    steady(staff_client, reverse("mokymai:event_create"), lambda: add_choices(3), 9,
           "new event form")


def test_the_event_edit_form(staff_client, staff, territory):
    event = make_event(sessions=2)
    lecturer = make_lecturer(event)
    Cost.objects.create(event=event, kind=Cost.Kind.VENUE, amount=Decimal("50"))
    add_choices(2)
    event.topics.set(Topic.objects.all())

    def grow():
        for offset in (1, 2):
            add_session(event, event.ends_on + timedelta(days=offset),
                        lecturer=make_lecturer(first=f"Lina{next(serial)}"))
        Cost.objects.create(event=event, kind=Cost.Kind.OTHER, amount=Decimal("5"))
        add_choices(2)
        event.topics.set(Topic.objects.all())
        for session in event.sessions.all():
            session.lecturers.add(lecturer)

    steady(staff_client, reverse("mokymai:event_update", args=[event.pk]), grow, 19,
           "event edit form")


# --- lecturers and programmes ------------------------------------------------------------------

def test_a_lecturers_page(staff_client, staff, territory):
    lecturer = make_lecturer(first="Viena", last="Lektorė")
    lecturer.topics.set([Topic.objects.create(name="Skaitmeninis raštingumas")])

    def teach(how_many):
        for _ in range(how_many):
            event = make_event(title=f"Renginys {next(serial)}", sessions=2)
            for session in event.sessions.all():
                session.lecturers.add(lecturer)

    teach(2)
    steady(staff_client, reverse("mokymai:lecturer_detail", args=[lecturer.pk]),
           lambda: teach(2), 7, "lecturer page")


def test_a_programmes_page(staff_client, staff, territory):
    programme = Programme.objects.create(title="Programa", hours=Decimal("16"))
    programme.topics.set([Topic.objects.create(name="Vaikų skaitymas")])

    def run(how_many):
        for _ in range(how_many):
            event = make_event(title=f"Renginys {next(serial)}", programme=programme)
            add_registrations(event, territory.central_a, staff, 2)

    run(2)
    steady(staff_client, reverse("mokymai:programme_detail", args=[programme.pk]),
           lambda: run(2), 7, "programme page")


# --- the calendar and the feeds -----------------------------------------------------------------

def month_events(how_many, day, staff, territory):
    for _ in range(how_many):
        event = make_event(title=f"Mėnesio renginys {next(serial)}", day=day, sessions=2)
        make_lecturer(event, first=f"L{next(serial)}")
        event.topics.set([Topic.objects.get_or_create(name="Bendra")[0]])
        add_registrations(event, territory.central_a, staff, 1)


def test_the_month_calendar_with_events(staff_client, client_a, staff, territory):
    day = timezone.localdate() + timedelta(days=20)
    month_events(2, day, staff, territory)
    url = reverse("mokymai:event_calendar")
    for client, label in ((staff_client, "calendar, staff"), (client_a, "calendar, director")):
        steady(client, url, lambda: month_events(2, day, staff, territory), 8, label,
               month=f"{day:%Y-%m}")


def test_the_feeds_with_events(staff_client, client_a, librarian_a, staff, territory):
    me = make_person(territory.central_a, user=librarian_a)
    key = CalendarFeed.objects.create(user=librarian_a).key

    def grow():
        month_events(2, timezone.localdate() + timedelta(days=10), staff, territory)
        for _ in range(2):
            event = make_event(title=f"Mano {next(serial)}", sessions=2)
            register(event=event, person=me, by=staff)

    grow()
    anonymous = Client()
    # (the personal feeds note their last use at most once an hour: steady() warms up first)
    for client, url, ceiling, label in (
            (client_a, reverse("mokymai:feed"), 5, "feed"),
            (anonymous, reverse("mokymai:personal_feed_all", args=[key]), 5, "personal feed"),
            (anonymous, reverse("mokymai:personal_feed_mine", args=[key]), 5, "my feed")):
        steady(client, url, grow, ceiling, label)


def test_an_events_ics_with_many_sessions(staff_client):
    event = make_event(sessions=2)

    def grow():
        for offset in (1, 2):
            add_session(event, event.ends_on + timedelta(days=offset))

    steady(staff_client, reverse("mokymai:event_ics", args=[event.pk]), grow, 5, "event .ics")


# --- the overview with data ---------------------------------------------------------------------

def test_the_overview_with_events_held(manager_client, staff, territory):
    year = timezone.localdate().year - 1

    def hold(how_many):
        topic = Topic.objects.get_or_create(name="Bendra")[0]
        for offset in range(how_many):
            event = make_event(title=f"Įvykęs {next(serial)}", registration_opens=None,
                               registration_closes=None, day=date(year, 3, 1 + offset),
                               sessions=2)
            event.topics.set([topic])
            Cost.objects.create(event=event, kind=Cost.Kind.VENUE, amount=Decimal("10"))
            for registration in add_registrations(event, territory.central_a, staff, 2) + \
                    add_registrations(event, territory.school_b, staff, 1):
                mark_attendance(registration=registration, session=event.sessions.first(),
                                by=staff)
            change_status(event=event, to=EventStatus.HELD, by=staff)

    hold(2)
    response = steady(manager_client, reverse("mokymai:overview"), lambda: hold(2), 25,
                      "overview", year=str(year))
    assert response.context["totals"]["events_held"] == 4
