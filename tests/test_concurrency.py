"""Two people at the same moment, on PostgreSQL (row locks and unique indexes are what
make these hold; SQLite serialises whole transactions, so there is nothing to race)."""

import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ataskaitos.models import ReportJob

postgres_only = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="races need PostgreSQL (CI runs the suite there too)")
pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]


def _at_once(*calls):
    """Run the calls in threads released together; their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)
    errors = []

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def _client(user):
    client = Client(raise_request_exception=False)
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    return client


@pytest.fixture
def submission_a(staff, territory):
    from statistika.models import Submission
    from statistika.services.campaign import create_campaign
    from statistika.services.catalogue import install_default_catalogue

    install_default_catalogue()

    campaign = create_campaign(year=2024, kinds=["system"],
                               deadline=timezone.now() + timedelta(days=30), reminder_days=[],
                               by=staff)
    return Submission.objects.get(campaign=campaign, library=territory.system_a)


def test_two_first_saves_of_an_empty_field_give_one_value_and_one_conflict(
        submission_a, librarian_a, staff, territory):
    from statistika.models import Value
    from statistika.scoping import form_units

    director, colleague = _client(librarian_a), _client(staff)
    unit = next(u for u in form_units(submission_a) if u.library == territory.central_a)
    url = reverse("statistika:field_save", args=[submission_a.pk])
    for number, indicator in enumerate(unit.indicators[:12]):
        def post(client, value, indicator=indicator):
            return client.post(url, {"library": unit.library.pk, "indicator": indicator.pk,
                                     "value": value, "version": 0}, HTTP_HX_REQUEST="true")

        first, second = _at_once(lambda: post(director, "10"), lambda: post(colleague, "20"))
        assert (first.status_code, second.status_code) == (200, 200), number
        conflicts = [r for r in (first, second) if b"btn btn-sm btn-warning" in r.content]
        assert len(conflicts) == 1, number
        value = Value.objects.get(library=unit.library, indicator=indicator, year=2024)
        assert value.version == 1 and value.changes.count() == 1


def test_ten_simultaneous_requests_for_one_document_make_one_job(librarian_a, territory,
                                                                 settings):
    settings.DOCUMENTS_IN_THREAD = False
    from ataskaitos import services
    from statistika.services.catalogue import install_default_catalogue

    install_default_catalogue()
    calls = [lambda: services.request_report(kind="library_card", params={"library": "SVB-KRE"},
                                             format="xlsx", by=librarian_a)
             for _ in range(10)]
    jobs = _at_once(*calls)
    assert len({job.pk for job in jobs}) == 1
    assert ReportJob.objects.count() == 1
    assert connection.vendor == "postgresql"


def test_two_saves_of_the_analysis_text_at_once_both_become_versions(staff):
    from statistika.models import Narrative
    from statistika.services.analysis import save_narrative

    _at_once(lambda: save_narrative(year=2025, section="users", text="A", by=staff),
             lambda: save_narrative(year=2025, section="users", text="B", by=staff))
    assert sorted(Narrative.objects.values_list("version", flat=True)) == [1, 2]
