"""The results area's part of the access matrix, run on its own (the lead wires
``access_results`` into tests/test_access_matrix.py): every route of the area with an
object in its path is declared, the outsider — a librarian of school library B — gets what
``access_results`` says (GET and POST), department staff reach every object, and the awards
list (and its export) shows the outsider nothing unpublished."""

import pytest
from django.test import Client
from django.urls import reverse

from apdovanojimai.tests.access_results import EXEMPT, factories, make_world, targets
from portalas.testing import cases_for, routes

pytestmark = pytest.mark.django_db

OURS = {"contest_results", "awards_prepare", "contest_diplomas_zip", "results_publish",
        "contest_archive", "award_list", "award_detail", "award_update", "award_pdf"}


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
        cases_for(route, factories=factories(world), targets=targets(world), exempt=EXEMPT)


def test_the_outsider_gets_what_the_matrix_says_and_staff_reach_every_object(world):
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
    assert checked >= 20


def test_the_awards_list_and_its_export_show_the_outsider_only_published_awards(world):
    outsider = _client(world.librarian_b)
    response = outsider.get(reverse("apdovanojimai:award_list"))
    assert [a.pk for a in response.context["object_list"]] == [world.results_award.pk]
    exported = outsider.get(reverse("apdovanojimai:award_list"),
                            {"export": "csv"}).content.decode()
    assert world.results_award.number in exported
    assert world.results_award_hidden.number not in exported


def test_anonymous_visitors_are_sent_to_sign_in(world, client):
    for route in our_routes():
        kwargs = {"pk": world.results_published.pk} if route.params else {}
        response = client.get(reverse(route.name, kwargs=kwargs))
        assert response.status_code in (302, 405), route.name
