"""The purchases' part of the access matrix run on its own: every route naming a purchase,
in every state, is a 404 to a librarian of another library (GET and POST; 405 where the
route takes only one) and reached by staff; the list shows the librarian nothing."""

from types import SimpleNamespace

import pytest

from pirkimai.tests import access_purchases
from portalas.testing import cases_for, routes

pytestmark = pytest.mark.django_db


def test_every_purchase_route_is_a_404_to_the_outsider_and_reached_by_staff(
        territory, staff, librarian_a, client_b, staff_client):
    world = SimpleNamespace()
    access_purchases.make_world(world, territory, staff, librarian_a)
    targets = access_purchases.targets(world)
    factories = access_purchases.factories(world)
    checked = 0
    for route in routes(namespaces={"pirkimai"}):
        if not route.name.startswith("pirkimai:purchase_"):
            continue
        for case in cases_for(route, factories=factories, targets=targets, exempt={}):
            url = case.url(route)
            got = {client_b.get(url).status_code, client_b.post(url, {}).status_code}
            assert got <= {case.outsider, 405} and got != {405}, (route.name, case.note, got)
            assert staff_client.get(url).status_code != 404, (route.name, case.note)
            checked += 1
    assert checked == len(access_purchases.ROUTES) * 5
    assert client_b.get("/pirkimai/paraiskos/").status_code == 404
