"""The catalogue's part of the access matrix, run on its own (the lead wires
``access_practices`` into tests/test_access_matrix.py): every route of the catalogue with an
object in its path is declared, the outsider — a librarian of school library B — gets what
``access_practices`` says for each of library A's objects (GET and POST), department staff
reach them all, and the lists show the outsider none of what they may not open."""

import pytest
from django.test import Client
from django.urls import reverse

from portalas.testing import cases_for, routes
from viesinimas.tests.access_practices import factories, make_world, targets

pytestmark = pytest.mark.django_db

OURS = {"practice_list", "practice_mine", "practice_create", "practice_detail",
        "practice_update", "practice_submit", "practice_review", "practice_archive",
        "practice_history", "practice_photo_create", "practice_photo", "practice_thumbnail",
        "practice_photo_withdraw", "practice_file_create", "practice_file",
        "practice_file_delete", "adoption_create", "adoption_delete"}


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
    return [route for route in routes(["viesinimas"])
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
    assert checked >= 35


def test_anonymous_visitors_are_sent_to_sign_in(world):
    anonymous = Client()
    for route in our_routes():
        cases = cases_for(route, factories=factories(world), targets=targets(world),
                          exempt={})
        url = cases[0].url(route) if cases else reverse(route.name)
        response = anonymous.get(url)
        assert response.status_code in (302, 405), route.name
        if response.status_code == 302:
            assert "/prisijungti" in response.url or "login" in response.url, route.name


def test_the_lists_show_the_outsider_none_of_library_a_s_hidden_practices(world):
    outsider = _client(world.librarian_b)
    hidden = [obj for obj, expected, _note in factories(world)["viesinimas.practice"]()
              if expected == 404]
    for name in ("viesinimas:practice_list", "viesinimas:practice_mine"):
        for stage in ("", "published", "archived"):
            response = outsider.get(reverse(name), {"stage": stage} if stage else {})
            listed = {obj.pk for obj in response.context["object_list"]}
            assert not listed & {obj.pk for obj in hidden}, name
            assert all(obj.title not in response.content.decode() for obj in hidden), name
