"""Attendance pages: who may mark, the phone list, the QR check-in, completion."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from mokymai.models import Attendance, EventStatus, RegistrationStatus, TrainingEvent
from mokymai.services import mark_attendance, register
from mokymai.tests.factories import make_event, make_lecturer, make_person
from portalas.testing import count_queries, query_budget

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "reg"}
DATA = Path(__file__).parent / "data"


@pytest.fixture
def event(db):
    return make_event(capacity=2)


@pytest.fixture
def session(event):
    return event.sessions.get()


@pytest.fixture
def registered(event, staff, territory):
    return register(event=event, person=make_person(territory.central_a, first="Rūta",
                                                    last="Žemaitienė"), by=staff)


def mark_url(event, session):
    return reverse("mokymai:attendance_mark", args=[event.pk, session.pk])


def session_url(event, session):
    return reverse("mokymai:attendance_session", args=[event.pk, session.pk])


# --- marking ------------------------------------------------------------------------------------

def test_staff_marks_present_and_back_with_a_plain_form(staff_client, staff, event, session,
                                                       registered):
    response = staff_client.post(mark_url(event, session),
                                 {"registration": registered.pk, "present": "1"})
    assert response.status_code == 302
    assert response["Location"].startswith(session_url(event, session))
    mark = Attendance.objects.get(registration=registered, session=session)
    assert mark.present and mark.source == Attendance.Source.LIST and mark.marked_by == staff
    staff_client.post(mark_url(event, session), {"registration": registered.pk, "present": "0"})
    mark.refresh_from_db()
    assert mark.present is False


def test_htmx_mark_returns_the_row_pressed_and_the_counter(staff_client, event, session,
                                                          registered):
    response = staff_client.post(mark_url(event, session),
                                 {"registration": registered.pk, "present": "1"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="reg-{registered.pk}"' in html and 'aria-pressed="true"' in html
    assert 'hx-swap-oob="innerHTML:#attendance-counter"' in html
    assert response.context["present"] == 1 and response.context["total"] == 1


def test_marking_someone_on_the_waiting_list_is_refused_and_nothing_saved(
        staff_client, staff, event, session, territory):
    for index in range(2):
        register(event=event, person=make_person(territory.central_a, first=f"A{index}",
                                                 last="Pirmas"), by=staff)
    waiting = register(event=event, person=make_person(territory.central_a, first="Laukia",
                                                       last="Eilėje"), by=staff)
    assert waiting.status == RegistrationStatus.WAITING
    response = staff_client.post(mark_url(event, session),
                                 {"registration": waiting.pk, "present": "1"}, **HTMX)
    assert response.status_code == 400
    assert response.context["error"]
    response = staff_client.post(mark_url(event, session),
                                 {"registration": waiting.pk, "present": "1"})
    assert response.status_code == 302
    assert not Attendance.objects.filter(registration=waiting).exists()


def test_marking_a_registration_of_another_event_is_a_404(staff_client, staff, event,
                                                          session, territory):
    other = make_event(title="Kitas renginys")
    foreign = register(event=other, person=make_person(territory.central_a), by=staff)
    response = staff_client.post(mark_url(event, session),
                                 {"registration": foreign.pk, "present": "1"})
    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_get_of_the_mark_route_is_405(staff_client, event, session):
    assert staff_client.get(mark_url(event, session)).status_code == 405


def test_incomplete_mark_is_400(staff_client, event, session, registered):
    response = staff_client.post(mark_url(event, session),
                                 {"registration": registered.pk, "present": "yes"})
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_a_lecturer_of_the_event_marks_a_lecturer_of_another_event_gets_403(
        client_b, librarian_b, event, session, registered):
    other = make_event(title="Kitas renginys")
    make_lecturer(other, user=librarian_b)
    data = {"registration": registered.pk, "present": "1"}
    assert client_b.post(mark_url(event, session), data).status_code == 403
    assert client_b.get(session_url(event, session)).status_code == 403
    make_lecturer(event, first="Kita", last="Lektorė")   # someone else teaches this one
    session.lecturers.add(librarian_b.person.lecturer)
    assert client_b.get(session_url(event, session)).status_code == 200
    assert client_b.post(mark_url(event, session), data).status_code == 302
    assert Attendance.objects.get(registration=registered).marked_by == librarian_b


def test_others_get_403_on_a_published_event_and_404_on_a_draft(client_b, staff, territory):
    published = make_event()
    draft = make_event(status=EventStatus.DRAFT, title="Juodraštis")
    for event, expected in ((published, 403), (draft, 404)):
        session = event.sessions.get()
        assert client_b.get(reverse("mokymai:attendance", args=[event.pk])).status_code == \
            expected
        assert client_b.get(session_url(event, session)).status_code == expected
        assert client_b.post(mark_url(event, session),
                             {"registration": 1, "present": "1"}).status_code == expected
        assert client_b.get(reverse("mokymai:attendance_import",
                                    args=[event.pk, session.pk])).status_code == expected


def test_management_gets_403_on_every_attendance_page_but_reads_the_participants(
        manager_client, event, session, registered):
    """Issue 16: "Attendance: staff (and a lecturer marked as the event's)"; management
    reads the registrations and the participant list, not the attendance pages."""
    for url in (session_url(event, session), reverse("mokymai:attendance", args=[event.pk]),
                reverse("mokymai:attendance_import", args=[event.pk, session.pk])):
        assert manager_client.get(url).status_code == 403, url
    assert manager_client.post(mark_url(event, session),
                               {"registration": registered.pk,
                                "present": "1"}).status_code == 403
    assert manager_client.post(session_url(event, session),
                               {"action": "all_present"}).status_code == 403
    checkin = reverse("mokymai:checkin", args=[registered.token])
    assert manager_client.get(checkin).status_code == 404
    assert manager_client.post(checkin, {"session": session.pk}).status_code == 404
    assert not Attendance.objects.exists()
    participants = manager_client.get(reverse("mokymai:event_participants", args=[event.pk]))
    assert participants.status_code == 200 and "Žemaitienė" in participants.content.decode()
    detail = manager_client.get(event.get_absolute_url()).content.decode()
    assert reverse("mokymai:attendance", args=[event.pk]) not in detail
    assert session_url(event, session) not in detail


def test_a_completed_event_cannot_be_marked(staff_client, event, session, registered):
    TrainingEvent.objects.filter(pk=event.pk).update(status=EventStatus.COMPLETED)
    response = staff_client.get(session_url(event, session))
    assert response.context["editable"] is False and b'aria-pressed' not in response.content
    response = staff_client.post(mark_url(event, session),
                                 {"registration": registered.pk, "present": "1"}, **HTMX)
    assert response.status_code == 400
    assert not Attendance.objects.exists()


# --- the list ---------------------------------------------------------------------------------

def test_the_list_is_registered_people_in_lithuanian_order_with_search(staff_client, staff,
                                                                      territory):
    event = make_event(capacity=3)
    session = event.sessions.get()
    names = [("Zigmas", "Čepas"), ("Ona", "Cibulskienė"), ("Jonas", "Žukas"),
             ("Petras", "Abraitis")]
    registrations = [register(event=event, person=make_person(territory.central_a,
                                                              first=first, last=last),
                              by=staff) for first, last in names]
    assert registrations[-1].status == RegistrationStatus.WAITING
    response = staff_client.get(session_url(event, session))
    listed = [row["registration"].person.last_name for row in response.context["rows"]]
    assert listed == ["Cibulskienė", "Čepas", "Žukas"]       # the waiting one is not listed
    assert response.context["total"] == 3
    response = staff_client.get(session_url(event, session), {"q": "zukas"})
    assert [row["registration"].person.last_name for row in response.context["rows"]] == \
        ["Žukas"]
    response = staff_client.get(session_url(event, session), {"q": "cep"},
                                HTTP_HX_REQUEST="true", HTTP_HX_TARGET="attendance-list")
    assert response.templates[0].name == "mokymai/_attendance_list.html"
    assert len(response.context["rows"]) == 1


def test_mark_all_present(staff_client, staff, territory):
    event = make_event(capacity=None)
    session = event.sessions.get()
    for index in range(3):
        register(event=event, person=make_person(territory.central_a, first=f"Asmuo{index}",
                                                 last="Testinis"), by=staff)
    response = staff_client.get(session_url(event, session))
    assert b'value="all_present"' in response.content
    response = staff_client.post(session_url(event, session), {"action": "all_present"})
    assert response.status_code == 302
    assert Attendance.objects.filter(session=session, present=True).count() == 3


def test_the_list_renders_within_a_budget_independent_of_participants(staff_client, staff,
                                                                     territory):
    event = make_event(capacity=None)
    session = event.sessions.get()
    url = session_url(event, session)

    def add(count, start):
        for index in range(start, start + count):
            registration = register(event=event, person=make_person(
                territory.central_a, first=f"Asmuo{index}", last=f"Pavardė{index}"), by=staff)
            mark_attendance(registration=registration, session=session, by=staff)

    add(3, 0)
    staff_client.get(url)
    few = count_queries(lambda: staff_client.get(url))
    add(20, 3)
    with query_budget(few, "attendance list of 23"):
        response = staff_client.get(url)
    assert response.context["present"] == 23 and few <= 12


def test_attendance_goes_to_todays_session_when_there_is_exactly_one(staff_client):
    event = make_event(day=timezone.localdate(), sessions=1)
    url = reverse("mokymai:attendance", args=[event.pk])
    response = staff_client.get(url)
    assert response.status_code == 302
    assert response["Location"] == session_url(event, event.sessions.get())
    assert staff_client.get(url, {"all": "1"}).status_code == 200
    two_days = make_event(day=timezone.localdate() - timedelta(days=1), sessions=2,
                          registration_opens=timezone.now() - timedelta(days=10))
    response = staff_client.get(reverse("mokymai:attendance", args=[two_days.pk]))
    assert response.status_code == 302
    three_days_ahead = make_event(sessions=2)
    response = staff_client.get(reverse("mokymai:attendance", args=[three_days_ahead.pk]))
    assert response.status_code == 200 and len(response.context["sessions"]) == 2


# --- completion ---------------------------------------------------------------------------------

def test_completion_needs_the_share_of_hours(staff_client, staff, territory):
    event = make_event(sessions=2, completion_percent=80)
    first, second = event.sessions.all()
    one = register(event=event, person=make_person(territory.central_a, first="Viena",
                                                   last="Diena"), by=staff)
    both = register(event=event, person=make_person(territory.central_a, first="Abi",
                                                    last="Dienos"), by=staff)
    none = register(event=event, person=make_person(territory.central_a, first="Niekas",
                                                    last="Neatvyko"), by=staff)
    mark_attendance(registration=one, session=first, by=staff)
    for session in (first, second):
        mark_attendance(registration=both, session=session, by=staff)
    TrainingEvent.objects.filter(pk=event.pk).update(status=EventStatus.HELD)
    # the sessions are in the future: move them to the past for the no-show highlight
    for session in event.sessions.all():
        session.starts_at -= timedelta(days=30)
        session.ends_at -= timedelta(days=30)
        session.save()
    response = staff_client.get(reverse("mokymai:attendance", args=[event.pk]), {"all": "1"})
    rows = {row["registration"].pk: row for row in response.context["rows"]}
    assert str(rows[one.pk]["hours"]) == "4.00" and rows[one.pk]["completes"] is False
    assert str(rows[both.pk]["hours"]) == "8.00" and rows[both.pk]["completes"] is True
    assert rows[none.pk]["no_show"] and not rows[one.pk]["no_show"]
    assert response.context["completed"] == 1 and response.context["no_shows"] == 1
    assert [s["present"] for s in response.context["sessions"]] == [2, 1]


# --- the QR check-in ------------------------------------------------------------------------

@pytest.fixture
def today_event(db):
    return make_event(day=timezone.localdate(), capacity=1)


def checkin_url(registration):
    return reverse("mokymai:checkin", args=[registration.token])


def test_checkin_get_does_not_write_post_marks_with_qr(staff_client, staff, today_event,
                                                       territory):
    registration = register(event=today_event, person=make_person(territory.central_a),
                            by=staff)
    response = staff_client.get(checkin_url(registration))
    assert response.status_code == 200
    assert response.context["person"] == registration.person
    assert not Attendance.objects.exists()
    session = today_event.sessions.get()
    response = staff_client.post(checkin_url(registration), {"session": session.pk})
    assert response.status_code == 302
    mark = Attendance.objects.get(registration=registration, session=session)
    assert mark.present and mark.source == Attendance.Source.QR and mark.marked_by == staff
    response = staff_client.get(response["Location"])
    assert response.context["chosen_mark"].present
    staff_client.post(checkin_url(registration), {"session": session.pk})
    assert Attendance.objects.count() == 1


def test_checkin_by_a_lecturer_of_the_event(client_b, librarian_b, staff, today_event,
                                            territory):
    registration = register(event=today_event, person=make_person(territory.central_a),
                            by=staff)
    assert client_b.get(checkin_url(registration)).status_code == 404
    make_lecturer(today_event, user=librarian_b)
    assert client_b.get(checkin_url(registration)).status_code == 200
    client_b.post(checkin_url(registration), {"session": today_event.sessions.get().pk})
    assert Attendance.objects.get().source == Attendance.Source.QR


def test_checkin_by_a_librarian_or_management_or_an_unknown_code_is_404(
        client_b, manager_client, staff_client, staff, today_event, territory):
    registration = register(event=today_event, person=make_person(territory.central_a),
                            by=staff)
    assert client_b.get(checkin_url(registration)).status_code == 404
    assert client_b.post(checkin_url(registration)).status_code == 404
    assert manager_client.get(checkin_url(registration)).status_code == 404
    assert staff_client.get(reverse("mokymai:checkin", args=["nera-tokio"])).status_code == 404
    assert not Attendance.objects.exists()


def test_a_participant_scanning_their_own_code_gets_their_ticket(client_a, librarian_a,
                                                               staff, today_event, territory):
    registration = register(event=today_event, person=make_person(territory.central_a,
                                                                  user=librarian_a), by=staff)
    response = client_a.get(checkin_url(registration))
    assert response.status_code == 302
    assert response["Location"] == reverse("mokymai:ticket", args=[registration.token])
    assert client_a.post(checkin_url(registration)).status_code == 302
    assert not Attendance.objects.exists()


def test_checkin_of_a_waiting_registration_is_refused(staff_client, staff, today_event,
                                                     territory):
    register(event=today_event, person=make_person(territory.central_a), by=staff)
    waiting = register(event=today_event, person=make_person(territory.central_a,
                                                             first="Laukia", last="Eilėje"),
                       by=staff)
    response = staff_client.get(checkin_url(waiting))
    assert response.status_code == 200 and response.context["refusal"]
    response = staff_client.post(checkin_url(waiting),
                                 {"session": today_event.sessions.get().pk})
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_checkin_offers_a_choice_when_several_sessions_are_on(staff_client, staff, territory):
    now = timezone.localtime()
    event = make_event(capacity=None)
    for session in event.sessions.all():
        session.delete()
    from mokymai.models import Session

    early = Session.objects.create(event=event, starts_at=now - timedelta(minutes=30),
                                   ends_at=now + timedelta(minutes=30))
    late = Session.objects.create(event=event, starts_at=now + timedelta(minutes=60),
                                  ends_at=now + timedelta(minutes=120))
    Session.objects.create(event=event, starts_at=now + timedelta(days=3),
                           ends_at=now + timedelta(days=3, hours=1))
    registration = register(event=event, person=make_person(territory.central_a), by=staff)
    response = staff_client.get(checkin_url(registration))
    assert [c["session"] for c in response.context["choices"]] == [early, late]
    assert response.context["chosen"] is None
    assert staff_client.post(checkin_url(registration)).status_code == 400
    response = staff_client.post(checkin_url(registration), {"session": late.pk})
    assert response.status_code == 302
    assert Attendance.objects.get().session == late


# --- the event page's section ---------------------------------------------------------------

def render_section(event, user):
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("mokymai/_event_attendance.html",
                            {"event": event, "request": request, "user": user})


def test_event_section_by_role(staff, manager, librarian_a, librarian_b, territory):
    event = make_event(format="online")
    session = event.sessions.get()
    staff_html = render_section(event, staff)
    assert session_url(event, session) in staff_html
    assert reverse("mokymai:attendance_import", args=[event.pk, session.pk]) in staff_html
    manager_html = render_section(event, manager)
    assert "event-attendance-title" in manager_html
    assert session_url(event, session) not in manager_html
    assert render_section(event, librarian_b).strip() == ""
    assert render_section(event, librarian_a).strip() == ""     # not held yet


def test_a_director_sees_their_staff_no_shows_after_the_event(staff, librarian_a, territory):
    event = make_event(capacity=None)
    session = event.sessions.get()
    came = register(event=event, person=make_person(territory.branch_a, first="Atėjo",
                                                    last="Laiku"), by=staff)
    register(event=event, person=make_person(territory.central_a, first="Neatėjo",
                                             last="Niekada"), by=staff)
    register(event=event, person=make_person(territory.school_b, first="Svetimas",
                                             last="Skuodas"), by=staff)
    mark_attendance(registration=came, session=session, by=staff)
    TrainingEvent.objects.filter(pk=event.pk).update(status=EventStatus.HELD)
    event.refresh_from_db()
    html = render_section(event, librarian_a)
    assert "Niekada" in html and "Laiku" not in html and "Skuodas" not in html
