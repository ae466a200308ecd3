"""What other pages show of the trainings: the menu, the home page, the library card, a
person's page, the calendar, personal data — and the demo."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from bibliotekos.models import Person
from mokymai.models import Attendance, EventStatus, Registration, TrainingEvent
from mokymai.services import change_status, mark_attendance, register
from mokymai.tests.factories import make_event, make_lecturer, make_person
from portalas.registry import calendar_entries, navigation_for, personal_data_providers

pytestmark = pytest.mark.django_db


def panel_templates(response) -> set[str]:
    return {panel["template"] for panel in response.context["panels"]}


@pytest.fixture
def trained(staff, territory):
    """A person of A's central library who completed a seminar this year, registered for a
    coming one; a school B person registered too."""
    today = timezone.localdate()
    past = make_event(title="Praėjęs seminaras", day=today - timedelta(days=3),
                      registration_opens=None, registration_closes=None)
    coming = make_event(title="Būsimas seminaras")
    person = make_person(territory.central_a, first="Ona", last="Kretingiškė")
    pupil = make_person(territory.school_b, first="Birutė", last="Skuodiškė")
    done = register(event=past, person=person, by=staff)
    mark_attendance(registration=done, session=past.sessions.get(), by=staff)
    change_status(event=past, to=EventStatus.HELD, by=staff)
    change_status(event=past, to=EventStatus.COMPLETED, by=staff)
    register(event=coming, person=person, by=staff)
    register(event=coming, person=pupil, by=staff)
    return {"past": past, "coming": coming, "person": person, "pupil": pupil,
            "same_year": past.starts_on.year == today.year}


# --- the library card and a person's page --------------------------------------------------------

def test_library_card_shows_the_trainings_to_staff_and_the_director(trained, territory,
                                                                    staff_client, client_a):
    for client in (staff_client, client_a):
        response = client.get(reverse("bibliotekos:library_detail",
                                      args=[territory.system_a.pk]))
        assert "mokymai/_library_trainings.html" in panel_templates(response)
        panel = next(p["context"] for p in response.context["panels"]
                     if p["template"] == "mokymai/_library_trainings.html")
        assert panel["upcoming_count"] == 1
        if trained["same_year"]:
            assert panel["participants"] == 1 and panel["no_shows"] == 0
        assert 'id="library-trainings"' in response.content.decode()


def test_library_card_hides_the_trainings_from_a_plain_librarian(trained, territory, client_b):
    response = client_b.get(reverse("bibliotekos:library_detail",
                                    args=[territory.school_b.pk]))
    assert response.status_code == 200
    assert "mokymai/_library_trainings.html" not in panel_templates(response)
    assert 'id="library-trainings"' not in response.content.decode()


def test_a_library_without_trainings_has_no_section(territory, staff_client):
    response = staff_client.get(reverse("bibliotekos:library_detail",
                                        args=[territory.system_b.pk]))
    assert "mokymai/_library_trainings.html" not in panel_templates(response)


def test_person_page_shows_registrations_to_staff(trained, staff_client):
    response = staff_client.get(reverse("bibliotekos:person_detail",
                                        args=[trained["person"].pk]))
    assert "mokymai/_person_trainings.html" in panel_templates(response)
    panel = next(p["context"] for p in response.context["panels"]
                 if p["template"] == "mokymai/_person_trainings.html")
    rows = {row["event"].pk: row for row in panel["rows"]}
    assert rows[trained["past"].pk]["hours"] == 4
    assert rows[trained["past"].pk]["registration"].completed is True
    assert rows[trained["coming"].pk]["hours"] is None
    assert 'id="person-trainings"' in response.content.decode()


def test_person_page_hides_others_registrations_from_a_librarian(trained, client_b):
    response = client_b.get(reverse("bibliotekos:person_detail", args=[trained["pupil"].pk]))
    assert response.status_code == 200
    assert "mokymai/_person_trainings.html" not in panel_templates(response)
    assert 'id="person-trainings"' not in response.content.decode()


def test_person_page_shows_a_librarian_their_own_registrations(trained, librarian_b, client_b):
    Person.objects.filter(pk=trained["pupil"].pk).update(user=librarian_b)
    response = client_b.get(reverse("bibliotekos:person_detail", args=[trained["pupil"].pk]))
    assert "mokymai/_person_trainings.html" in panel_templates(response)


def test_person_page_of_a_lecturer_lists_their_events(staff_client):
    event = make_event(title="Dėsto")
    lecturer = make_lecturer(event)
    response = staff_client.get(reverse("bibliotekos:person_detail",
                                        args=[lecturer.person.pk]))
    panel = next(p["context"] for p in response.context["panels"]
                 if p["template"] == "mokymai/_person_trainings.html")
    assert panel["lecturer"] == lecturer and panel["taught"] == [event]


# --- the home page and the menu ------------------------------------------------------------------

def test_librarian_home_shows_open_events_and_own_registrations(territory, librarian_b,
                                                                client_b, staff):
    mine = make_event(title="Mano renginys")
    other = make_event(title="Atviras renginys")
    make_event(title="Juodraštis", status=EventStatus.DRAFT)
    person = make_person(territory.school_b, user=librarian_b)
    register(event=mine, person=person, by=staff)
    response = client_b.get(reverse("home"))
    panel = next(p["context"] for p in response.context["panels"]
                 if p["template"] == "mokymai/_home_trainings.html")
    assert [r.event for r in panel["registrations"]] == [mine]
    assert [e.pk for e in panel["events"]] == [other.pk]


def test_staff_home_shows_places_and_events_awaiting_completion(territory, staff,
                                                                staff_client):
    coming = make_event(title="Pilnas", capacity=1)
    for index in range(2):
        register(event=coming, person=make_person(territory.central_a, first=f"A{index}"),
                 by=staff)
    held = make_event(title="Įvykęs", day=timezone.localdate() - timedelta(days=2),
                      registration_opens=None, registration_closes=None)
    change_status(event=held, to=EventStatus.HELD, by=staff)
    response = staff_client.get(reverse("home"))
    panel = next(p["context"] for p in response.context["panels"]
                 if p["template"] == "mokymai/_home_trainings_staff.html")
    [upcoming] = panel["upcoming"]
    assert (upcoming.registered, upcoming.capacity, upcoming.waiting) == (1, 1, 1)
    assert panel["awaiting"] == [held]


def test_menu_entries_follow_the_roles(staff, librarian_a, manager):
    def urls(user):
        request = RequestFactory().get("/")
        request.user = user
        return {item["url"] for group in navigation_for(request) for item in group["items"]}

    for_librarian, for_staff, for_manager = urls(librarian_a), urls(staff), urls(manager)
    assert reverse("mokymai:event_list") in for_librarian
    assert reverse("mokymai:my_registrations") in for_librarian
    assert reverse("mokymai:programme_list") not in for_librarian
    assert reverse("mokymai:overview") not in for_librarian
    assert {reverse("mokymai:topic_list"), reverse("mokymai:lecturer_list"),
            reverse("bibliotekos:position_list")} <= for_staff
    assert reverse("mokymai:overview") in for_manager
    assert reverse("mokymai:topic_list") not in for_manager


# --- the calendar --------------------------------------------------------------------------------

def test_calendar_has_the_sessions_of_public_events(staff, librarian_b):
    day = timezone.localdate() + timedelta(days=10)
    event = make_event(title="Dviejų dienų", day=day, sessions=2)
    make_event(title="Juodraštis", day=day, status=EventStatus.DRAFT)
    cancelled = make_event(title="Atšauktas", day=day)
    change_status(event=cancelled, to=EventStatus.CANCELLED, by=staff, message="Ne")
    entries = [e for e in calendar_entries(day, day + timedelta(days=5), librarian_b)
               if e.source == "mokymai.events"]
    assert [e.title for e in entries] == ["Dviejų dienų: 1 dalis", "Dviejų dienų: 2 dalis"]
    assert entries[0].url == event.get_absolute_url()
    assert entries[0].start.hour == 10 and entries[0].start.date() == day
    staff_entries = [e for e in calendar_entries(day, day, staff)
                     if e.source == "mokymai.events"]
    assert len(staff_entries) == 1       # drafts are not in the calendar, even for staff


# --- personal data -------------------------------------------------------------------------------

def test_personal_data_export_and_erase(trained, staff):
    provider = personal_data_providers.get("mokymai.registrations")
    person = trained["person"]
    Registration.objects.filter(person=person).update(note="Vegetarė")
    rows = provider.export(person)
    kinds = [row["record"] for row in rows]
    assert kinds.count("training registration") == 2 and "training attendance" in kinds
    changed = provider.erase(person)
    assert changed > 0
    remaining = Registration.objects.filter(person=person)
    assert [r.event for r in remaining] == [trained["past"]]       # the held one stays
    assert remaining.get().note == "" and remaining.get().completed is True
    assert Attendance.objects.filter(registration__person=person).count() == 1
    assert not Registration.history.filter(person_id=person.pk).exclude(note="").exists()
    assert not Registration.history.filter(event_id=trained["coming"].pk,
                                           person_id=person.pk).exists()


# --- the demo ------------------------------------------------------------------------------------

def test_demo_data_loads_the_trainings_and_runs_twice():
    out = io.StringIO()
    call_command("demo_data", "--quiet-accounts", stdout=out)
    call_command("demo_data", "--quiet-accounts", stdout=out)
    assert "trainings:" in out.getvalue()
    statuses = set(TrainingEvent.objects.values_list("status", flat=True))
    assert statuses == set(EventStatus.values)
    seminar = TrainingEvent.objects.get(capacity=20, status=EventStatus.PUBLISHED,
                                        starts_on__gt=timezone.localdate(), kind="seminar")
    assert seminar.registrations.registered().count() == 19
    assert seminar.registration_open
    assert not seminar.registrations.filter(person__user__isnull=False).exists()
    assert TrainingEvent.objects.filter(registrations__status="waiting",
                                        status=EventStatus.PUBLISHED).exists()
    for email in ("bibliotekininkas@demo.lt", "filialas@demo.lt", "mokykla@demo.lt"):
        person = Person.objects.get(user__email=email)
        assert person.post is not None and person.library is not None
    assert not Person.objects.filter(library__isnull=False, post__isnull=True).exists()
    completed = TrainingEvent.objects.filter(status=EventStatus.COMPLETED)
    assert completed.filter(costs__isnull=False).exists()
    assert Registration.objects.filter(event__in=completed, completed=True).exists()
    from mokymai.models import Lecturer

    assert Lecturer.objects.filter(person__library__isnull=True).count() == 2
    assert Lecturer.objects.count() == 4
