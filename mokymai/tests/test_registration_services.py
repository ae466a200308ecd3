from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from mokymai.models import EventStatus, RegistrationStatus
from mokymai.services import Refused, cancel_registration, change_status, register
from mokymai.tests.factories import make_event, make_person
from tests.factories import UserFactory


@pytest.fixture
def event(db):
    return make_event(capacity=2)


def people(library, count):
    return [make_person(library, first=f"Asmuo{i}", last="Testinis") for i in range(count)]


def test_places_fill_then_people_wait_in_order(event, staff, territory):
    a, b, c, d = people(territory.central_a, 4)
    statuses = [register(event=event, person=p, by=staff).status for p in (a, b, c, d)]
    assert statuses == ["registered", "registered", "waiting", "waiting"]


def test_cancelling_a_place_promotes_the_first_waiting_and_mails_them(
        event, staff, territory, django_capture_on_commit_callbacks):
    a, b, c, d = people(territory.central_a, 4)
    first, _second, third, _fourth = (register(event=event, person=p, by=staff)
                                      for p in (a, b, c, d))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = cancel_registration(registration=first, by=staff)
    assert [r.pk for r in promoted] == [third.pk]
    third.refresh_from_db()
    assert third.status == RegistrationStatus.REGISTERED and third.promoted_at
    subjects = sorted(m.subject for m in mail.outbox)
    assert len(subjects) == 2 and any("Atšaukta registracija" in s for s in subjects)
    assert any("Vieta jums" in s for s in subjects)


def test_cancelling_a_waiting_place_promotes_nobody(event, staff, territory):
    a, b, c = people(territory.central_a, 3)
    register(event=event, person=a, by=staff)
    register(event=event, person=b, by=staff)
    waiting = register(event=event, person=c, by=staff)
    assert cancel_registration(registration=waiting, by=staff) == []


def test_registering_twice_is_refused_and_after_cancelling_allowed_at_the_end(event, staff,
                                                                            territory):
    a, = people(territory.central_a, 1)
    registration = register(event=event, person=a, by=staff)
    with pytest.raises(Refused, match="jau užregistruotas"):
        register(event=event, person=a, by=staff)
    cancel_registration(registration=registration, by=staff)
    again = register(event=event, person=a, by=staff)
    assert again.pk == registration.pk and again.status == RegistrationStatus.REGISTERED


def test_a_librarian_registers_only_themself(event, territory):
    user = UserFactory(role="librarian")
    territory.branch_a.memberships.create(user=user, role="librarian")
    me = make_person(territory.branch_a, user=user)
    colleague = make_person(territory.branch_a, first="Kita", last="Kolegė")
    assert register(event=event, person=me, by=user).status == "registered"
    with pytest.raises(PermissionDenied):
        register(event=event, person=colleague, by=user)


def test_a_director_registers_their_staff_but_not_another_library(event, librarian_a,
                                                                 territory):
    mine = make_person(territory.branch_a)
    theirs = make_person(territory.school_b, first="Svetima")
    assert register(event=event, person=mine, by=librarian_a).status == "registered"
    with pytest.raises(PermissionDenied):
        register(event=event, person=theirs, by=librarian_a)


def test_closed_window_refuses_librarians_but_not_staff(staff, territory):
    event = make_event(registration_closes=timezone.now() - timedelta(minutes=1),
                       registration_opens=timezone.now() - timedelta(days=3))
    user = UserFactory(role="librarian")
    me = make_person(territory.branch_a, user=user)
    with pytest.raises(Refused, match="uždaryta"):
        register(event=event, person=me, by=user)
    assert register(event=event, person=me, by=staff).status == "registered"


def test_no_registration_on_a_draft_or_cancelled_event(staff, territory):
    draft = make_event(status=EventStatus.DRAFT)
    with pytest.raises(Refused):
        register(event=draft, person=make_person(territory.branch_a), by=staff)


def test_cancelling_the_event_mails_everyone_registered_and_waiting(
        event, staff, territory, django_capture_on_commit_callbacks):
    for person in people(territory.central_a, 3):
        register(event=event, person=person, by=staff)
    mail.outbox.clear()
    with pytest.raises(Refused):
        change_status(event=event, to=EventStatus.CANCELLED, by=staff, message="  ")
    with django_capture_on_commit_callbacks(execute=True):
        change_status(event=event, to=EventStatus.CANCELLED, by=staff,
                      message="Lektorė susirgo, renginys perkeliamas.")
    assert len(mail.outbox) == 3
    assert all("Lektorė susirgo" in m.body for m in mail.outbox)


