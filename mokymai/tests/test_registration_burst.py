"""200 people press "register" at the same moment for 150 places (PostgreSQL: the event
row lock is what makes it hold; SQLite serialises whole transactions anyway)."""

import threading

import pytest
from django.conf import settings
from django.db import connections

from mokymai.models import Registration, RegistrationStatus
from mokymai.services import cancel_registration, register
from mokymai.tests.factories import make_event, make_person
from tests.factories import UserFactory

postgres_only = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="races need PostgreSQL (CI runs the suite there too)")
pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]

PEOPLE, PLACES, THREADS = 200, 150, 40   # 40 connections: well under max_connections


def _burst(calls):
    """Run the calls from THREADS threads released together by a barrier."""
    barrier = threading.Barrier(THREADS)
    errors = []
    batches = [calls[i::THREADS] for i in range(THREADS)]

    def run(batch):
        try:
            barrier.wait(timeout=30)
            for call in batch:
                call()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(batch,)) for batch in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors[:3]


def _librarians(territory, count):
    people = []
    for number in range(count):
        user = UserFactory(role="librarian", email=f"burst{number}@test.lt")
        territory.central_a.memberships.create(user=user, role="librarian")
        people.append((user, make_person(territory.central_a, user=user,
                                         first=f"Dalyvis{number}", last="Skubus")))
    return people


def test_200_at_once_for_150_places_gives_150_registered_and_50_waiting(territory):
    event = make_event(capacity=PLACES)
    people = _librarians(territory, PEOPLE)
    _burst([lambda user=user, person=person: register(event=event, person=person, by=user)
            for user, person in people])
    registrations = Registration.objects.filter(event=event)
    assert registrations.count() == PEOPLE
    assert registrations.filter(status=RegistrationStatus.REGISTERED).count() == PLACES
    assert registrations.filter(status=RegistrationStatus.WAITING).count() == PEOPLE - PLACES


def test_cancellations_at_once_promote_exactly_as_many_from_the_queue(territory):
    event = make_event(capacity=10)
    people = _librarians(territory, 30)
    for user, person in people:
        register(event=event, person=person, by=user)
    placed = list(Registration.objects.filter(event=event, status="registered"))
    _burst([lambda r=r: cancel_registration(registration=r, by=r.person.user)
            for r in placed[:5]] + [lambda: None] * (THREADS - 5))
    assert Registration.objects.filter(event=event, status="registered").count() == 10
    assert Registration.objects.filter(event=event, status="waiting").count() == 15
    promoted = Registration.objects.filter(event=event, promoted_at__isnull=False)
    waiting_order = list(Registration.objects.filter(event=event).exclude(pk__in=[
        r.pk for r in placed]).order_by("queued_at", "pk").values_list("pk", flat=True))
    assert sorted(promoted.values_list("pk", flat=True)) == sorted(waiting_order[:5])
