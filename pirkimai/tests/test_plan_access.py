"""The plan area's access module (``access_plan``) checked on its own, as the generated
matrix will use it: every route naming a plan or a line has a target; the outsider (a
librarian of library B) gets 404 on GET and POST (405 where the route answers only
POST), staff reach each one; the pages without an object are 404 for a librarian too."""

import pytest
from django.urls import reverse

from pirkimai.tests import access_plan
from pirkimai.tests.factories_plan import client_of
from portalas.testing import cases_for, routes

pytestmark = pytest.mark.django_db


class World:
    pass


def test_every_plan_route_with_an_object_has_a_target_and_hides_it_from_the_outsider(
        territory, staff, librarian_a, librarian_b):
    world = World()
    access_plan.make_world(world, territory, staff, librarian_a)
    factories, targets = access_plan.factories(world), access_plan.targets(world)
    outsider, colleague = client_of(librarian_b), client_of(staff)
    mine = [route for route in routes(["pirkimai"]) if route.name in targets]
    assert {route.name for route in mine} == set(targets)
    checked = 0
    for route in mine:
        for case in cases_for(route, factories=factories, targets=targets, exempt={}):
            url = case.url(route)
            got = {outsider.get(url).status_code, outsider.post(url, {}).status_code}
            assert got <= {404, 405} and got != {405}, (route.name, case.note, got)
            assert colleague.get(url).status_code != 404, (route.name, case.note)
            checked += 1
    assert checked == 14


@pytest.mark.parametrize("name", ["home", "plan_list", "plan_create", "cpv_list",
                                  "cpv_search", "cpv_upload"])
def test_the_pages_without_an_object_are_404_for_a_librarian(client_b, name):
    assert client_b.get(reverse(f"pirkimai:{name}")).status_code == 404
    assert client_b.post(reverse(f"pirkimai:{name}"), {}).status_code in (404, 405)
