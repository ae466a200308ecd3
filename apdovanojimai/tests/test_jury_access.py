"""The jury's part of the access matrix, run on its own (the lead wires ``access_jury``
into tests/test_access_matrix.py): every route of the area with an object in its path is
declared, the outsider — a school librarian of another municipality, on no jury — gets a
404 (405 on GET of a POST-only route), and staff reach every object."""

import pytest
from django.test import Client

from apdovanojimai.tests.access_jury import EXEMPT, factories, make_world, targets
from portalas.testing import cases_for, routes

pytestmark = pytest.mark.django_db

OURS = {"my_juries", "jury_worklist", "assessment_declare", "assessment_score",
        "scoring_close", "protocol_note", "jury_audit", "score_table", "declaration_reset"}


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
    return [r for r in routes(["apdovanojimai"]) if r.name.split(":")[1] in OURS]


def test_every_route_is_ours_and_declared(world):
    assert {route.name.split(":")[1] for route in our_routes()} == OURS
    for route in our_routes():
        cases_for(route, factories=factories(world), targets=targets(world), exempt=EXEMPT)


def test_the_outsider_gets_404_and_staff_reach_every_object(world):
    outsider, staff = _client(world.librarian_b), _client(world.staff)
    checked = 0
    for route in our_routes():
        for case in cases_for(route, factories=factories(world), targets=targets(world),
                              exempt=EXEMPT):
            url = case.url(route)
            got = [outsider.get(url).status_code, outsider.post(url, {}).status_code]
            assert set(got) <= {case.outsider, 405}, (route.name, case.note, got)
            assert set(got) != {405}, route.name
            assert staff.get(url).status_code != 404, (route.name, case.note)
            checked += 1
    assert checked >= 9
