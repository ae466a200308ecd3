"""docs/adding-an-app.md, followed to the letter: the throwaway app in tests/throwaway (a
model, a list and a detail view, a panel on the library card, a report kind and a metric,
under 100 lines) installed into the portal — the generated access matrix covers it, and
its panel, report and metric work."""

import csv
import io
from datetime import date

import pytest
from django.apps import apps
from django.db import connection
from django.test import override_settings
from django.urls import clear_url_caches, reverse

from portalas.testing import Case, cases_for, request_both, routes

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def throwaway(settings, territory):
    import importlib
    import sys

    from portalas import registry

    before = registry.snapshot()
    with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, "tests.throwaway"],
                           ROOT_URLCONF="tests.throwaway.portal_urls"):
        clear_url_caches()
        notice = apps.get_model("throwaway", "Notice")
        with connection.schema_editor() as editor:
            editor.create_model(notice)
        for name in ("tests.throwaway.panels", "tests.throwaway.reports"):  # discovery
            if name in sys.modules:
                importlib.reload(sys.modules[name])
            else:
                importlib.import_module(name)
        try:
            yield notice
        finally:
            with connection.schema_editor() as editor:
                editor.delete_model(notice)
            registry.restore(before)  # leave the registry as the portal has it
            assert "throwaway:notice_list" not in registry.menu
            clear_url_caches()


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    return client


def test_the_matrix_covers_the_new_app_and_each_state_of_a_notice(throwaway, territory,
                                                                   librarian_a, librarian_b,
                                                                   staff):
    draft = throwaway.objects.create(library=territory.branch_a, title="Juodraštis",
                                     posted=date(2025, 3, 1))
    published = throwaway.objects.create(library=territory.branch_a, title="Paskelbta",
                                         status="published", posted=date(2025, 4, 1))
    factories = {"throwaway.notice": lambda: [(draft, 404, "draft"), (published, 200,
                                                                       "published")]}
    found = routes(namespaces=["throwaway"])
    assert {r.name for r in found} == {"throwaway:notice_list", "throwaway:notice_detail"}
    outsider, owner = _client(librarian_b), _client(librarian_a)
    checked = 0
    for route in found:
        for case in cases_for(route, factories=factories, targets={}, exempt={}):
            assert isinstance(case, Case)
            url = reverse(route.name, kwargs=case.kwargs)
            assert request_both(outsider, url)[0] == case.outsider, (url, case.note)
            assert request_both(owner, url)[0] == 200
            checked += 1
    assert checked == 2
    listing = outsider.get(reverse("throwaway:notice_list")).content.decode()
    assert "Paskelbta" in listing and "Juodraštis" not in listing


def test_the_panel_the_report_and_the_metric_work(throwaway, territory, librarian_a,
                                                  django_capture_on_commit_callbacks):
    from ataskaitos import services
    from portalas.metrics import Period, Scope
    from portalas.registry import metric

    throwaway.objects.create(library=territory.branch_a, title="Bibliotekų savaitė",
                             status="published", posted=date(2025, 4, 20))
    card = _client(librarian_a).get(reverse("bibliotekos:library_detail",
                                            args=[territory.branch_a.pk]))
    assert "Bibliotekų savaitė" in card.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        job = services.request_report(kind="throwaway.notices", params={"year": "2025"},
                                      format="csv", by=librarian_a)
    job.refresh_from_db()
    rows = list(csv.reader(io.StringIO(job.file.read().decode("utf-8-sig"))))
    assert rows[1][1] == "Bibliotekų savaitė"
    with pytest.raises(services.NotAvailable):
        services.request_report(kind="throwaway.notices", params={"year": "0"}, format="csv",
                                by=librarian_a)
    counter = metric("throwaway.notices_published")
    assert counter.value(Period.year(2025), Scope.territory()) == 1
    assert counter.value(Period.quarter(2025, 1), Scope.territory()) == 0
    assert counter.value(Period.year(2025), Scope.of_library(territory.central_a)) == 0
    assert counter.function == "5.1"