def test_status_machine_is_enforced(event, staff):
    with pytest.raises(Refused):
        change_status(event=event, to=EventStatus.COMPLETED, by=staff)
    with pytest.raises(Refused, match="dar nesibaigė"):
        change_status(event=event, to=EventStatus.HELD, by=staff)


def test_e_mail_subjects_and_bodies_carry_the_title_as_typed(staff, territory,
                                                            django_capture_on_commit_callbacks):
    event = make_event(title="Seminaras <b>„Ąžuolas“</b> & Co")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        register(event=event, person=make_person(territory.branch_a), by=staff)
    [message] = mail.outbox
    assert message.subject == "[Regionas] Užregistruota: Seminaras <b>„Ąžuolas“</b> & Co"
    assert "Seminaras <b>„Ąžuolas“</b> & Co" in message.body


# --- no promotion once the event has begun -----------------------------------------------------

def started_event(*, capacity=1):
    """An event whose first session began an hour ago (the second is tomorrow)."""
    from mokymai.models import Session
    from mokymai.services import refresh_dates

    event = make_event(capacity=capacity, registration_opens=None, registration_closes=None,
                       day=timezone.localdate() + timedelta(days=1))
    now = timezone.now()
    Session.objects.create(event=event, starts_at=now - timedelta(hours=1),
                           ends_at=now + timedelta(hours=1), topic="Pradžia")
    refresh_dates(event=event)
    return event


def test_once_the_event_has_begun_a_cancellation_frees_the_place_but_promotes_nobody(
        staff, territory, django_capture_on_commit_callbacks):
    from mokymai.services import has_started

    a, b = people(territory.central_a, 2)
    before = timezone.now() - timedelta(hours=2)
    event = started_event()
    placed = register(event=event, person=a, by=staff, now=before)
    waiting = register(event=event, person=b, by=staff, now=before)
    assert waiting.status == RegistrationStatus.WAITING and has_started(event, timezone.now())
    assert not has_started(event, before)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = cancel_registration(registration=placed, by=staff)
    assert promoted == []
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.WAITING and waiting.promoted_at is None
    assert [m.to for m in mail.outbox] == [[placed.email]]     # the cancellation only
    assert event.registrations.registered().count() == 0


def test_after_the_start_staff_register_someone_at_the_door_into_the_free_place(
        staff, territory, librarian_a):
    a, b, c = people(territory.central_a, 3)
    before = timezone.now() - timedelta(hours=2)
    event = started_event()
    placed = register(event=event, person=a, by=staff, now=before)
    register(event=event, person=b, by=staff, now=before)            # waiting
    cancel_registration(registration=placed, by=staff)
    at_the_door = register(event=event, person=c, by=staff)
    assert at_the_door.status == RegistrationStatus.REGISTERED
    # full again: the next person at the door waits
    d = make_person(territory.central_a, first="Dar", last="Vienas")
    assert register(event=event, person=d, by=staff).status == RegistrationStatus.WAITING


def test_a_librarian_does_not_jump_the_frozen_queue_after_the_start(staff, territory,
                                                                  librarian_a):
    a, b = people(territory.central_a, 2)
    before = timezone.now() - timedelta(hours=2)
    event = started_event()
    placed = register(event=event, person=a, by=staff, now=before)
    register(event=event, person=b, by=staff, now=before)
    cancel_registration(registration=placed, by=staff)
    me = make_person(territory.central_a, user=librarian_a)
    assert register(event=event, person=me, by=librarian_a).status == \
        RegistrationStatus.WAITING


def test_raising_the_capacity_after_the_start_promotes_nobody(staff, territory):
    from mokymai.services import promote_waiting

    a, b = people(territory.central_a, 2)
    before = timezone.now() - timedelta(hours=2)
    event = started_event()
    register(event=event, person=a, by=staff, now=before)
    waiting = register(event=event, person=b, by=staff, now=before)
    type(event).objects.filter(pk=event.pk).update(capacity=5)
    assert promote_waiting(event=event) == []
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.WAITING


def test_before_the_start_the_queue_still_moves(staff, territory):
    a, b = people(territory.central_a, 2)
    event = make_event(capacity=1)
    placed = register(event=event, person=a, by=staff)
    waiting = register(event=event, person=b, by=staff)
    assert [r.pk for r in cancel_registration(registration=placed, by=staff)] == [waiting.pk]
