"""The minutes and decisions' part of the access matrix, run on its own (the lead wires
``access_minutes`` into tests/test_access_matrix.py): every route of the area with an object
in its path is declared, the outsider — a librarian of school library B — gets what
``access_minutes`` says (GET and POST), department staff reach them all, and the decisions
lists show the outsider none of what they may not open."""

import pytest
from django.test import Client
from django.urls import reverse

from bendradarbiavimas.tests.access_minutes import factories, make_world, targets
from portalas.testing import cases_for, routes

pytestmark = pytest.mark.django_db

OURS = {"minutes_update", "minutes_sign", "minutes_reopen", "minutes_document",
        "decision_list", "decision_mine", "decision_detail", "decision_create",
        "decision_update", "decision_done", "decision_reopen", "decision_reassign",
        "decision_cancel"}


class World:
    pass


@pytest.fixture
def world(territory, staff, librarian_a, librarian_b):
    w = World()
    w.territory, w.staff, w.librarian_a, w.librarian_b = territory, staff, librarian_a, librarian_b
    make_world(w, territory, staff, librarian_a)
    return w


def _client(user):
    client = Client()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    return client


def our_routes():
    return [route for route in routes(["bendradarbiavimas"])
            if route.name.split(":")[1] in OURS]


def test_every_route_is_ours_and_declared(world):
    assert {route.name.split(":")[1] for route in our_routes()} == OURS
    for route in our_routes():
        cases_for(route, factories=factories(world), targets=targets(world), exempt={})


def test_the_outsider_gets_what_the_matrix_says_and_staff_reach_every_object(world):
    outsider, staff = _client(world.librarian_b), _client(world.staff)
    checked = 0
    for route in our_routes():
        for case in cases_for(route, factories=factories(world), targets=targets(world),
                              exempt={}):
            url = case.url(route)
            got = [outsider.get(url).status_code, outsider.post(url, {}).status_code]
            assert set(got) <= {case.outsider, 405}, (route.name, case.note, got)
            assert set(got) != {405}, route.name
            assert staff.get(url).status_code != 404, (route.name, case.note)
            checked += 1
    assert checked >= 20


def test_the_decision_lists_show_the_outsider_none_of_the_private_groups(world):
    outsider = _client(world.librarian_b)
    hidden = {obj.pk for obj, expected, _n in factories(world)["bendradarbiavimas.decision"]()
              if expected == 404}
    for name in ("bendradarbiavimas:decision_list", "bendradarbiavimas:decision_mine"):
        response = outsider.get(reverse(name))
        assert not {obj.pk for obj in response.context["object_list"]} & hidden, name
    listed = {obj.pk for obj in outsider.get(reverse("bendradarbiavimas:decision_list"))
              .context["object_list"]}
    assert world.minutes_public_decision.pk in listed
