"""Registrations at the same moment, each from its own thread and database connection: the
register's counter row is locked in the registering transaction, so the numbers are
distinct and consecutive — 1…N, no twin, no gap. On PostgreSQL 100 registrations race
(the row lock is what makes it hold; CI runs the suite there); on SQLite, which serialises
whole transactions, two do."""

import threading
import time

import pytest
from django.conf import settings
from django.db import OperationalError, connection, connections

from archyvas.models import RegisterCounter, RegisterEntry, RegisterKind
from archyvas.tests.factories import make_register
from archyvas.tests.factories_registers import register_now, today

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
pytestmark = pytest.mark.django_db(transaction=True)

REGISTRATIONS, THREADS = 100, 25     # 25 connections: well under max_connections


def _at_once(batches):
    """Run each batch of calls in its own thread (its own connection), released together
    by a barrier; fail with the first errors."""
    barrier = threading.Barrier(len(batches))
    errors = []

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
        thread.join(timeout=180)
    assert not errors, errors[:3]


def _numbers(register) -> list[int]:
    return sorted(RegisterEntry.objects.filter(register=register, year=today().year)
                  .values_list("number", flat=True))


@pytest.mark.skipif(not ON_POSTGRES, reason="100 registrations racing need PostgreSQL's row "
                                            "locks (set DATABASE_URL to a PostgreSQL "
                                            "database; CI runs the suite there)")
def test_100_simultaneous_registrations_in_one_register_get_100_consecutive_numbers(staff):
    register = make_register(RegisterKind.INCOMING)
    calls = [lambda n=n: register_now(register, staff, title=f"Raštas Nr. {n}")
             for n in range(REGISTRATIONS)]
    _at_once([calls[i::THREADS] for i in range(THREADS)])
    assert connection.vendor == "postgresql"
    assert _numbers(register) == list(range(1, REGISTRATIONS + 1))
    assert RegisterCounter.objects.get(register=register, year=today().year).last_number \
        == REGISTRATIONS
    titles = set(RegisterEntry.objects.filter(register=register).values_list("title",
                                                                            flat=True))
    assert len(titles) == REGISTRATIONS            # every call registered its own document


@pytest.mark.skipif(not ON_POSTGRES, reason="the first registrations of a year racing to "
                                            "create its counter need PostgreSQL")
def test_the_years_first_registrations_racing_to_create_the_counter_make_one(staff):
    registers = [make_register(kind) for kind in RegisterKind]
    calls = [lambda r=r: register_now(r, staff) for r in registers for _ in range(4)]
    _at_once([[call] for call in calls])
    for register in registers:
        assert _numbers(register) == [1, 2, 3, 4]
    assert RegisterCounter.objects.count() == 3


def _waiting(call):
    """``call``, again while SQLite says the database is locked: the test database lives
    in memory, where SQLite reports a lock at once instead of waiting as a file database
    does (``timeout`` in the settings)."""
    def run():
        for _attempt in range(200):
            try:
                return call()
            except OperationalError as error:
                if "locked" not in str(error):
                    raise
                time.sleep(0.01)
        raise AssertionError("the database stayed locked")
    return run


@pytest.mark.skipif(ON_POSTGRES, reason="the SQLite variant (PostgreSQL runs the 100 above)")
def test_two_registrations_at_the_same_instant_on_sqlite_are_distinct(staff):
    register = make_register(RegisterKind.OUTGOING)
    first, second = (_waiting(lambda: register_now(register, staff)) for _ in range(2))
    _at_once([[first], [second]])
    assert _numbers(register) == [1, 2]
    assert RegisterCounter.objects.get(register=register).last_number == 2
