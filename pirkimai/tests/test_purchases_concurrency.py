"""Requests and approvals at the same moment, each from its own thread and database
connection: twenty requests created at once get twenty numbers 1…20 (the unique constraint
settles a collision, the loser takes the next number); a request approved by two managers
at once is approved once, the other refused. PostgreSQL only (CI runs the suite there):
SQLite serialises whole transactions, so nothing races."""

import threading

import pytest
from django.conf import settings
from django.db import connections

from pirkimai import services_purchases as services
from pirkimai.models import Purchase, PurchaseStatus
from pirkimai.tests.factories import manager, staff
from pirkimai.tests.factories_purchases import request, submitted, today

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(not ON_POSTGRES, reason="racing transactions need "
                                                         "PostgreSQL (CI runs the suite "
                                                         "there)")]


def _at_once(calls) -> list:
    """Run each call in its own thread, released together; their results or errors."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - returned to the test
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, call))
               for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_twenty_requests_at_once_get_twenty_numbers():
    worker = staff()
    results = _at_once([lambda n=n: request(worker, title=f"Pirkimas {n}") for n in range(20)])
    assert all(isinstance(result, Purchase) for result in results), results
    numbers = sorted(Purchase.objects.filter(year=today().year).values_list("number",
                                                                             flat=True))
    assert numbers == list(range(1, 21))


def test_two_managers_approving_at_once_approve_once():
    purchase = submitted(staff())
    first, second = manager(), manager()
    results = _at_once([lambda: services.approve(purchase=purchase, by=first),
                        lambda: services.approve(purchase=purchase, by=second)])
    refused = [result for result in results if isinstance(result, services.Refused)]
    assert len(refused) == 1 and refused[0].code == "approved"
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.APPROVED
    assert purchase.history.filter(status=PurchaseStatus.APPROVED).count() == 1
