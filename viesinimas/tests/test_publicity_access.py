"""The publicity log's part of the access matrix, run on its own routes (the lead wires
``access_publicity`` into tests/test_access_matrix.py): every route with an entry in its
path is declared, the outsider (a librarian of school library B) gets a 404 for A's entries
and the department's own, staff reach them, and the list shows the outsider none of them."""

import pytest
from django.test import Client
from django.urls import reverse

from portalas.testing import cases_for, routes
from viesinimas.models import Publication
from viesinimas.tests import access_publicity

pytestmark = pytest.mark.django_db

OURS = {"publication_list", "publication_create", "publication_from_link", "publicity_overview",
        "publication_detail", "publication_update", "publication_delete", "publication_history",
        "publication_file"}


class World:
    pass


@pytest.fixture
def world(territory, staff, librarian_a, librarian_b):
    w = World()
    access_publicity.make_world(w, territory, staff, librarian_a)
    w.staff, w.librarian_b = staff, librarian_b
    return w


def _client(user):
    client = Client()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    return client


def our_routes():
    found = [r for r in routes(["viesinimas"]) if r.name.split(":")[1] in OURS]
    assert {r.name.split(":")[1] for r in found} == OURS
    return found


def test_the_outsider_gets_404_and_staff_reach_every_entry_route(world):
    factories, targets = access_publicity.factories(world), access_publicity.targets(world)
    outsider, staff = _client(world.librarian_b), _client(world.staff)
    checked = 0
    for route in our_routes():
        for case in cases_for(route, factories=factories, targets=targets, exempt={}):
            url = case.url(route)
            got = {outsider.get(url).status_code, outsider.post(url, {}).status_code}
            assert got <= {case.outsider, 405} and got != {405}, (route.name, case.note, got)
            assert staff.get(url).status_code != 404, (route.name, case.note)
            checked += 1
    assert checked == 10
    assert Publication.objects.count() == 2


def test_the_list_shows_the_outsider_none_of_them(world):
    outsider = _client(world.librarian_b)
    response = outsider.get(reverse("viesinimas:publication_list"))
    assert response.status_code == 200 and not list(response.context["object_list"])
    exported = outsider.get(reverse("viesinimas:publication_list"), {"export": "csv"})
    assert world.publication.title not in exported.content.decode()
