"""Who reaches the archive search, with the access matrix's world (``access_search``): the
outsider and any librarian get a 403 whatever they ask, a visitor is sent to sign in;
staff find both documents, management only the one their role may see."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from archyvas.tests import access_search
from archyvas.tests.test_search_urls import URLS
from portalas.testing import routes

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]


@pytest.fixture
def world(territory, staff, librarian_a):
    w = SimpleNamespace()
    access_search.make_world(w, territory, staff, librarian_a)
    return w


def hits(client, **params) -> set:
    response = client.get(reverse("archyvas:search"), params)
    assert response.status_code == 200
    return {(hit.what, hit.record.pk) for hit in response.context["hits"]}


def test_every_librarian_gets_403_whatever_they_ask(world, client_a, client_b):
    for name, args in access_search.CLOSED_PAGES:
        for client in (client_a, client_b):
            for params in ({}, {"q": access_search.SECRET_WORD}, {"where": "filed"}):
                response = client.get(reverse(name, args=args), params)
                assert response.status_code == 403
                assert access_search.SECRET_WORD not in response.content.decode()


def test_a_visitor_is_sent_to_sign_in(world, client):
    response = client.get(reverse("archyvas:search"), {"q": access_search.SECRET_WORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("paskyros:login"))


def test_staff_find_both_and_management_only_what_their_role_sees(world, staff_client,
                                                                 manager_client):
    both = {("entry", world.search_entry.pk), ("filed", world.search_filed.pk)}
    assert hits(staff_client, q=access_search.SECRET_WORD) == both
    assert hits(manager_client, q=access_search.SECRET_WORD) == {
        ("entry", world.search_entry.pk)}


def test_the_search_names_no_object_so_the_matrix_needs_no_target_for_it(world):
    search = next(route for route in routes() if route.name == "archyvas:search")
    assert not search.has_object
    assert access_search.targets(world) == {} and access_search.factories(world) == {}
