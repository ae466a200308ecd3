"""The contests' part of the access matrix, run on its own: every route of the area that
names an object is declared, the outsider gets what the part says (GET and POST), staff
reach each, and the outsider's list holds no draft."""

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from apdovanojimai.tests import access_contests
from portalas.testing import cases_for, routes

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    return client


@pytest.fixture
def world(territory, staff, librarian_a, librarian_b):
    w = SimpleNamespace(librarian_b=librarian_b, staff=staff)
    access_contests.make_world(w, territory, staff, librarian_a)
    return w


def _mine():
    names = {p.name for p in __import__("apdovanojimai.urls_contests",
                                        fromlist=["urlpatterns"]).urlpatterns}
    return [r for r in routes() if r.name.split(":")[-1] in names
            and r.name.startswith("apdovanojimai:")]


def test_every_contest_route_with_an_object_is_declared_and_answers_as_declared(world):
    factories, targets = access_contests.factories(world), access_contests.targets(world)
    outsider, staff = _client(world.librarian_b), _client(world.staff)
    checked = 0
    for route in _mine():
        for case in cases_for(route, factories=factories, targets=targets,
                              exempt=access_contests.EXEMPT):
            url = case.url(route)
            got = {outsider.get(url).status_code, outsider.post(url, {}).status_code}
            assert got <= {case.outsider, 405}, (route.name, case.note, got)
            assert staff.get(url).status_code != 404, route.name
            checked += 1
    assert checked >= 25
    assert world.contests_draft.jury.count() == 2
    assert world.contests_draft.categories.count() == 1


def test_the_outsiders_list_holds_no_draft(world):
    response = _client(world.librarian_b).get(reverse("apdovanojimai:contest_list"))
    listed = {c.pk for c in response.context["object_list"]}
    assert world.contests_draft.pk not in listed and world.contests_open.pk in listed
