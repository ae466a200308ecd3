"""The nominations' part of the access matrix, run on its own (the lead wires
``access_nominations`` into tests/test_access_matrix.py): every route of the area with an
object in its path is declared, the outsider — a school librarian of another municipality
— gets what ``access_nominations`` says (GET and POST), and department staff reach every
object."""

import pytest
from django.test import Client

from apdovanojimai.tests.access_nominations import EXEMPT, factories, make_world, targets
from portalas.testing import cases_for, routes

pytestmark = pytest.mark.django_db

OURS = {"nomination_create", "contest_nominations", "my_nominations", "practice_nominate",
        "nomination_detail", "nomination_update", "nomination_withdraw", "nomination_admit",
        "nomination_reject", "nomination_file", "nomination_file_delete"}


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
    return [route for route in routes(["apdovanojimai"])
            if route.name.split(":")[1] in OURS]


def test_every_route_is_ours_and_declared(world):
    assert {route.name.split(":")[1] for route in our_routes()} == OURS
    for route in our_routes():
        if route.has_object:
            assert cases_for(route, factories=factories(world), targets=targets(world),
                             exempt=EXEMPT), route.name


def test_the_outsider_gets_what_the_matrix_says_and_staff_reach_every_object(world):
    outsider, staff = _client(world.librarian_b), _client(world.staff)
    checked = 0
    for route in our_routes():
        if not route.has_object:
            continue
        for case in cases_for(route, factories=factories(world), targets=targets(world),
                              exempt=EXEMPT):
            url = case.url(route)
            got = [outsider.get(url).status_code, outsider.post(url, {}).status_code]
            assert set(got) <= {case.outsider, 405}, (route.name, case.note, got)
            assert set(got) != {405}, route.name
            assert staff.get(url).status_code != 404, (route.name, "staff got 404")
            checked += 1
    assert checked >= 10
