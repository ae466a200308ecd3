"""Assignments given at the same moment, each from its own thread and database connection:
the year's counter row is locked in the giving transaction, so the numbers are distinct and
consecutive. PostgreSQL's row locks make it hold for many at once (CI runs the suite
there); SQLite serialises whole transactions, so there the test is skipped."""

import threading

import pytest
from django.conf import settings
from django.db import connections

from pavedimai.models import Assignment
from pavedimai.tests.factories import manager, staff
from pavedimai.tests.factories_assignments import give, today

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(not ON_POSTGRES, reason="racing transactions need "
                                                         "PostgreSQL's row locks")]

GIVERS, EACH = 8, 5


def test_assignments_given_at_once_get_consecutive_numbers():
    people = [staff()]
    givers = [manager() for _ in range(GIVERS)]
    barrier = threading.Barrier(GIVERS)
    errors = []

    def run(giver):
        try:
            barrier.wait(timeout=30)
            for n in range(EACH):
                give(giver, people, title=f"Pavedimas {giver.pk}-{n}")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(giver,)) for giver in givers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors[:3]
    numbers = sorted(Assignment.objects.filter(year=today().year)
                     .values_list("number", flat=True))
    assert numbers == list(range(1, GIVERS * EACH + 1))
